import { composeFinalAccounts } from '../compose/final-accounts';
import type { TextBlock } from '../compose/budget-text';
import type { Num } from '../compose/num';
import type { TextPart } from '../compose/text';
import { houseStyle } from '../style/house-style';
import { StylePrinter } from '../compose/style-print';
import { BALANCES, COMPARABLE, DEDUCT_WORDS, FRAMES, GROWTH_WORDS, JOINERS, LAYOUTS, ORDERS, RATE_WORDS, REVENUE_ITEMS, SEPARATORS, type StyleInput } from '../style/schema';
import type { RefFormat } from '../style/refs';
import type { FinalAccountsDataset } from '../validate';
import type { FigureIndex } from './figure-index';
import { findNumbers } from './numbers';
import { paragraphSimilarity, similarity } from './similarity';

/**
 * The house style's choices, inferred from section 一 of last year's report: candidate choices read
 * off the text (加上 → frame 加上, 为调整预算的 → rateWord, 比上年增长 → growthWord, the units and
 * places of the amounts, the scope names …), then each choice tried in turn and kept where the
 * composer (compose/budget-text.ts) writes the report's paragraphs more nearly, until no choice
 * improves: what counts is the composed text, not the cue. Per-figure formats and total words
 * come from the paragraphs' own numbers and words. Pure.
 */

/** A composed paragraph of section 一 as plain text, with where each figure prints. */
interface Composed {
  text: string;
  figures: { start: number; end: number; num: Num }[];
}

function flatten(parts: readonly TextPart[], out: Composed): void {
  for (const p of parts) {
    if (typeof p === 'string') out.text += p;
    else if (p.kind === 'figure') {
      out.figures.push({ start: out.text.length, end: out.text.length + p.text.length, num: p.num });
      out.text += p.text;
    } else if (p.kind === 'sourced') out.text += p.text;
    else flatten(p.parts, out);
  }
}

function sectionOne(ds: FinalAccountsDataset, style: StyleInput): { paragraphs: Composed[]; nameOf: (n: Num) => string | undefined } {
  const view = composeFinalAccounts(ds, undefined, houseStyle(style));
  const blocks: TextBlock[] = [...view.general.text, ...(view.fund?.text ?? []), ...(view.stateCapital?.text ?? []), ...(view.social?.text ?? [])];
  const paragraphs: Composed[] = [];
  for (const b of blocks) {
    for (const t of [b.heading, b.text]) {
      if (!t) continue;
      const c: Composed = { text: '', figures: [] };
      flatten(t.parts, c);
      paragraphs.push(c);
    }
  }
  return { paragraphs, nameOf: (n) => view.named.nameOf(n) };
}

/**
 * How nearly the composed paragraphs are the report's: each composed paragraph is paired with at
 * most one of the report's (best pairs first); an exact pair counts most, a composed paragraph the
 * report has no counterpart for counts against.
 */
function fit(composed: readonly Composed[], report: readonly string[]): number {
  const pairs: { i: number; j: number; s: number }[] = [];
  composed.forEach((c, i) =>
    report.forEach((r, j) => {
      const s = c.text === r ? 3 : paragraphSimilarity(c.text, r);
      if (s > 0.2) pairs.push({ i, j, s });
    }),
  );
  pairs.sort((a, b) => b.s - a.s);
  const usedC = new Set<number>();
  const usedR = new Set<number>();
  let total = 0;
  for (const p of pairs) {
    if (usedC.has(p.i) || usedR.has(p.j)) continue;
    usedC.add(p.i);
    usedR.add(p.j);
    total += p.s;
  }
  return total - (composed.length - usedC.size);
}

type Dim = { name: string; values: unknown[]; set: (s: StyleInput, v: unknown) => StyleInput };

const field =
  <K extends keyof StyleInput>(k: K) =>
  (s: StyleInput, v: unknown): StyleInput => {
    const out = { ...s };
    if (v === undefined) delete out[k];
    else out[k] = v as StyleInput[K];
    return out;
  };
const scope =
  (k: 'district' | 'level' | 'layout') =>
  (s: StyleInput, v: unknown): StyleInput => ({ ...s, scopes: { ...s.scopes, [k]: v } as StyleInput['scopes'] });

/** Amount formats worth trying: 万元 as typed or with separators, 亿元 at 0–4 places with or without zeros. */
const AMOUNT_FORMATS: NonNullable<StyleInput['amounts']>[] = [
  {},
  { thousands: true },
  ...[0, 1, 2, 3, 4].flatMap((digits) => [false, true].map((keepZeros) => ({ unit: '亿元' as const, digits, ...(keepZeros ? { keepZeros } : {}) }))),
];
const NUMBER_FORMATS: NonNullable<StyleInput['rates']>[] = [0, 1, 2, 3, 4].flatMap((digits) => [false, true].map((keepZeros) => ({ digits, ...(keepZeros ? { keepZeros } : {}) })));

/**
 * The number formats the report's numbers show: each format tried on the budgets' figures, kept where
 * it prints some of the report's numbers, the one printing most first.
 */
function printedFormats(ds: FinalAccountsDataset, text: string) {
  const view = composeFinalAccounts(ds);
  const tokens = new Set(findNumbers(text).map((t) => t.printed));
  const figures = view.named.entries();
  const rank = <F>(formats: F[], kind: string, style: (f: F) => StyleInput): F[] => {
    const counted = formats.map((f) => {
      const printer = new StylePrinter(houseStyle(style(f)));
      return { f, n: figures.filter(([name, x]) => x.kind === kind && tokens.has(printer.print(x.kind, x.num, name))).length };
    });
    const top = Math.max(...counted.map((c) => c.n));
    const kept = counted.filter((c) => c.n > 0 && c.n >= top * 0.3).sort((a, b) => b.n - a.n);
    return kept.length ? kept.map((c) => c.f) : [formats[0]!];
  };
  return {
    amounts: rank(AMOUNT_FORMATS, 'amount', (f) => ({ amounts: f })),
    rates: rank([{ digits: 2 }, ...NUMBER_FORMATS], 'rate', (f) => ({ rates: f })),
    growth: rank([{ digits: 2 }, ...NUMBER_FORMATS], 'growth', (f) => ({ growth: f })),
  };
}

/** The first choice the words of the report point to, for a start nearer the answer. */
function cues(text: string): StyleInput {
  const s: StyleInput = {};
  if (!/其中：当年/.test(text) && /加上/.test(text)) s.frame = /(收入|支出)合计/.test(text) ? '合计' : '加上';
  if (/完成年度(收入|支出)计划/.test(text)) s.rateWord = '完成年度计划';
  else for (const w of RATE_WORDS) if (w !== '完成调整预算的' && text.includes(w)) s.rateWord = w;
  if (/比\d{4}年（下同）/.test(text)) s.growthWord = '比上年年份增长（下同）';
  else if (/比上年(增长|下降)/.test(text)) s.growthWord = '比上年增长';
  else if (!/同比(增长|下降)/.test(text) && /[，,](增长|下降)\d/.test(text)) s.growthWord = '增长';
  if (/自然口径/.test(text)) s.comparable = '同口径增长';
  else if (/可比(增长|下降)/.test(text)) s.comparable = /同比(增长|下降)/.test(text) ? '可比增长' : '只写可比增长';
  if (/[超短]收/.test(text)) s.surplus = true;
  if (/收支决算平衡/.test(text)) s.balance = '收支决算平衡';
  else if (/收支相抵/.test(text)) s.balance = '收支相抵';
  if (/扣除/.test(text)) s.deductWord = '扣除';
  else if (/减去/.test(text)) s.deductWord = '减去';
  return s;
}

/** Scope names the report uses: the words before a budget's name. */
function scopeNames(text: string): { district: string[]; level: string[] } {
  const district = new Set<string>(['全区']);
  const level = new Set<string>(['区级']);
  for (const m of text.matchAll(/([\u4e00-\u9fa5]{0,4}本级|区级)(?=一般公共预算|政府性基金|国有资本|社会保险)/g)) level.add(m[1]!.replace(/^.*?(?=[\u4e00-\u9fa5]{0,3}本级$)/, ''));
  for (const m of text.matchAll(/(?:^|[，。；、\d]|年)(区|全区|全市|全县)(?=一般公共预算|政府性基金|国有资本|社会保险)/g)) district.add(m[1]!);
  return { district: [...district], level: [...level] };
}

export interface InferredStyle {
  style: StyleInput;
  /** How many of section 一's composed paragraphs the report has word for word. */
  exact: number;
  total: number;
}

/**
 * Infers the choices of a style from the report's section-一 paragraphs (`report`, text as read).
 * `index` reads per-figure formats off the report's numbers.
 */
export function inferStyle(ds: FinalAccountsDataset, report: readonly string[], index: FigureIndex): InferredStyle {
  const text = report.join('\n');
  const names = scopeNames(text);
  const seen = printedFormats(ds, text);
  const dims: Dim[] = [
    { name: 'amounts', values: seen.amounts, set: field('amounts') },
    { name: 'frame', values: [...FRAMES], set: field('frame') },
    { name: 'rateWord', values: [...RATE_WORDS], set: field('rateWord') },
    { name: 'growthWord', values: [...GROWTH_WORDS], set: field('growthWord') },
    { name: 'rates', values: seen.rates, set: field('rates') },
    { name: 'growth', values: seen.growth, set: field('growth') },
    { name: 'district', values: names.district, set: scope('district') },
    { name: 'level', values: names.level, set: scope('level') },
    { name: 'layout', values: [...LAYOUTS], set: scope('layout') },
    { name: 'yearLead', values: [true, false], set: field('yearLead') },
    { name: 'comparable', values: [...COMPARABLE], set: field('comparable') },
    { name: 'order', values: [...ORDERS], set: field('order') },
    { name: 'surplus', values: [false, true], set: field('surplus') },
    { name: 'separator', values: [...SEPARATORS], set: field('separator') },
    { name: 'lastJoiner', values: [...JOINERS], set: field('lastJoiner') },
    { name: 'deductWord', values: [...DEDUCT_WORDS], set: field('deductWord') },
    { name: 'balance', values: [...BALANCES], set: field('balance') },
    { name: 'revenueItems', values: [...REVENUE_ITEMS], set: field('revenueItems') },
  ];
  const memo = new Map<string, number>();
  const evaluate = (s: StyleInput): number => {
    const key = JSON.stringify(s);
    let v = memo.get(key);
    if (v === undefined) {
      v = fit(sectionOne(ds, s).paragraphs, report);
      memo.set(key, v);
    }
    return v;
  };
  let best: StyleInput = { ...cues(text), amounts: seen.amounts[0]!, rates: seen.rates[0]!, growth: seen.growth[0]! };
  let bestScore = evaluate(best);
  const descend = () => {
    for (let round = 0; round < 4; round++) {
      let improved = false;
      for (const d of dims) {
        for (const v of d.values) {
          const s = d.set(best, v);
          const sc = evaluate(s);
          if (sc > bestScore + 1e-9) {
            best = s;
            bestScore = sc;
            improved = true;
          }
        }
      }
      if (!improved) break;
    }
  };
  descend();
  // The words before a total (收入总量为 / 可用财力总计) and figures printed otherwise than the style (formats).
  const refined = refine(ds, best, report, index);
  if (evaluate(refined) > bestScore) {
    best = refined;
    bestScore = evaluate(best);
    descend();
  }
  const composed = sectionOne(ds, best).paragraphs;
  return { style: normalise(best), exact: composed.filter((c) => report.includes(c.text)).length, total: composed.length };
}

/**
 * Total words and per-figure formats, from the paragraphs the style composes nearly but not
 * exactly: where the composed figure prints otherwise than the report's number at the same place
 * and another 印法 of that figure prints the report's, that figure gets the format; where the
 * words before a side's total differ, the budget's side gets the report's words.
 */
function refine(ds: FinalAccountsDataset, style: StyleInput, report: readonly string[], index: FigureIndex): StyleInput {
  const { paragraphs, nameOf } = sectionOne(ds, style);
  const formats: Record<string, RefFormat> = { ...(style.formats ?? {}) };
  const totals: Record<string, string> = {};
  for (const [k, v] of Object.entries(style.totalWords ?? {})) if (v) totals[k] = v;
  for (const c of paragraphs) {
    if (report.includes(c.text)) continue;
    let bestR = '';
    let bestS = 0;
    for (const r of report) {
      const s = similarity(c.text, r);
      if (s > bestS) [bestR, bestS] = [r, s];
    }
    if (bestS < 0.5) continue;
    const tokens = findNumbers(bestR);
    if (tokens.length !== c.figures.length) continue;
    c.figures.forEach((f, i) => {
      const t = tokens[i]!;
      const printed = c.text.slice(f.start, f.end);
      const name = nameOf(f.num);
      if (!name || printed === t.printed) return;
      const hit = index.get(t.printed)?.find((x) => x.name === name && !x.table);
      if (hit?.format) formats[name] = hit.format;
    });
    // 加上/合计 frames: the words between the last comma and a side's total (收入总量为 / 可用财力总计).
    if (style.frame === '加上' || style.frame === '合计') {
      for (const f of c.figures) {
        const tm = /^(?:全区|区级)(一般公共预算|政府性基金预算|国有资本经营预算)总(收入|支出)$/.exec(nameOf(f.num) ?? '');
        if (!tm) continue;
        const ours = c.text.slice(c.text.lastIndexOf('，', f.start) + 1, f.start);
        const printed = c.text.slice(f.start, f.end);
        const at = bestR.indexOf(printed);
        if (at < 0) continue;
        const theirs = bestR.slice(bestR.lastIndexOf('，', at) + 1, at);
        if (theirs && theirs !== ours && theirs.length <= 10 && !/[0-9]/.test(theirs)) totals[`${tm[1]}${tm[2]}`] = theirs;
      }
    }
  }
  const out: StyleInput = { ...style };
  if (Object.keys(formats).length) out.formats = formats as StyleInput['formats'];
  if (Object.keys(totals).length) out.totalWords = totals as StyleInput['totalWords'];
  return out;
}

/** Defaults left out, so the style file says only where the district differs. */
function normalise(s: StyleInput): StyleInput {
  const d = houseStyle();
  const out: StyleInput = {};
  const put = <K extends keyof StyleInput>(k: K, v: StyleInput[K] | undefined, def: unknown) => {
    if (v !== undefined && JSON.stringify(v) !== JSON.stringify(def)) out[k] = v;
  };
  put('frame', s.frame, d.frame);
  put('totalWords', s.totalWords && Object.keys(s.totalWords).length ? s.totalWords : undefined, undefined);
  put('rateWord', s.rateWord, d.rateWord);
  put('growthWord', s.growthWord, d.growthWord);
  put('comparable', s.comparable, d.comparable);
  put('order', s.order, d.order);
  put('surplus', s.surplus, d.surplus);
  put('separator', s.separator, d.separator);
  put('lastJoiner', s.lastJoiner, d.lastJoiner);
  put('deductWord', s.deductWord, d.deductWord);
  put('balance', s.balance, d.balance);
  put('yearLead', s.yearLead, d.yearLead);
  put('revenueItems', s.revenueItems, d.revenueItems);
  const scopes = { ...(s.scopes?.district && s.scopes.district !== '全区' ? { district: s.scopes.district } : {}), ...(s.scopes?.level && s.scopes.level !== '区级' ? { level: s.scopes.level } : {}), ...(s.scopes?.layout && s.scopes.layout !== '分段' ? { layout: s.scopes.layout } : {}) };
  if (Object.keys(scopes).length) out.scopes = scopes;
  if (s.amounts && Object.keys(s.amounts).length) out.amounts = s.amounts;
  if (s.rates && !(s.rates.digits === 2 && !s.rates.keepZeros)) out.rates = s.rates;
  if (s.growth && !(s.growth.digits === 2 && !s.growth.keepZeros)) out.growth = s.growth;
  if (s.formats && Object.keys(s.formats).length) out.formats = s.formats;
  return out;
}
