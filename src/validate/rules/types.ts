import type { Issue, Severity } from '../../model/issue';
import type { PathSegment } from '../../load/path';
import type { SourceMap } from '../../load/source-map';
import type { FinalAccountsInput } from '../schema/final-accounts';
import type { ResolvedFigure } from '../figures';

export interface RuleContext {
  input: FinalAccountsInput;
  figures: Map<string, ResolvedFigure>;
  sourceMap: SourceMap;
}

export interface Finding {
  path: PathSegment[];
  message: string;
  expected?: string;
  actual?: string;
}

/**
 * A small named check (changesets style): id, severity, and a function that reports findings.
 * The context defaults to the final-accounts dataset's; rules that only need the figures table
 * (rules/figures.ts) take a narrower one, so they run on every report kind.
 */
export interface Rule<C = RuleContext> {
  id: string;
  severity: Severity;
  /** What the rule guards, in Chinese, for `validate --rules` and the docs. */
  description: string;
  check(ctx: C): Finding[];
}

export function runRules<C extends { sourceMap: SourceMap }>(rules: readonly Rule<C>[], ctx: C): Issue[] {
  const out: Issue[] = [];
  for (const rule of rules) {
    for (const f of rule.check(ctx)) {
      const issue: Issue = { code: rule.id, severity: rule.severity, message: f.message, place: ctx.sourceMap.locate(f.path) };
      if (f.expected !== undefined) issue.expected = f.expected;
      if (f.actual !== undefined) issue.actual = f.actual;
      out.push(issue);
    }
  }
  return out;
}
