import { formatChange, formatCount, formatNumber, formatWan, yiOrWan } from './format';
import { D, Num, type Dec } from './num';
import type { ResolvedFigure } from '../validate/figures';
import { parseProse } from '../validate/figures';
import type { ItemInput, PointInput } from '../validate/schema/common';

/** A figure already formatted for print, with its source (for the document's figure marks). */
export interface PrintedFigure {
  kind: 'figure';
  text: string;
  num: Num;
}

/** Narrative text: plain pieces and printed figures. The renderer escapes the pieces. */
export interface Prose {
  kind: 'prose';
  parts: (string | PrintedFigure)[];
}

/** The step of the last digit a printed figure shows, in the figure's internal unit (万元 for money): "47.04亿元" → 100. */
function shownStep(printed: string): Dec | null {
  const m = /(\d[\d,]*)(?:\.(\d+))?/.exec(printed);
  if (!m) return null;
  const step = new D(10).pow(-(m[2]?.length ?? 0));
  return printed.includes('亿元') ? step.mul(10000) : step;
}

/**
 * A figure of the figures table as `print` prints it. A stated figure checked against its
 * computation (value plus from/ratio/…) agrees with it only to the places typed: where the print
 * shows finer steps than that (47.04亿元 printed in 万元, 43.2% printed as 43.20%), the computed
 * value is printed (470383万元, 43.18%), never the typed one padded.
 */
export function printFigure(f: ResolvedFigure, print: (n: Num) => string): string {
  const s = print(f.num);
  if (!f.check) return s;
  const step = shownStep(s);
  const typed = new D(10).pow(-new D(f.check.stated).decimalPlaces()).mul(f.unit === '亿元' ? 10000 : 1);
  return step && step.lt(typed) ? print(new Num(f.check.computed.value, f.num.src)) : s;
}

export function formatFigure(f: ResolvedFigure): string {
  return printFigure(f, (n) => formatFigureValue(f, n.value));
}

function formatFigureValue(f: ResolvedFigure, v: Dec): string {
  if (f.unit === '%' || f.unit === '个百分点') {
    const digits = f.digits ?? 2;
    return f.word ? formatChange(v, digits, f.unit) : `${formatNumber(v, digits)}${f.unit}`;
  }
  if (f.show === '亿元') return yiOrWan(v, f.digits ?? 2);
  if (f.show === '万元') return `${f.digits !== null ? formatNumber(v, f.digits) : formatWan(v)}万元`;
  return `${f.digits !== null ? formatNumber(v, f.digits) : Number.isInteger(v.toNumber()) ? formatCount(v) : formatWan(v)}${f.unit}`;
}

/** Resolves {{名称}} references against the figures table (validated to exist beforehand). */
export function prose(text: string, figures: Map<string, ResolvedFigure>): Prose {
  const parts = parseProse(text).map((seg) => {
    if ('text' in seg) return seg.text;
    const f = figures.get(seg.figure);
    if (!f) throw new Error(`数据表中没有“${seg.figure}”`);
    return { kind: 'figure' as const, text: formatFigure(f), num: f.num };
  });
  return { kind: 'prose', parts };
}

export interface PointView {
  lead: Prose | null;
  text: Prose | null;
}
export interface ItemView extends PointView {
  points: PointView[];
}

// Leads are joined with 。 by templates; a lead typed with its own full stop must not print 。。
const stripStop = (s: string) => s.replace(/[。；;.]+$/u, '');

function point(p: PointInput, figures: Map<string, ResolvedFigure>): PointView {
  return {
    lead: p.lead ? prose(stripStop(p.lead), figures) : null,
    text: p.text ? prose(p.text, figures) : null,
  };
}

/** A point or item with nothing to print (a blank row of the workbook, an {} left in the JSON). */
const blank = (p: PointInput) => !p.lead?.trim() && !p.text?.trim();

/**
 * The items of a list, those with nothing to print left out, so that 一是、二是… and the headings'
 * numbers run on without a gap (an empty entry printed 二是三是…, or a heading （二）。 alone).
 */
export function items(list: ItemInput[], figures: Map<string, ResolvedFigure>): ItemView[] {
  return list
    .map((it) => ({ it, points: (it.points ?? []).filter((p) => !blank(p)) }))
    .filter(({ it, points }) => !blank(it) || points.length > 0)
    .map(({ it, points }) => ({ ...point(it, figures), points: points.map((p) => point(p, figures)) }));
}
