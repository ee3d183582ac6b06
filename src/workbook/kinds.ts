import { FINAL_ACCOUNTS_WORKBOOK } from './final-accounts';
import { PERFORMANCE_WORKBOOK, WORK_PLAN_WORKBOOK } from './narrative-kinds';
import type { KindWorkbook } from './spec';

/**
 * The report kinds that have a workbook: every kind. A kind is added here with its description
 * (see final-accounts.ts and narrative-kinds.ts for the pattern).
 */
export const WORKBOOKS: readonly KindWorkbook[] = [FINAL_ACCOUNTS_WORKBOOK, PERFORMANCE_WORKBOOK, WORK_PLAN_WORKBOOK];

/** By dataset kind ("final-accounts") or Chinese name ("决算报告"). */
export function findWorkbook(nameOrKind: string, kinds: readonly KindWorkbook[] = WORKBOOKS): KindWorkbook | undefined {
  const s = nameOrKind.trim();
  return kinds.find((k) => k.kind === s || k.name === s);
}
