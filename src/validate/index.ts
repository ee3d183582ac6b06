import { tidyIssue, type Issue } from '../model/issue';
import type { SourceMap } from '../load/source-map';
import type { Loaded } from '../load/json';
import { FinalAccountsSchema, type FinalAccountsInput } from './schema/final-accounts';
import { deriveRevenueItems } from '../model/classified-data';
import { zodToIssues } from './zod-issues';
import { checkProseRefs, collectProse, reservedFigureNames, resolveFigures, type ResolvedFigure } from './figures';
import { parsePrevious, valueAt, type PreviousDataset } from './previous';
import { RULES, RULE_IDS, runRules } from './rules';
import { fieldKind } from './field-kinds';
import { plainTextBraceIssues, proseBraceIssues, skipPaths } from './braces';
import { flowFigures, type FlowInput } from '../compose/flow';
import type { Num } from '../compose/num';
import { pathToString, type PathSegment } from '../load/path';

/** A rate or growth the data leaves out, computed as the composer does (for figures that cite it). */
function derivedFlowFigure(input: FinalAccountsInput, path: PathSegment[], previous: PreviousDataset | undefined): Num | null {
  const last = path[path.length - 1];
  if (last !== 'growth' && last !== 'completionRate') return null;
  const parentPath = path.slice(0, -1);
  const parent = valueAt(input, parentPath) as FlowInput | undefined;
  if (!parent || typeof parent !== 'object' || typeof parent.amount !== 'number') return null;
  const f = flowFigures(parent, pathToString(parentPath), previous);
  return last === 'growth' ? f.growth : f.rate;
}

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
  return issues.map(tidyIssue).sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}

/** schema → normalize (figures, prose references, last year) → rules; collects every issue, not the first. */
export function validateFinalAccounts(raw: unknown, sourceMap: SourceMap, options: ValidateOptions = {}): Validation<FinalAccountsDataset> {
  const reserved = reservedFigureNames(raw, sourceMap);
  const parsed = FinalAccountsSchema.safeParse(raw);
  if (!parsed.success) return { dataset: null, issues: [...reserved, ...zodToIssues(parsed.error, raw, sourceMap)], draft: null };
  const input = parsed.data;
  // The revenue items the text prints, from 一般公共预算收入决算表 where the data gives it (one source).
  deriveRevenueItems(input);
  const issues: Issue[] = [...reserved];
  let previous: PreviousDataset | undefined;
  if (options.previous) {
    const p = parsePrevious(options.previous, input.meta.year, input.meta.district);
    issues.push(...p.issues);
    if (p.previous) previous = p.previous;
  }
  const resolved = resolveFigures(input.figures, input, sourceMap, ['figures'], (path) => derivedFlowFigure(input, path, previous));
  const figures = resolved.figures;
  issues.push(...resolved.issues);
  // An embedded attached report has its own figures table; it is checked when it is built.
  // The house style's texts may also name the budgets' own figures: resolveStyle checks them.
  const { style: _style, ...withoutStyle } = input;
  const prose = collectProse({ ...withoutStyle, meta: { ...input.meta, attachments: [] } });
  issues.push(...checkProseRefs(prose, figures, sourceMap));
  issues.push(...proseBraceIssues(prose, sourceMap));
  // Checked on their own: the figures table, embedded reports, and a house style where a dataset has one (it cites figures its own way).
  const embedded = (p: readonly PathSegment[]) => p[0] === 'figures' || p[0] === 'style' || (p[0] === 'meta' && p[1] === 'attachments' && p[3] === 'report');
  issues.push(...plainTextBraceIssues(input, sourceMap, skipPaths(prose.map((t) => t.path), embedded)));
  issues.push(...runRules(RULES, { input, figures, inputs: input.figures, sourceMap, fieldKind: (p) => fieldKind(FinalAccountsSchema, p), ...(previous ? { previous } : {}) }));
  const sorted = sortIssues(issues);
  const ds: FinalAccountsDataset = { kind: 'final-accounts', input, figures, ...(previous ? { previous } : {}) };
  // Only rule findings leave a composable dataset; unreadable data or figures do not.
  const blocking = sorted.some((i) => i.severity === 'error' && !RULE_IDS.has(i.code));
  return { dataset: hasErrors(sorted) ? null : ds, issues: sorted, draft: blocking ? null : ds };
}
