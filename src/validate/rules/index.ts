import type { Rule } from './types';
import { growthAgreesWithLastYear, rateAgreesWithBase } from './rates';
import { tableShape } from './tables';

/** Every rule the validator runs, in report order. */
export const RULES: readonly Rule[] = [rateAgreesWithBase, growthAgreesWithLastYear, tableShape];
export { runRules } from './types';
export type { Rule, RuleContext, Finding } from './types';
