import type { Num } from '../compose/num';
import { D } from '../compose/num';
import type { NamedFigures } from '../compose/named-figures';
import { formatFigure } from '../compose/prose';
import { tableFigureKind } from '../compose/budget-text';
import { formatFixed, formatWan, groupThousands, direction } from '../compose/format';
import type { FigureKind } from '../compose/style-print';
import { describeSource } from '../model/source';
import type { RefFormat } from '../style/refs';
import type { ResolvedFigure } from '../validate/figures';
import type { TokenKind } from './numbers';

/**
 * The reverse index of `adopt`: every figure of the dataset under each way a report may print it
 * (万元 as typed or with separators, 亿元 at 0–4 places with or without trailing zeros, rates and
 * changes at 0–4 places, 增长/下降 by the sign, years, counts) → the figures that print so, each
 * with the 印法 that prints it. The figures table's own display counts too.
 */

export interface Candidate {
  name: string;
  kind: FigureKind;
  /** The 印法 a reference needs to print this form; the style's own format may print it without one. */
  format: RefFormat | null;
  /** The figure's source: candidates with the same source are the same figure under two names. */
  source: string;
  num: Num;
  /** From the figures table (printed by its own display), not a named figure of the budgets. */
  table: boolean;
  /**
   * A figures-table count or year: the unit word its own display prints after the number (4个,
   * 2023年), which the report's text then has after the number too.
   */
  unit?: string;
}

export type FigureIndex = Map<string, Candidate[]>;

const DIGITS = [0, 1, 2, 3, 4];

/** The printed forms of an amount (value in 万元) with the 印法 of each. */
function amountForms(v: InstanceType<typeof D>): [string, RefFormat][] {
  const out: [string, RefFormat][] = [];
  const wan = formatWan(v);
  out.push([`${wan}万元`, { unit: '万元' }], [`${groupThousands(wan)}万元`, { unit: '万元', thousands: true }]);
  for (const d of [0, 1, 2]) for (const keepZeros of [false, true]) out.push([`${formatFixed(v, d, keepZeros)}万元`, { unit: '万元', digits: d, ...(keepZeros ? { keepZeros } : {}) }]);
  const yi = v.div(10000);
  for (const d of DIGITS)
    for (const keepZeros of [false, true]) {
      const s = formatFixed(yi, d, keepZeros);
      const f: RefFormat = { unit: '亿元', digits: d, ...(keepZeros ? { keepZeros } : {}) };
      out.push([`${s}亿元`, f]);
      if (s.replace(/^-/, '').split('.')[0]!.length > 3) out.push([`${groupThousands(s)}亿元`, { ...f, thousands: true }]);
    }
  return out;
}

function numberForms(v: InstanceType<typeof D>, unit: string): [string, RefFormat][] {
  return DIGITS.flatMap((d) => [false, true].map((keepZeros) => [`${formatFixed(v, d, keepZeros)}${unit}`, { digits: d, ...(keepZeros ? { keepZeros } : {}) }] as [string, RefFormat]));
}

function changeForms(v: InstanceType<typeof D>, unit: '%' | '个百分点'): [string, RefFormat][] {
  return DIGITS.flatMap((d) =>
    [false, true].flatMap((keepZeros): [string, RefFormat][] => {
      const dir = direction(v, d);
      if (dir === 'flat') return [];
      const word = dir === 'down' ? '下降' : unit === '%' ? '增长' : '提高';
      return [[`${word}${formatFixed(v.abs(), d, keepZeros)}${unit}`, { digits: d, ...(keepZeros ? { keepZeros } : {}) }]];
    }),
  );
}

function formsOf(kind: FigureKind, n: Num): [string, RefFormat | null][] {
  const v = n.value;
  switch (kind) {
    case 'amount':
      return amountForms(v);
    case 'rate':
      return numberForms(v, '%');
    case 'growth':
      return changeForms(v, '%');
    case 'pp':
      return changeForms(v, '个百分点');
    default:
      return v.isInteger() ? [[v.toFixed(0), null]] : [];
  }
}

/** What kind of token a figure of this kind prints as. */
export function tokenKindOf(kind: FigureKind): TokenKind {
  return kind === 'year' ? 'year' : kind;
}

/** The printed form without a count's unit word (the unit stays text around the number). */
function tableOwnForm(f: ResolvedFigure, kind: FigureKind): string {
  const s = formatFigure(f);
  return kind === 'count' || kind === 'year' ? s.slice(0, s.length - f.unit.length) : s;
}

export function buildFigureIndex(named: NamedFigures, table: Map<string, ResolvedFigure>): FigureIndex {
  const index: FigureIndex = new Map();
  const add = (form: string, c: Candidate) => {
    const list = index.get(form);
    if (!list) index.set(form, [c]);
    // One entry per name: the first 印法 that prints the form is the simplest (forms are made in that order).
    else if (!list.some((x) => x.name === c.name)) list.push(c);
  };
  for (const [name, f] of table) {
    const kind = tableFigureKind(f);
    const source = describeSource(f.num.src);
    const unit = (kind === 'count' || kind === 'year') && f.unit ? { unit: f.unit } : {};
    add(tableOwnForm(f, kind), { name, kind, format: null, source, num: f.num, table: true, ...unit });
    for (const [form, format] of formsOf(kind, f.num)) add(form, { name, kind, format, source, num: f.num, table: true, ...unit });
  }
  for (const [name, f] of named.entries()) {
    // A figures-table name wins over a named figure of the same name (as in text written in data).
    if (table.has(name) || !f.num.value.isFinite()) continue;
    const source = describeSource(f.num.src);
    for (const [form, format] of formsOf(f.kind, f.num)) add(form, { name, kind: f.kind, format, source, num: f.num, table: false });
  }
  return index;
}
