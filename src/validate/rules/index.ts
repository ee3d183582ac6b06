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
  debtRefinancingRepaid,
  debtRefinancingUses,
  debtRollForward,
  debtWithinLimit,
} from './debt';
import { FIGURE_RULES } from './figures';
import { tableShape } from './tables';
import { PART_RULES } from './parts';
import { CLASSIFIED_RULES } from './classified';
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
  debtRefinancingRepaid,
  ...PART_RULES,
  ...CLASSIFIED_RULES,
  shareBase,
  halfCompletion,
  tableShape,
  // The figures table's rules run for every report kind (rules/figures.ts).
  ...FIGURE_RULES,
  plausibleCompletion,
  plausibleHalf,
  plausibleGrowth,
  plausibleNegative,
  plausibleReserve,
];

/**
 * Rule ids: issues with these codes come from identities and plausibility, not from unreadable data,
 * so a draft can still be composed. A ragged table cannot be laid out: table-shape blocks.
 */
export const RULE_IDS: ReadonlySet<string> = new Set(RULES.filter((r) => r !== tableShape).map((r) => r.id));

export { runRules, locateRef } from './types';
export type { Rule, RuleContext, FiguresContext, Finding, Ref, ProseText } from './types';
