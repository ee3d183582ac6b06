import { FINAL_ACCOUNTS_WORKBOOK } from './final-accounts';
import type { KindWorkbook } from './spec';

/**
 * The report kinds that have a workbook. A kind is added here with its description
 * (performance and work-plan kinds: see final-accounts.ts for the pattern).
 */
export const WORKBOOKS: readonly KindWorkbook[] = [FINAL_ACCOUNTS_WORKBOOK];

/** By dataset kind ("final-accounts") or Chinese name ("决算报告"). */
export function findWorkbook(nameOrKind: string, kinds: readonly KindWorkbook[] = WORKBOOKS): KindWorkbook | undefined {
  const s = nameOrKind.trim();
  return kinds.find((k) => k.kind === s || k.name === s);
}
