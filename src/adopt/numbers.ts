/**
 * The numbers of a report's text, as printed: amounts with their unit (470383万元, 47.04亿元,
 * 1,254,300万元), rates (100.08%), changes with their word (增长0.21%, 下降3.3个百分点), years
 * (2024年), dates (2025年8月29日), counts and other numbers. Each token's `printed` stretch is what
 * a figure prints (the word 增长/下降 included, the unit of a count and the 年 of a year not).
 */

export type TokenKind = 'amount' | 'rate' | 'growth' | 'pp' | 'year' | 'date' | 'count';

export interface NumberToken {
  kind: TokenKind;
  /** The stretch a figure prints, and where it is in the paragraph. */
  printed: string;
  start: number;
  end: number;
}

const NUMBER = /[0-9][0-9,]*(?:\.[0-9]+)?/y;
const CHANGE_WORD = /(增长|下降|提高)$/;

/** Every number of a paragraph, in order; full-width digits are left to the caller as typed text (no figure prints them). */
export function findNumbers(text: string): NumberToken[] {
  const out: NumberToken[] = [];
  for (let at = text.search(/[0-9]/); at >= 0 && at < text.length; ) {
    NUMBER.lastIndex = at;
    const m = NUMBER.exec(text)!;
    let start = at;
    let digits = m[0];
    // A thousands separator is part of a number only between groups of three digits (1,254,300), not a list's comma.
    if (digits.includes(',') && !/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(digits)) digits = digits.slice(0, digits.indexOf(','));
    let end = start + digits.length;
    const after = text.slice(end);
    const date = /^年(\d{1,2})月(\d{1,2})日/.exec(after);
    if (/^\d{4}$/.test(digits) && date) {
      end += date[0].length;
      out.push({ kind: 'date', printed: text.slice(start, end), start, end });
      at = next(text, end);
      continue;
    }
    const unit = /^(万元|亿元|%|％|个百分点)/.exec(after)?.[1];
    const word = CHANGE_WORD.exec(text.slice(Math.max(0, start - 2), start))?.[1];
    if (unit === '万元' || unit === '亿元') {
      end += unit.length;
      out.push({ kind: 'amount', printed: text.slice(start, end), start, end });
    } else if (unit === '个百分点') {
      end += unit.length;
      if (word) start -= word.length;
      out.push({ kind: 'pp', printed: text.slice(start, end), start, end });
    } else if (unit) {
      end += unit.length;
      if (word === '增长' || word === '下降') {
        start -= word.length;
        out.push({ kind: 'growth', printed: text.slice(start, end), start, end });
      } else out.push({ kind: 'rate', printed: text.slice(start, end), start, end });
    } else if (/^\d{4}$/.test(digits) && /^年/.test(after) && Number(digits) >= 1949 && Number(digits) <= 2100) {
      out.push({ kind: 'year', printed: digits, start, end });
    } else out.push({ kind: 'count', printed: digits, start, end });
    at = next(text, end);
  }
  return out;
}

/** Where the next number starts, from `from` on (-1: none). */
function next(text: string, from: number): number {
  const i = text.slice(from).search(/[0-9]/);
  return i < 0 ? -1 : from + i;
}

/** Any digit, Arabic or full-width: a paragraph with none has no number to place. */
export const HAS_DIGIT = /[0-9０-９]/;
