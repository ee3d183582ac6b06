import type { Rule } from './types';
import { budgetBalance, budgetTotal, socialNet, socialRollForward, stabilizationRollForward } from './budgets';
import { growthAgreesWithLastYear, halfCompletion, previousBase, rateAgreesWithBase, shareBase } from './rates';
import {
  debtBalanceSum,
  debtBondsSum,
  debtInterestSum,
  debtLimitSum,
  debtNewUses,
  debtPrincipalSources,
  debtPrincipalSum,
  debtRefinancingUses,
  debtRollForward,
  debtWithinLimit,
} from './debt';
import { figureDifference, figureFrom, figureGrowth, figureRatio, figureSum } from './figures';
import { plausibleCompletion, plausibleGrowth, plausibleHalf, plausibleNegative, plausibleReserve } from './plausible';

/** Every rule the validator runs, in report order: identities and rates (errors), then plausibility (warnings). */
export const RULES: readonly Rule[] = [
  budgetTotal,
  budgetBalance,
  rateAgreesWithBase,
  growthAgreesWithLastYear,
  previousBase,
  stabilizationRollForward,
  socialNet,
  socialRollForward,
  debtLimitSum,
  debtBalanceSum,
  debtWithinLimit,
  debtRollForward,
  debtBondsSum,
  debtNewUses,
  debtRefinancingUses,
  debtInterestSum,
  debtPrincipalSum,
  debtPrincipalSources,
  shareBase,
  halfCompletion,
  figureFrom,
  figureSum,
  figureDifference,
  figureRatio,
  figureGrowth,
  plausibleCompletion,
  plausibleHalf,
  plausibleGrowth,
  plausibleNegative,
  plausibleReserve,
];

/** Rule ids: issues with these codes come from identities and plausibility, not from unreadable data. */
export const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((r) => r.id));

export { runRules, locateRef } from './types';
export type { Rule, RuleContext, Finding, Ref } from './types';
