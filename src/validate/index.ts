import { tidyIssue, type Issue } from '../model/issue';
import type { SourceMap } from '../load/source-map';
import type { Loaded } from '../load/json';
import { FinalAccountsSchema, type FinalAccountsInput } from './schema/final-accounts';
import { deriveRevenueItems } from '../model/classified-data';
import { zodToIssues } from './zod-issues';
import { checkProseRefs, collectProse, reservedFigureNames, resolveFigures, type ResolvedFigure } from './figures';
import { parsePrevious, valueAt, type PreviousDataset } from './previous';
import { RULES, RULE_IDS, runRules } from './rules';
import { noTypedNumbers, noTypedOrdinal } from './rules/figures';
import { labelPath } from './labels';
import { dropSpoiled, repairForRules, spoiledFigures, spoiledScope, under } from './partial';
import { fieldKind } from './field-kinds';
import { plainTextBraceIssues, proseBraceIssues } from './braces';
import { flowFigures, type FlowInput } from '../compose/flow';
import type { Num } from '../compose/num';
import { pathToString, type PathSegment } from '../load/path';

/** A narrative text, named by its place for messages (the name made only when a message needs it). */
function withPlaceName<T extends { path: PathSegment[] }>(t: T): T & { readonly where: string } {
  return {
    ...t,
    get where() {
      return `“${labelPath(t.path)}”`;
    },
  };
}

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
  /**
   * Paths of cells the workbook reader could not read (reported by it already): the rules still run
   * on the rest, and nothing more is said about these.
   */
  unreadable?: readonly string[];
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
  const missing = missingCurrent(raw, sourceMap);
  const reserved = [...reservedFigureNames(raw, sourceMap), ...missing.issues];
  const unreadable = [...(options.unreadable ?? []), ...missing.paths];
  const parsed = FinalAccountsSchema.safeParse(raw);
  if (!parsed.success || unreadable.length) {
    // Everything in one round: the rules run on every part the schema finds readable.
    const schemaIssues = parsed.success ? [] : zodToIssues(parsed.error, raw, sourceMap).filter((i) => !unreadable.some((u) => under(i.place?.path, u)));
    const repaired = repairForRules(FinalAccountsSchema, raw, unreadable);
    if (!repaired) return { dataset: null, issues: uniqueIssues([...reserved, ...schemaIssues]), draft: null };
    const scopes = repaired.broken.map(spoiledScope);
    const figureScopes = [...spoiledFigures(repaired.input.figures, scopes, repaired.input, repaired.broken)].map((n) => pathToString(['figures', n]));
    const checked = checkFinalAccounts(repaired.input, sourceMap, options);
    const rest = dropSpoiled(checked.issues, [...scopes, ...figureScopes]);
    return { dataset: null, issues: sortIssues(uniqueIssues([...reserved, ...schemaIssues, ...rest])), draft: null };
  }
  const input = parsed.data;
  const { issues: found, figures, previous } = checkFinalAccounts(input, sourceMap, options);
  const sorted = sortIssues(uniqueIssues([...reserved, ...found]));
  const ds: FinalAccountsDataset = { kind: 'final-accounts', input, figures, ...(previous ? { previous } : {}) };
  // Only rule findings leave a composable dataset; unreadable data or figures do not.
  const blocking = sorted.some((i) => i.severity === 'error' && !RULE_IDS.has(i.code));
  return { dataset: hasErrors(sorted) ? null : ds, issues: sorted, draft: blocking ? null : ds };
}

/**
 * The general budget's own year figures (当年一般公共预算收入/支出) are what the report is about: a
 * scope that is there without them is an error at their cell, not a balance that fails or a
 * figure that cannot find its source.
 */
function missingCurrent(raw: unknown, sourceMap: SourceMap): { issues: Issue[]; paths: string[] } {
  const issues: Issue[] = [];
  const paths: string[] = [];
  const gb = (raw as { generalBudget?: Record<string, unknown> } | null)?.generalBudget;
  if (!gb || typeof gb !== 'object') return { issues, paths };
  for (const [scope, scopeName] of [
    ['district', '全区'],
    ['level', '区级'],
  ] as const) {
    const sc = gb[scope] as Record<string, unknown> | undefined;
    if (!sc || typeof sc !== 'object') continue;
    for (const [side, word] of [
      ['income', '收入'],
      ['expenditure', '支出'],
    ] as const) {
      const sd = sc[side] as { current?: { amount?: unknown } } | undefined;
      if (!sd || typeof sd !== 'object' || sd.current !== undefined) continue;
      const path = ['generalBudget', scope, side, 'current', 'amount'];
      const place = sourceMap.locate(path);
      const name = place.label ?? `${scopeName}当年一般公共预算${word}`;
      paths.push(pathToString(path));
      issues.push({
        code: 'schema-invalid-type',
        severity: 'error',
        message: `缺少必填项“${name}”：${scopeName}当年一般公共预算${word}是报告的基础（完成率、增长和${word}合计都由它而来），请补充数字（万元）。`,
        place,
        expected: '数字',
        actual: '（缺失）',
      });
    }
  }
  return { issues, paths };
}

/** The same issue said twice (the same code, place and words) is listed once. */
export function uniqueIssues(issues: readonly Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const p = i.place;
    const key = [i.severity, i.code, p?.file, p?.sheet, p?.cell, p?.line, p?.column, p?.path, i.message].join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Everything after the schema: figures, prose references, last year, rules. */
function checkFinalAccounts(input: FinalAccountsInput, sourceMap: SourceMap, options: ValidateOptions): { issues: Issue[]; figures: Map<string, ResolvedFigure>; previous?: PreviousDataset } {
  // The revenue items the text prints, from 一般公共预算收入决算表 where the data gives it (one source).
  deriveRevenueItems(input);
  const issues: Issue[] = [];
  let previous: PreviousDataset | undefined;
  if (options.previous) {
    const p = parsePrevious(options.previous, input.meta.year, input.meta.district, input);
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
  issues.push(...checkProseRefs(prose, figures, sourceMap, input.figures));
  // Digits typed into the text (not a {{reference}}) warn, as in the narrative reports.
  issues.push(...runRules([noTypedNumbers, noTypedOrdinal], { figures, inputs: input.figures, sourceMap, prose: prose.map((t) => withPlaceName(t)) }));
  issues.push(...proseBraceIssues(prose, sourceMap));
  // Checked on their own: the figures table, embedded reports, and a house style where a dataset has one (it cites figures its own way).
  const embedded = (p: readonly PathSegment[]) => p[0] === 'figures' || p[0] === 'style' || (p[0] === 'meta' && p[1] === 'attachments' && p[3] === 'report');
  issues.push(...plainTextBraceIssues(input, sourceMap, prose.map((t) => t.path), embedded));
  issues.push(...runRules(RULES, { input, figures, inputs: input.figures, sourceMap, fieldKind: (p) => fieldKind(FinalAccountsSchema, p), ...(previous ? { previous } : {}) }));
  return { issues, figures, ...(previous ? { previous } : {}) };
}
