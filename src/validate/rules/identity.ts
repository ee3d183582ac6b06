import { D, type Dec } from '../../compose/num';
import { pathToString } from '../../load/path';
import type { Finding, Ref, RuleContext } from './types';

/** A figure in an identity: where it is, its value, and its name in the report's words. */
export interface Term {
  ref: Ref;
  value: number;
  label: string;
}

/** Exact decimal text of a typed figure: no exponent, no binary noise. */
export function show(v: number | Dec): string {
  const d = new D(v);
  // A magnitude no report holds (a mistyped or damaged file: 1e308, 1e-300) in scientific notation,
  // not written out in hundreds of digits: messages stay short.
  if (!d.isZero() && (d.abs().gte(1e15) || d.abs().lt(1e-6))) return d.toSignificantDigits(15).toExponential();
  const s = d.toFixed();
  return s === '-0' ? '0' : s;
}

export function refPath(ref: Ref): string {
  return Array.isArray(ref) ? pathToString(ref) : `上年数据 ${pathToString(ref.previous)}`;
}

/** Labels are long in this domain ("返还性收入、一般性转移支付收入……"): a message keeps the start. */
export function short(label: string, max = 14): string {
  const chars = [...label];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : label;
}

/** Records figures an exact identity checked (for the tests that perturb every covered figure). */
export function cover(ctx: Pick<RuleContext, 'coverage'>, terms: Array<Term | Ref>): void {
  if (!ctx.coverage) return;
  for (const t of terms) {
    const ref = 'ref' in t ? t.ref : t;
    if (Array.isArray(ref)) ctx.coverage.add(pathToString(ref));
  }
}

/** "多 1" / "少 1": how the stated figure differs from what it should be. */
export function gap(actual: number | Dec, expected: number | Dec): string {
  const d = new D(actual).sub(expected);
  return `${d.isNegative() ? '少' : '多'} ${show(d.abs())}`;
}

export function sumOf(terms: Term[]): Dec {
  return terms.reduce((acc, t) => acc.add(t.value), new D(0));
}

/**
 * A figure in integer hundredths when it has at most two decimals (every amount in 万元 a dataset
 * holds), else null. Exact: a double equal to k/100 prints as k/100's own digits below 10^13 (the
 * spacing of doubles there is far below 0.01), so the figure is the decimal Decimal reads from it.
 */
export function hundredths(v: number): number | null {
  const h = Math.round(v * 100);
  return h / 100 === v && Math.abs(h) < 1e15 ? h : null;
}

/**
 * Σ figures in integer hundredths, exactly, or null where a figure has more than two decimals or a
 * partial sum leaves the integers a double holds exactly (2^53): the caller then sums in Decimal.
 */
export function hundredthsSum(values: readonly number[]): number | null {
  let acc = 0;
  for (const v of values) {
    const h = hundredths(v);
    if (h === null) return null;
    acc += h;
    if (!Number.isSafeInteger(acc)) return null;
  }
  return acc;
}

/**
 * How Σ terms compares with whole (−1, 0, 1), exactly, as Decimal would tell: in integer hundredths
 * where every figure has at most two decimals (no Decimal built for the identities that hold, which
 * are nearly all of them), in Decimal otherwise. Subtract a term by giving its negation (exact in binary).
 */
export function sumCompared(terms: readonly number[], whole: number): -1 | 0 | 1 {
  const w = hundredths(whole);
  const sum = w === null ? null : hundredthsSum(terms);
  if (sum !== null) return sum < w! ? -1 : sum > w! ? 1 : 0;
  return terms.reduce((a: Dec, t) => a.add(t), new D(0)).cmp(whole) as -1 | 0 | 1;
}

/** Σ terms = whole, exactly (sumCompared). */
export const sumIs = (terms: readonly number[], whole: number): boolean => sumCompared(terms, whole) === 0;

/** "当年一般公共预算收入 470383、地方政府一般债券转贷收入 80852" */
export function listTerms(terms: Term[]): string {
  return terms.map((t) => `${short(t.label)} ${show(t.value)}`).join('、');
}

/**
 * whole = Σ parts, exactly. The finding sits on the whole (the stated total) and names every part.
 * `what` names the whole in the report's words, e.g. 全区一般公共预算总收入.
 */
export function sumIdentity(ctx: RuleContext, what: string, whole: Term, parts: Term[], fix?: string): Finding[] {
  cover(ctx, [whole, ...parts]);
  if (sumIs(parts.map((p) => p.value), whole.value)) return [];
  const expected = sumOf(parts);
  const theFix = fix ?? `请核对${what}和各组成部分（${listTerms(parts)}）`;
  return [
    {
      path: Array.isArray(whole.ref) ? whole.ref : [],
      message: `${what}应为各项之和 ${show(expected)}，实为 ${show(whole.value)}（${gap(whole.value, expected)}）：${theFix}。`,
      expected: show(expected),
      actual: show(whole.value),
      fix: theFix,
      involves: [whole.ref, ...parts.map((p) => p.ref)],
    },
  ];
}
