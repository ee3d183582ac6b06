import type { Issue } from '../model/issue';
import type { Loaded } from '../load/json';
import type { SourceMap } from '../load/source-map';
import { pathToString, type PathSegment } from '../load/path';
import { FinalAccountsSchema, type FinalAccountsInput } from './schema/final-accounts';
import { zodToIssues } from './zod-issues';

/** Last year's final-accounts dataset, given with --previous: it supplies 上年数 and 上年余额. */
export interface PreviousDataset {
  input: FinalAccountsInput;
  sourceMap: SourceMap;
}

/** Source paths of figures read from the previous dataset carry this prefix (the numbers audit). */
export const PREVIOUS_PREFIX = 'previous:';

export function previousPath(path: readonly PathSegment[]): string {
  return PREVIOUS_PREFIX + pathToString(path);
}

export function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, seg)) return undefined;
    cur = (cur as Record<string, unknown>)[seg as string];
  }
  return cur;
}

/** A number of the previous dataset with its path there, or null where it has none. */
export function previousNumber(prev: PreviousDataset | undefined, path: readonly PathSegment[]): { value: number; path: PathSegment[] } | null {
  if (!prev) return null;
  const v = valueAt(prev.input, path);
  return typeof v === 'number' ? { value: v, path: [...path] } : null;
}

/**
 * Reads last year's dataset: it must pass the schema (its own identities are last year's business)
 * and be the year before, for the same district.
 */
export function parsePrevious(loaded: Loaded, year: number, district: string): { previous: PreviousDataset | null; issues: Issue[] } {
  const parsed = FinalAccountsSchema.safeParse(loaded.value);
  if (!parsed.success) {
    const issues = zodToIssues(parsed.error, loaded.value, loaded.sourceMap).map((i) => ({ ...i, message: `上年数据文件：${i.message}` }));
    return { previous: null, issues };
  }
  const input = parsed.data;
  const issues: Issue[] = [];
  if (input.meta.year !== year - 1) {
    issues.push({
      code: 'previous-year',
      severity: 'error',
      message: `上年数据文件的年度应为 ${year - 1}，实为 ${input.meta.year}：--previous 应指定 ${year - 1} 年的决算数据文件。`,
      place: loaded.sourceMap.locate(['meta', 'year']),
      expected: String(year - 1),
      actual: String(input.meta.year),
      fix: `--previous 应指定 ${year - 1} 年的决算数据文件`,
    });
    return { previous: null, issues };
  }
  if (input.meta.district !== district) {
    issues.push({
      code: 'previous-district',
      severity: 'warning',
      message: `上年数据文件的区名为“${input.meta.district}”，本年为“${district}”：请确认 --previous 指定的是本区的数据文件。`,
      place: loaded.sourceMap.locate(['meta', 'district']),
      expected: district,
      actual: input.meta.district,
    });
  }
  return { previous: { input, sourceMap: loaded.sourceMap }, issues };
}
