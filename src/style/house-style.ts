import type { StyleInput, StyleParagraphInput } from './schema';
import { pathToString, type PathSegment } from '../load/path';
import type { FRAMES, RATE_WORDS, GROWTH_WORDS, COMPARABLE, ORDERS, SEPARATORS, JOINERS, DEDUCT_WORDS, BALANCES, LAYOUTS, REVENUE_ITEMS, HEADING_KEYS } from './schema';

/** How a kind of number prints, settled: places, and whether trailing zeros stay. */
export interface NumberStyle {
  digits: number;
  keepZeros: boolean;
}
export interface AmountStyle extends NumberStyle {
  unit: '万元' | '亿元';
  thousands: boolean;
  /** 万元 figures print as typed (up to two places) unless the style states places. */
  asTyped: boolean;
}

/** A house style with every choice settled: what the composer reads. */
export interface HouseStyle {
  name: string | null;
  frame: (typeof FRAMES)[number];
  /** The words before a side's total, by budget and side (一般公共预算收入 → 可用财力总计). */
  totalWord(budget: string, side: '收入' | '支出'): string;
  rateWord: (typeof RATE_WORDS)[number];
  growthWord: (typeof GROWTH_WORDS)[number];
  comparable: (typeof COMPARABLE)[number];
  order: (typeof ORDERS)[number];
  surplus: boolean;
  separator: (typeof SEPARATORS)[number];
  lastJoiner: (typeof JOINERS)[number];
  deductWord: (typeof DEDUCT_WORDS)[number];
  balance: (typeof BALANCES)[number];
  yearLead: boolean;
  revenueItems: (typeof REVENUE_ITEMS)[number];
  scopes: { district: string; level: string; layout: (typeof LAYOUTS)[number] };
  amounts: AmountStyle;
  rates: NumberStyle;
  growth: NumberStyle;
  formats: Map<string, Partial<AmountStyle>>;
  title: string | null;
  salutation: string;
  opening: string | null;
  headings: Partial<Record<(typeof HEADING_KEYS)[number], string>>;
  paragraphs: Map<string, StyleParagraphInput[]>;
  /**
   * Where the style's texts sit, for the numbers audit: a path in the dataset (style.paragraphs…)
   * when the dataset holds the style, or `style:` and a path in the style file.
   */
  textPath(path: readonly PathSegment[]): string;
  /** The path in the style of a place's i-th paragraph (paragraphs.key, or paragraphs.key[i] for a list). */
  paragraphPath(key: string, i: number): PathSegment[];
}

/** Source paths of text written in a style file (not in the dataset) carry this prefix. */
export const STYLE_PREFIX = 'style:';

const TOTAL_WORDS = {
  其中: { income: '', expenditure: '' },
  加上: { income: '收入总量为', expenditure: '支出总量为' },
  合计: { income: '收入合计', expenditure: '支出合计' },
} as const;

/**
 * The default style: the report as the tool wrote it before styles existed. `origin`: the style's
 * place, for tracing its texts (in the dataset at `style`, or a style file of its own).
 */
export function houseStyle(s: StyleInput = {}, origin: { file: boolean; base: PathSegment[] } = { file: false, base: ['style'] }): HouseStyle {
  const frame = s.frame ?? '其中';
  const unit = s.amounts?.unit ?? '万元';
  return {
    name: s.name ?? null,
    frame,
    totalWord: (budget, side) =>
      s.totalWords?.[`${budget}${side}`] ?? s.totalWords?.[side] ?? TOTAL_WORDS[frame][side === '收入' ? 'income' : 'expenditure'],
    rateWord: s.rateWord ?? '完成调整预算的',
    growthWord: s.growthWord ?? '同比增长',
    comparable: s.comparable ?? '不写',
    order: s.order ?? '完成率在前',
    surplus: s.surplus ?? false,
    separator: s.separator ?? '；',
    lastJoiner: s.lastJoiner ?? '无',
    deductWord: s.deductWord ?? '减',
    balance: s.balance ?? '不写',
    yearLead: s.yearLead ?? true,
    revenueItems: s.revenueItems ?? '不列',
    scopes: { district: s.scopes?.district ?? '全区', level: s.scopes?.level ?? '区级', layout: s.scopes?.layout ?? '分段' },
    amounts: {
      unit,
      digits: s.amounts?.digits ?? 2,
      keepZeros: s.amounts?.keepZeros ?? false,
      thousands: s.amounts?.thousands ?? false,
      asTyped: unit === '万元' && s.amounts?.digits === undefined,
    },
    rates: { digits: s.rates?.digits ?? 2, keepZeros: s.rates?.keepZeros ?? false },
    growth: { digits: s.growth?.digits ?? 2, keepZeros: s.growth?.keepZeros ?? false },
    formats: new Map(
      Object.entries(s.formats ?? {}).map(([k, v]) => {
        const f: Partial<AmountStyle> = {};
        if (v.unit !== undefined) f.unit = v.unit;
        if (v.digits !== undefined) f.digits = v.digits;
        if (v.keepZeros !== undefined) f.keepZeros = v.keepZeros;
        if (v.thousands !== undefined) f.thousands = v.thousands;
        return [k, f];
      }),
    ),
    title: s.title ?? null,
    salutation: s.salutation ?? '各位主任、各位委员：',
    opening: s.opening ?? null,
    headings: { ...(s.headings ?? {}) },
    paragraphs: new Map(Object.entries(s.paragraphs ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v : [v]])),
    paragraphPath: (key, i) => (Array.isArray(s.paragraphs?.[key]) ? ['paragraphs', key, i] : ['paragraphs', key]),
    textPath: (path) => (origin.file ? STYLE_PREFIX : '') + pathToString([...origin.base, ...path]),
  };
}
