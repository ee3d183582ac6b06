import type { Issue } from '../model/issue';
import type { SourceMap } from '../load/source-map';
import { FinalAccountsSchema, type FinalAccountsInput } from './schema/final-accounts';
import { zodToIssues } from './zod-issues';
import { checkProseRefs, collectProse, resolveFigures, type ResolvedFigure } from './figures';
import { RULES, runRules } from './rules';
import { FIGURE_RULES } from './rules/figures';

/** The validated, normalized final-accounts dataset the composer works from. */
export interface FinalAccountsDataset {
  kind: 'final-accounts';
  input: FinalAccountsInput;
  figures: Map<string, ResolvedFigure>;
}

export interface Validation<T> {
  dataset: T | null;
  issues: Issue[];
}

export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

/** Errors first, then warnings; within each, input order. */
export function sortIssues(issues: Issue[]): Issue[] {
  return [...issues].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}

/** schema → normalize (figures, prose references) → rules; collects every issue, not the first. */
export function validateFinalAccounts(raw: unknown, sourceMap: SourceMap): Validation<FinalAccountsDataset> {
  const parsed = FinalAccountsSchema.safeParse(raw);
  if (!parsed.success) return { dataset: null, issues: zodToIssues(parsed.error, raw, sourceMap) };
  const input = parsed.data;
  const { figures, issues } = resolveFigures(input.figures, input, sourceMap);
  // An embedded attached report has its own figures table; it is checked when it is built.
  issues.push(...checkProseRefs(collectProse({ ...input, meta: { ...input.meta, attachments: [] } }), figures, sourceMap));
  issues.push(...runRules(RULES, { input, figures, sourceMap }));
  issues.push(...runRules(FIGURE_RULES, { figures, inputs: input.figures, sourceMap }));
  const sorted = sortIssues(issues);
  return { dataset: hasErrors(sorted) ? null : { kind: 'final-accounts', input, figures }, issues: sorted };
}
