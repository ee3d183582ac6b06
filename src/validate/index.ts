import type { Issue } from '../model/issue';
import type { SourceMap } from '../load/source-map';
import type { Loaded } from '../load/json';
import { FinalAccountsSchema, type FinalAccountsInput } from './schema/final-accounts';
import { zodToIssues } from './zod-issues';
import { checkProseRefs, collectProse, resolveFigures, type ResolvedFigure } from './figures';
import { parsePrevious, type PreviousDataset } from './previous';
import { RULES, RULE_IDS, runRules } from './rules';

/** The validated, normalized final-accounts dataset the composer works from. */
export interface FinalAccountsDataset {
  kind: 'final-accounts';
  input: FinalAccountsInput;
  figures: Map<string, ResolvedFigure>;
  /** Last year's dataset (--previous): the composer computes 同比 from it where the data gives none. */
  previous?: PreviousDataset;
}

export interface Validation<T> {
  /** The dataset, when there are no errors. */
  dataset: T | null;
  issues: Issue[];
  /**
   * The dataset as far as it can be composed: the data is readable and every figure resolves, only
   * rules (identities, rates) fail. `build --draft` writes from it, with the failures as comments.
   */
  draft: T | null;
}

export interface ValidateOptions {
  /** Last year's dataset, loaded: bases for 同比 and the roll-forward checks. */
  previous?: Loaded;
}

export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

/** Errors first, then warnings; within each, input order. */
export function sortIssues(issues: Issue[]): Issue[] {
  return [...issues].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}

/** schema → normalize (figures, prose references, last year) → rules; collects every issue, not the first. */
export function validateFinalAccounts(raw: unknown, sourceMap: SourceMap, options: ValidateOptions = {}): Validation<FinalAccountsDataset> {
  const parsed = FinalAccountsSchema.safeParse(raw);
  if (!parsed.success) return { dataset: null, issues: zodToIssues(parsed.error, raw, sourceMap), draft: null };
  const input = parsed.data;
  const { figures, issues } = resolveFigures(input.figures, input, sourceMap);
  issues.push(...checkProseRefs(collectProse(input), figures, sourceMap));
  let previous: PreviousDataset | undefined;
  if (options.previous) {
    const p = parsePrevious(options.previous, input.meta.year, input.meta.district);
    issues.push(...p.issues);
    if (p.previous) previous = p.previous;
  }
  issues.push(...runRules(RULES, { input, figures, sourceMap, ...(previous ? { previous } : {}) }));
  const sorted = sortIssues(issues);
  const ds: FinalAccountsDataset = { kind: 'final-accounts', input, figures, ...(previous ? { previous } : {}) };
  // Only rule findings leave a composable dataset; unreadable data or figures do not.
  const blocking = sorted.some((i) => i.severity === 'error' && !RULE_IDS.has(i.code));
  return { dataset: hasErrors(sorted) ? null : ds, issues: sorted, draft: blocking ? null : ds };
}
