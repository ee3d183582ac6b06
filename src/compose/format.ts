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

export function formatNumber(value: Dec, digits = 2): string {
  return plain(round(value, digits));
}

export type Direction = 'up' | 'down' | 'flat';

export function direction(value: Dec, digits: number): Direction {
  const r = round(value, digits);
  return r.isZero() ? 'flat' : r.isPositive() ? 'up' : 'down';
}

/** 增长 0.21% / 下降 0.52% / 持平 — chosen from the value as displayed. */
export function formatChange(value: Dec, digits: number, unit: '%' | '个百分点'): string {
  const dir = direction(value, digits);
  if (dir === 'flat') return '持平';
  return `${dir === 'up' ? '增长' : '下降'}${plain(round(value.abs(), digits))}${unit}`;
}

/** A count: integer, no separators. */
export function formatCount(value: Dec): string {
  return plain(round(value, 0));
}
