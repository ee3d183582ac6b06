import type { StylePrinter } from '../compose/style-print';
import { refText, UNPLACED_MARK, type RefFormat } from '../style/refs';
import type { Candidate, FigureIndex } from './figure-index';
import { tokenKindOf } from './figure-index';
import { findNumbers, type NumberToken } from './numbers';
import { lcsLength } from './similarity';

/**
 * Which figure a number of last year's report is, and the paragraph as text written in data: each
 * number found in the index becomes {{名称}} (with a 印法 where the style prints it otherwise), the
 * data's words become {{会议}}, {{区名}} …, and a number no figure prints stays as typed, {{?…}}.
 * Where one printed value is several figures (the same amount in 全区 and 区级, a 0.2% that is a
 * growth and a share), the words before it decide: the scope (全区/区级), the budget (in the
 * sentence or the heading), the side (收入/支出), the measure (完成/增长/占比/上年). Pure.
 */

export type Placement = 'placed' | 'ambiguous' | 'unplaced';

export interface PlacedNumber {
  token: NumberToken;
  status: Placement;
  /** The figure chosen (the best by the words around it when ambiguous). */
  name: string | null;
  /** Ambiguous: every figure it could be, best first. */
  candidates: string[];
}

/** The data's words a paragraph may name ({{会议}} …): text → name, longest first. */
export interface WordRef {
  text: string;
  name: string;
}

const SCOPES: [RegExp, 'district' | 'level'][] = [
  [/区级|本级/g, 'level'],
  [/全区/g, 'district'],
];
const BUDGETS: [RegExp, string][] = [
  [/一般公共预算/g, '一般公共预算'],
  [/政府性基金/g, '政府性基金'],
  [/国有资本经营/g, '国有资本经营'],
  [/社会保险基金|社保基金/g, '社会保险基金'],
  [/财政总收入/g, '财政总收入'],
  [/债务|债券/g, '债'],
];

const DEBT_KINDS: [RegExp, string][] = [
  [/一般债[务券]/g, '一般'],
  [/专项债[务券]/g, '专项'],
];

/** The last match of any of the patterns in `text`: its value and where it ends. */
function lastOf<T>(text: string, patterns: [RegExp, T][]): { value: T; end: number } | null {
  let best: { value: T; end: number } | null = null;
  for (const [re, value] of patterns) for (const m of text.matchAll(re)) if (!best || m.index + m[0].length > best.end) best = { value, end: m.index + m[0].length };
  return best;
}

interface NameTraits {
  half: boolean;
  scope: 'district' | 'level' | null;
  budget: string | null;
  side: '收入' | '支出' | null;
}

function traitsOf(name: string): NameTraits {
  const side = /支出[^收]*$/.test(name) ? '支出' : /收入[^支]*$/.test(name) ? '收入' : null;
  return { half: name.startsWith('上半年'), scope: name.includes('区级') ? 'level' : name.includes('全区') ? 'district' : null, budget: lastOf(name, BUDGETS)?.value ?? null, side };
}

/** What the words before a number say about it, in its paragraph under its headings. */
interface NumberContext {
  before: string;
  /** The sentence up to the number. */
  sentence: string;
  /** From the previous number (or the sentence's start) to this one: the words that name it. */
  clause: string;
  heading: string;
  /** The text after the number. */
  after: string;
  /** Whether the `len` characters after the number are free (not the data's words, which go by name). */
  freeAfter: (len: number) => boolean;
}

function score(c: Candidate, ctx: NumberContext): number {
  const t = traitsOf(c.name);
  const lead = ctx.heading + ctx.before;
  // The name's words said just before the number; where the text says most of a name, each word of
  // it the sentence leaves unsaid (总 of 总收入) counts against it, and so does each word just before
  // the number the name does not explain (还本支出 after 再融资债券); where the text says none, no
  // name is preferred.
  const said = lcsLength(c.name, ctx.clause);
  const part = said / c.name.length;
  const unsaid = c.name.length - lcsLength(c.name, ctx.sentence);
  const tail = ctx.clause.replace(/[^\u4e00-\u9fa5]/g, '').slice(-10);
  let s = 2 * part - 0.5 * Math.min(unsaid, 3) * part - 0.2 * (tail.length - lcsLength(c.name, tail)) * part;
  // A name whose words the text says (two characters or more) is never below one it says nothing of:
  // 全区新增债券共安排用于4个 is 新增债券项目个数, whatever else the name leaves unsaid.
  if (said >= 2) s = Math.max(s, 0.1 * part);
  const half = /上半年/.test(lead);
  if (half !== t.half) s -= 3;
  // The scope, budget and side the words say rule out names that say otherwise (a name that says
  // none, such as a debt figure's, is not ruled out).
  const scope = lastOf(ctx.before, SCOPES)?.value ?? lastOf(ctx.heading, SCOPES)?.value ?? null;
  if (scope && t.scope && scope !== t.scope) s -= 2;
  const budget = lastOf(ctx.before, BUDGETS)?.value ?? lastOf(ctx.heading, BUDGETS)?.value ?? null;
  if (budget && t.budget && budget !== t.budget) s -= 2;
  // 一般债务 or 专项债务 (their interest and repayments).
  const debt = lastOf(ctx.before, DEBT_KINDS)?.value;
  const debtOf = lastOf(c.name, DEBT_KINDS)?.value;
  if (debt && debtOf && debt !== debtOf) s -= 2;
  const side = lastOf(ctx.clause, [
    [/收入|收/g, '收入' as const],
    [/支出|支/g, '支出' as const],
  ])?.value;
  if (side && t.side && side !== t.side) s -= 1;
  // The measure a rate or change is: a completion rate after 完成/为…预算, a share after 占, a growth after 增长.
  if (c.kind === 'rate') {
    // Within the clause before it: 占……的 / 比重 a share; 完成……的 / 为……预算的 a completion rate.
    const share = /(占|比重)[^，。；]*$/.test(ctx.clause);
    const done = /(完成|预算的|计划的)[^，。；]*$/.test(ctx.clause) && !share;
    if (/完成率$/.test(c.name)) s += done ? 1 : share ? -1 : 0;
    if (/占比$/.test(c.name)) s += share ? 1 : done ? -1 : 0;
  }
  if (c.kind === 'amount' && /上年数$/.test(c.name)) s += /上年/.test(ctx.clause) ? 1 : -1;
  return s;
}

/** The figures a token may be, best first, with the score margin that decides it. */
function rank(token: NumberToken, index: FigureIndex, ctx: NumberContext): { list: Candidate[]; clear: boolean } {
  // A figures-table count prints its unit word after the number: only where the report has it there.
  const all = (index.get(token.printed) ?? []).filter((c) => (tokenKindOf(c.kind) === token.kind || (token.kind === 'count' && c.kind === 'year')) && (!c.unit || (ctx.after.startsWith(c.unit) && ctx.freeAfter(c.unit.length))));
  if (!all.length) return { list: [], clear: false };
  const scored = all.map((c) => ({ c, s: score(c, ctx) })).sort((a, b) => b.s - a.s || Number(a.c.table) - Number(b.c.table) || a.c.name.length - b.c.name.length);
  const best = scored[0]!;
  // Two names of one figure (a named figure and a figures-table entry reading it) are not a doubt.
  const rival = scored.find((x) => x.c.source !== best.c.source);
  return { list: scored.map((x) => x.c), clear: !rival || best.s - rival.s >= 0.5 };
}

/** The 印法 a reference needs: none where the style already prints the figure as the report does. */
function formatNeeded(c: Candidate, printed: string, printer: StylePrinter): RefFormat | null {
  if (c.table) return c.format;
  // A small amount the style prints in 万元 only because its unit would show 0: the report's own 万元
  // is kept, or a larger amount next year would print in the style's unit.
  if (c.kind === 'amount' && printer.amountFallsBack(c.num, c.name)) return c.format;
  return printer.print(c.kind, c.num, c.name) === printed ? null : c.format;
}

export interface PlacedParagraph {
  /** The paragraph as text written in data. */
  text: string;
  numbers: PlacedNumber[];
}

/**
 * A paragraph (text as read from the DOCX) as text written in data. `heading`: the headings it
 * sits under, for the budget or scope a sentence leaves unsaid.
 */
export function placeParagraph(text: string, heading: string, index: FigureIndex, words: readonly WordRef[], printer: StylePrinter): PlacedParagraph {
  // The data's words first: a number inside one (不含市级方舱医院3亿) is part of those words.
  const covered: { start: number; end: number; ref: string }[] = [];
  for (const w of words) {
    for (let at = text.indexOf(w.text); at >= 0; at = text.indexOf(w.text, at + w.text.length)) {
      const end = at + w.text.length;
      if (!covered.some((c) => at < c.end && end > c.start)) covered.push({ start: at, end, ref: `{{${w.name}}}` });
    }
  }
  const numbers: PlacedNumber[] = [];
  const pieces: { start: number; end: number; ref: string }[] = [...covered];
  let prevEnd = 0;
  for (const token of findNumbers(text)) {
    if (covered.some((c) => token.start < c.end && token.end > c.start)) continue;
    const before = text.slice(0, token.start);
    const sentenceStart = Math.max(before.lastIndexOf('。'), before.lastIndexOf('；')) + 1;
    const clause = text.slice(Math.max(prevEnd, sentenceStart), token.start);
    prevEnd = token.end;
    const freeAfter = (len: number) => !covered.some((c) => c.start < token.end + len && c.end > token.end);
    const { list, clear } = rank(token, index, { before, sentence: text.slice(sentenceStart, token.start), clause, heading, after: text.slice(token.end), freeAfter });
    if (!list.length) {
      numbers.push({ token, status: 'unplaced', name: null, candidates: [] });
      pieces.push({ start: token.start, end: token.end, ref: `{{${UNPLACED_MARK}${token.printed}}}` });
      continue;
    }
    const best = list[0]!;
    const names = [...new Set(list.map((c) => c.name))];
    numbers.push({ token, status: clear ? 'placed' : 'ambiguous', name: best.name, candidates: clear ? [] : names });
    // The unit word a figures-table count prints is part of the reference (4个 → {{名称}}, not {{名称}}个).
    pieces.push({ start: token.start, end: token.end + (best.unit?.length ?? 0), ref: refText(best.name, formatNeeded(best, token.printed, printer)) });
  }
  pieces.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const p of pieces) {
    out += escapeBraces(text.slice(at, p.start)) + p.ref;
    at = p.end;
  }
  out += escapeBraces(text.slice(at));
  return { text: out, numbers };
}

/** Braces typed in the report would read as a reference: they are kept apart. */
function escapeBraces(s: string): string {
  return s.replace(/\{\{/g, '{ {').replace(/\}\}/g, '} }');
}
