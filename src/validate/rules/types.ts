import type { Issue, Place, Severity } from '../../model/issue';
import { pathToString, type PathSegment } from '../../load/path';
import type { SourceMap } from '../../load/source-map';
import type { FinalAccountsInput } from '../schema/final-accounts';
import type { ResolvedFigure } from '../figures';
import type { PreviousDataset } from '../previous';
import type { FigureInput } from '../schema/common';
import type { FieldKind } from '../field-kinds';

/** A narrative text with its dataset path and a description a writer recognises. */
export interface ProseText {
  path: PathSegment[];
  text: string;
  where: string;
}

/**
 * What the rules on a figures table need, for every report kind (rules/figures.ts): the resolved
 * figures, the table as typed, and for the narrative kinds the texts that cite them.
 */
export interface FiguresContext {
  figures: Map<string, ResolvedFigure>;
  inputs: Record<string, FigureInput>;
  sourceMap: SourceMap;
  /** Where the figures table sits in the dataset (default: figures). */
  basePath?: PathSegment[];
  /** Narrative texts to check (the narrative kinds). */
  prose?: ProseText[];
  /** Last year's dataset (--previous): bases for 同比 and the roll-forward checks. */
  previous?: PreviousDataset;
  /** See RuleContext.coverage. */
  coverage?: Set<string>;
  /** What the dataset field at a path is (its schema's Amount, Rate, Count, the year): the unit a figure citing it needs. */
  fieldKind?: (path: readonly PathSegment[]) => FieldKind | null;
}

export interface RuleContext extends FiguresContext {
  input: FinalAccountsInput;
  /**
   * Collects the path of every figure an error rule checked exactly (a +1 on it breaks the tie), so
   * tests can enumerate the figures that take part in rules. Rates are checked at their stated
   * precision, so for a rate rule only the rate is recorded: a 1-万元 change of its base moves the
   * rate far below 0.01 %.
   */
  coverage?: Set<string>;
}

/** A figure of this year's dataset (a path), or of last year's (--previous). */
export type Ref = PathSegment[] | { previous: PathSegment[] };

export interface Finding {
  /** Where the issue is reported: the stated figure that disagrees. */
  path: PathSegment[];
  /** Complete Chinese message: what is wrong, expected and actual, and (after ：) the fix. */
  message: string;
  expected?: string;
  actual?: string;
  fix?: string;
  /** Every figure taking part in the broken tie. */
  involves?: Ref[];
}

/**
 * A small named check (changesets style): id, severity, and a function that reports findings.
 * The context defaults to the final-accounts dataset's; rules that only need the figures table take
 * the narrower FiguresContext, so they run on every report kind.
 */
export interface Rule<C = RuleContext> {
  id: string;
  severity: Severity;
  /** What the rule guards, in Chinese, for `validate` output and the docs. */
  description: string;
  check(ctx: C): Finding[];
}

export function locateRef(ctx: Pick<RuleContext, 'sourceMap' | 'previous'>, ref: Ref): Place {
  if (Array.isArray(ref)) return ctx.sourceMap.locate(ref);
  if (ctx.previous) return ctx.previous.sourceMap.locate(ref.previous);
  return { file: '（上年数据）', path: pathToString(ref.previous) };
}

export function runRules<C extends Pick<RuleContext, 'sourceMap' | 'previous'>>(rules: readonly Rule<C>[], ctx: C): Issue[] {
  const out: Issue[] = [];
  for (const rule of rules) {
    for (const f of rule.check(ctx)) {
      const issue: Issue = { code: rule.id, severity: rule.severity, message: f.message, place: ctx.sourceMap.locate(f.path) };
      if (f.expected !== undefined) issue.expected = f.expected;
      if (f.actual !== undefined) issue.actual = f.actual;
      if (f.fix !== undefined) issue.fix = f.fix;
      if (f.involves?.length) issue.involves = f.involves.map((r) => locateRef(ctx, r));
      out.push(issue);
    }
  }
  return out;
}
