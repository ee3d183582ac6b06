import { D, type Dec } from './num';

/**
 * The one formatting policy for figures (fiscal-rules.md): 万元 as typed (integers, or two
 * decimals where the data has them); 亿元 from the 万元 figure rounded to the sentence's
 * precision; rates rounded; trailing zeros always dropped; wording follows the rounded value.
 */

function plain(d: Dec): string {
  const s = d.toFixed();
  return s === '-0' ? '0' : s;
}

export function round(value: Dec, digits: number): Dec {
  // Most figures already have no more places than printed (万元 integers): nothing to round.
  return value.decimalPlaces() <= digits ? value : value.toDecimalPlaces(digits, D.ROUND_HALF_UP);
}

/** 万元: at most two decimals. */
export function formatWan(value: Dec): string {
  return plain(round(value, 2));
}

/** 万元 → 亿元 at the given precision. */
export function formatYi(valueWan: Dec, digits = 2): string {
  return plain(round(valueWan.div(10000), digits));
}

/** An amount in 亿元 with its unit, or in 万元 where 亿元 would show 0 of a sum that is there (300万元, not 0亿元). */
export function yiOrWan(valueWan: Dec, digits = 2): string {
  const yi = round(valueWan.div(10000), digits);
  return yi.isZero() && !valueWan.isZero() ? `${formatWan(valueWan)}万元` : `${plain(yi)}亿元`;
}

export function formatNumber(value: Dec, digits = 2): string {
  return plain(round(value, digits));
}

export type Direction = 'up' | 'down' | 'flat';

export function direction(value: Dec, digits: number): Direction {
  const r = round(value, digits);
  return r.isZero() ? 'flat' : r.isPositive() ? 'up' : 'down';
}

/**
 * 增长 0.21% / 下降 0.52% / 持平 — chosen from the value as displayed. A change of a rate or share
 * (个百分点) rises as 提高, never 增长: 提高1.2个百分点 / 下降3.3个百分点.
 */
export function formatChange(value: Dec, digits: number, unit: '%' | '个百分点'): string {
  const dir = direction(value, digits);
  if (dir === 'flat') return '持平';
  return `${dir === 'up' ? (unit === '%' ? '增长' : '提高') : '下降'}${plain(round(value.abs(), digits))}${unit}`;
}

/** A count: integer, no separators. */
export function formatCount(value: Dec): string {
  return plain(round(value, 0));
}

/** To `digits` places; trailing zeros kept (8.0, 10.60) or dropped (8, 10.6) as the house style says. */
export function formatFixed(value: Dec, digits: number, keepZeros: boolean): string {
  if (!keepZeros) return formatNumber(value, digits);
  const s = round(value, digits).toFixed(digits);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** Thousands separators in the integer part: 1254300 → 1,254,300. */
export function groupThousands(s: string): string {
  const m = /^(-?)(\d+)(.*)$/.exec(s);
  if (!m) return s;
  return `${m[1]}${m[2]!.replace(/\B(?=(\d{3})+$)/g, ',')}${m[3]}`;
}
