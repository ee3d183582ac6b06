import type { Rule } from './types';
import { growthAgreesWithLastYear, rateAgreesWithBase } from './rates';

/** Every rule the validator runs, in report order. */
export const RULES: readonly Rule[] = [rateAgreesWithBase, growthAgreesWithLastYear];
export { runRules } from './types';
export type { Rule, RuleContext, Finding } from './types';
