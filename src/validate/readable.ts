import type { Issue } from '../model/issue';
import type { Loaded } from '../load/json';
import { datasetKind } from './dataset-kind';
import { sortIssues, uniqueIssues, validateFinalAccounts } from './index';
import { validateNarrative } from './narrative';

/**
 * A workbook's unreadable cells (already reported, in `cellIssues`) and what the checks find in the
 * rest of it (`partial`, those cells left out): one list, errors first, nothing said twice.
 */
export function checkReadable(cellIssues: readonly Issue[], partial: Loaded, unreadable: readonly string[]): Issue[] {
  // A sheet or column missing leaves whole parts unread: the rest is checked once it is back.
  if (cellIssues.some((i) => i.code === 'xlsx-missing-sheet' || i.code === 'xlsx-missing-column')) return [...cellIssues];
  const kind = datasetKind(partial.value);
  let more: Issue[] = [];
  try {
    if (kind === 'final-accounts') more = validateFinalAccounts(partial.value, partial.sourceMap, { unreadable }).issues;
    else if (kind === 'performance' || kind === 'work-plan') more = validateNarrative(partial.value, partial.sourceMap, { unreadable }).issues;
  } catch {
    // The cells' own errors stand; the rest is checked once they are fixed.
    more = [];
  }
  return sortIssues(uniqueIssues([...cellIssues, ...more]));
}
