import { D, type Dec } from '../compose/num';

/**
 * How the text of a cell is read: what people type into Excel and WPS, and what budget systems
 * export. Pure functions, shared by the workbook reader and the formula evaluator.
 */

const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g;

/** Full-width forms folded (４７０，３８３．５ → 470,383.5), zero-width marks dropped, ends trimmed. */
export function normalizeText(s: string): string {
  return s
    .normalize('NFKC')
    .replace(ZERO_WIDTH, '')
    .replace(/[\u2212\u2012\u2013\ufe63]/g, '-')
    .replace(/\r\n?/g, '\n')
    .trim();
}

export interface ParsedNumber {
  value: Dec;
  /** The text ended in %: "100.08%" (the caller decides what a percent means where it sits). */
  percent: boolean;
}

// Digits with thousands separators in groups of three (470,383 or 470 383), or plain digits;
// a decimal part; an exponent (as CSV exports write); a trailing percent sign.
const NUMBER = /^([+-])?(\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+|\d*)(\.\d*)?(?:[eE]([+-]?\d+))?(%)?$/;

/** A number typed as text, or null when the text is not one ("约47亿", "12,34", "—"). */
export function parseNumberText(text: string): ParsedNumber | null {
  const s = normalizeText(text);
  const m = NUMBER.exec(s);
  if (!m) return null;
  const int = (m[2] ?? '').replace(/[, ]/g, '');
  const frac = m[3] ?? '';
  if (!int && frac.length <= 1) return null;
  let value = new D(`${int || '0'}${frac === '.' ? '' : frac}${m[4] !== undefined ? `e${m[4]}` : ''}`);
  if (m[1] === '-') value = value.neg();
  return { value, percent: m[5] === '%' };
}

/** Rounds away binary noise the way Excel shows numbers: 15 significant digits. */
export function cleanNumber(n: number): number {
  if (!Number.isFinite(n) || n === 0) return n === 0 ? 0 : n;
  return Number(n.toPrecision(15));
}

const pad = (n: number) => String(n).padStart(2, '0');

function isoDate(y: number, m: number, d: number): string | null {
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** 2025-08-29, 2025/8/29, 2025.8.29, 2025年8月29日 → "2025-08-29"; null when not a date. */
export function parseDateText(text: string): string | null {
  const s = normalizeText(text);
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s);
  if (!m) return null;
  return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** A Date as exceljs gives it (UTC midnight of the cell's day) → "2025-08-29". */
export function dateToIso(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** An Excel serial day number → "YYYY-MM-DD" (1900 system, or 1904 where the workbook says so). */
export function serialToIso(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return null;
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  return dateToIso(new Date(epoch + Math.floor(serial) * 86400000));
}

/** "2025-08-29" → the Date exceljs writes as that day. */
export function isoToDate(iso: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m || !isoDate(Number(m[1]), Number(m[2]), Number(m[3]))) return null;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}
