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
  /**
   * This year's dataset: an item of a list (a revenue item) is last year's item of the same label,
   * wherever it stands in last year's list (previousNumber). Without it, the same position.
   */
  current?: unknown;
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

/**
 * A number of the previous dataset with its path there, or null where it has none. A path through a
 * list of labelled entries (revenue items and their parts) goes to last year's entry of the same
 * label: a writer who reorders, adds or removes an item between years must not get another item's
 * growth. A label last year's list lacks, or has twice, gives null (no base: nothing is computed).
 */
export function previousNumber(prev: PreviousDataset | undefined, path: readonly PathSegment[]): { value: number; path: PathSegment[] } | null {
  if (!prev) return null;
  const at = previousPathOf(prev, path);
  if (!at) return null;
  const v = valueAt(prev.input, at);
  return typeof v === 'number' ? { value: v, path: at } : null;
}

/** `path` of this year's dataset as a path of last year's: list positions matched by label. */
function previousPathOf(prev: PreviousDataset, path: readonly PathSegment[]): PathSegment[] | null {
  if (prev.current === undefined || !path.some((seg) => typeof seg === 'number')) return [...path];
  const out: PathSegment[] = [];
  let cur: unknown = prev.current;
  let old: unknown = prev.input;
  for (const seg of path) {
    const entry = typeof seg === 'number' && Array.isArray(cur) ? cur[seg] : undefined;
    const label = entry !== null && typeof entry === 'object' ? (entry as { label?: unknown }).label : undefined;
    let next: PathSegment = seg;
    if (typeof label === 'string' && Array.isArray(old)) {
      const same = old.flatMap((e, i) => (e !== null && typeof e === 'object' && (e as { label?: unknown }).label === label ? [i] : []));
      if (same.length !== 1) return null;
      next = same[0]!;
    }
    out.push(next);
    cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg as string] : undefined;
    old = old !== null && typeof old === 'object' ? (old as Record<string, unknown>)[next as string] : undefined;
  }
  return out;
}

/**
 * Reads last year's dataset: it must pass the schema (its own identities are last year's business)
 * and be the year before, for the same district.
 */
export function parsePrevious(loaded: Loaded, year: number, district: string, current?: unknown): { previous: PreviousDataset | null; issues: Issue[] } {
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
  return { previous: { input, sourceMap: loaded.sourceMap, ...(current !== undefined ? { current } : {}) }, issues };
}
