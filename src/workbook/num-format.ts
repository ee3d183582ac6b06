/**
 * What a cell's number format does to the number a writer sees. The reader takes a cell's value,
 * and a writer checks the number the sheet shows: where a format makes them differ by more than
 * rounding, the report would print a number no one typed or saw. Excel and WPS formats that do so:
 * scaling commas ("#,##0," shows 304200000 as 304,200), literal digits or a literal decimal point
 * inside the number ("0!.0000" shows 6383000000 as 638300.0000, the common 元→万元 trick;
 * `0"0000"`), and sections that show no number at all (";;;", `"有"`). Percent formats are read as
 * they show (percentShown).
 *
 * A small scanner of the format code's grammar (ECMA-376 Part 1, 18.8.31 numFmts): quoted text,
 * escapes (\x and Excel's !x), padding (_x), fill (*x), brackets (colours, conditions, locales),
 * sections split by ";".
 */

export type FormatMismatch =
  /** The number is shown divided by 1,000 per trailing comma. */
  | { kind: 'scaled'; factor: number }
  /** Literal digits or a literal decimal point are shown inside or after the number. */
  | { kind: 'literal'; text: string }
  /** The section that applies shows no number (empty, text only, a date). */
  | { kind: 'hidden' }
  /** The workbook has formats that read alike once loaded (0.0% and 0.0\%), one a percentage. */
  | { kind: 'ambiguous'; codes: string[] };

interface Token {
  /** digit: 0 # ?; point: the decimal point; comma; general; text: @; literal: what is shown as it is. */
  type: 'digit' | 'point' | 'comma' | 'general' | 'text' | 'literal' | 'percent' | 'exponent' | 'date';
  value: string;
}

interface Section {
  tokens: Token[];
  condition?: { op: string; value: number };
}

const GENERAL = /^(?:general|g\/通用格式)/i;
const DATE_LETTERS = /[yYmMdDhHsS]/;

/** Splits a format code into sections of tokens. */
function sections(code: string): Section[] {
  const out: Section[] = [{ tokens: [] }];
  let cur = out[0]!;
  for (let i = 0; i < code.length; i++) {
    const ch = code[i]!;
    const push = (type: Token['type'], value: string) => cur.tokens.push({ type, value });
    if (ch === ';') out.push((cur = { tokens: [] }));
    else if (ch === '"') {
      const end = code.indexOf('"', i + 1);
      const stop = end < 0 ? code.length : end;
      push('literal', code.slice(i + 1, stop));
      i = stop;
    } else if (ch === '\\' || ch === '!') {
      if (i + 1 < code.length) push('literal', code[++i]!);
    } else if (ch === '_' || ch === '*') i++; // padding as wide as the next character; fill with it
    else if (ch === '[') {
      const end = code.indexOf(']', i + 1);
      const stop = end < 0 ? code.length : end;
      const inner = code.slice(i + 1, stop);
      const m = /^(<=|>=|<>|<|>|=)\s*(-?\d+(?:\.\d+)?)$/.exec(inner.trim());
      if (m) cur.condition = { op: m[1]!, value: Number(m[2]) };
      // Elapsed-time brackets ([h], [mm]) show a time.
      else if (/^[hHmMsS]+$/.test(inner)) push('date', inner);
      i = stop;
    } else if (GENERAL.test(code.slice(i))) {
      const word = GENERAL.exec(code.slice(i))![0];
      push('general', word);
      i += word.length - 1;
    } else if (ch === '0' || ch === '#' || ch === '?') push('digit', ch);
    else if (ch === '.') push(cur.tokens.some((t) => t.type === 'point') ? 'literal' : 'point', ch);
    else if (ch === ',') push('comma', ch);
    else if (ch === '%') push('percent', ch);
    else if (ch === '@') push('text', ch);
    else if ((ch === 'E' || ch === 'e') && (code[i + 1] === '+' || code[i + 1] === '-')) push('exponent', code.slice(i, ++i + 1));
    else if (DATE_LETTERS.test(ch) || ch === 'A' || ch === 'a') {
      // Date and time codes (yyyy, m, d, h, ss, AM/PM) — exceljs reads most date cells as dates.
      push(/[aA]/.test(ch) && !/^a(?:m\/pm|\/p)/i.test(code.slice(i)) ? 'literal' : 'date', ch);
    } else push('literal', ch);
  }
  return out;
}

const holds = (c: { op: string; value: number }, v: number): boolean =>
  c.op === '<' ? v < c.value : c.op === '<=' ? v <= c.value : c.op === '>' ? v > c.value : c.op === '>=' ? v >= c.value : c.op === '=' ? v === c.value : v !== c.value;

/** The section Excel shows the value with (sections for text, the fourth, never apply to a number). */
function sectionFor(all: Section[], value: number): Section | null {
  const numeric = all.slice(0, 3);
  if (numeric.some((s) => s.condition)) {
    // With conditions: the first section whose condition holds; one without a condition catches the rest.
    for (const s of numeric) if (!s.condition || holds(s.condition, value)) return s;
    return null;
  }
  if (numeric.length === 1 || value > 0) return numeric[0]!;
  if (value < 0) return numeric[1]!;
  return numeric[2] ?? numeric[0]!;
}

/**
 * How the format makes the number shown differ from the value, or null when it shows the value
 * (rounded to its decimals, grouped, with text around it, as a percentage). `numFmt` is the cell's
 * format code (exceljs `cell.numFmt`); an absent one is General.
 */
export function formatMismatch(numFmt: string | undefined, value: number): FormatMismatch | null {
  return mismatchIn(shownTokens(numFmt, value), value);
}

/** The tokens of the section the value is shown with; null for an absent code (General). */
function shownTokens(numFmt: string | undefined, value: number): Token[] | null {
  const code = numFmt?.trim();
  return code ? (sectionFor(sections(code), value)?.tokens ?? []) : null;
}

function mismatchIn(tokens: Token[] | null, value: number): FormatMismatch | null {
  // Zero shows as zero under every format that shows a number (or as a blank or a dash).
  if (value === 0 || !tokens) return null;
  // A section of only @ shows a number as General does.
  if (tokens.some((t) => t.type === 'text') && !tokens.some((t) => t.type === 'digit')) return null;
  if (tokens.some((t) => t.type === 'general')) return null;
  const firstDigit = tokens.findIndex((t) => t.type === 'digit');
  if (firstDigit < 0) return { kind: 'hidden' };
  if (tokens.some((t) => t.type === 'date')) return { kind: 'hidden' };
  // Commas with no digit placeholder after them (before an exponent) scale: each divides by 1,000.
  const exp = tokens.findIndex((t) => t.type === 'exponent');
  const mantissa = exp < 0 ? tokens : tokens.slice(0, exp);
  const lastDigit = mantissa.map((t) => t.type).lastIndexOf('digit');
  const scaling = mantissa.slice(lastDigit + 1).filter((t) => t.type === 'comma').length;
  if (scaling > 0) return { kind: 'scaled', factor: 1000 ** scaling };
  const literal = literalInNumber(mantissa, firstDigit, lastDigit);
  return literal === null ? null : { kind: 'literal', text: literal };
}

const NUMERIC_TEXT = /[0-9０-９.．]/;

/**
 * Literal text that reads as part of the number: digits or a point between the digit placeholders
 * ("0!.0000", `0"."00`), or touching the number from either side (`0"0000"`, `"0."0000`). Words
 * after the number are its unit, digits and all (`0.00"万m3"`, `0"（2024年）"`); a fraction's
 * denominator may be written out (`# ??/100`).
 */
function literalInNumber(tokens: Token[], first: number, last: number): string | null {
  const slash = tokens.findIndex((t, i) => i > first && i < last && t.type === 'literal' && t.value === '/');
  const isFraction = slash > 0 && tokens[slash - 1]!.type === 'digit';
  for (let i = first + 1; i < last; i++) {
    const t = tokens[i]!;
    if (isFraction && i > slash) break;
    if (t.type === 'literal' && t.value !== '/' && NUMERIC_TEXT.test(t.value)) return t.value;
  }
  const after = tokens[last + 1];
  if (after?.type === 'literal' && NUMERIC_TEXT.test(after.value[0] ?? '')) return after.value;
  const before = tokens[first - 1];
  if (before?.type === 'literal' && NUMERIC_TEXT.test(before.value[before.value.length - 1] ?? '')) return before.value;
  return null;
}

/** A money unit written right after a number (0.0000"亿元", #,##0"元", 0.00" 万元"); 亿 and 万 alone are 亿元 and 万元. */
const MONEY_UNIT = /^[\s\u3000（(]*(?:人民币)?(万亿元|千万元|百万元|十万元|亿元|万元|千元|百元|元|亿|万)(?![\p{Script=Han}A-Za-z0-9])/u;

/**
 * The money unit the format writes after the number the value is shown with (亿元 for
 * 0.0000"亿元"), or null. The number shown is the value, but in the unit the format names: 0.1964
 * shown as 0.1964亿元 in a column read in 万元 is 1964万元 to the writer and 0.1964万元 to the report.
 */
export function unitShown(numFmt: string | undefined, value: number): string | null {
  const tokens = shownTokens(numFmt, value);
  if (!tokens) return null;
  const last = tokens.map((t) => t.type).lastIndexOf('digit');
  if (last < 0) return null;
  const after = tokens
    .slice(last + 1)
    .filter((t) => t.type === 'literal')
    .map((t) => t.value)
    .join('');
  const unit = MONEY_UNIT.exec(after)?.[1];
  return unit === undefined ? null : unit === '亿' ? '亿元' : unit === '万' ? '万元' : unit;
}

/** Whether the section the value is shown with shows it as a percentage (a % outside quotes, escapes and brackets). */
export function percentShown(numFmt: string | undefined, value: number): boolean {
  return !!shownTokens(numFmt, value)?.some((t) => t.type === 'percent');
}

/**
 * What a number shows as under the format codes a cell may have (a workbook cell has one, as the file
 * has it: load/xlsx.ts withEscapedFormatCodes): a percentage or not, a mismatch, and the decimals it is shown with. Codes that
 * disagree on the percentage are said as a mismatch: which one the cell has cannot be told.
 * `decimals` where the format fixes them (0.00, #,##0.0, 0.0%: the value shown rounded to that
 * many), null where it does not (General, text, a scientific or fraction format, no format) or
 * where the codes disagree on them.
 */
export function readFormat(codes: readonly string[], value: number): { percent: boolean; mismatch: FormatMismatch | null; decimals: number | null } {
  let percent: boolean | null = null;
  let decimals: number | null | undefined;
  for (const code of codes) {
    const tokens = shownTokens(code, value);
    const mismatch = mismatchIn(tokens, value);
    if (mismatch) return { percent: false, mismatch, decimals: null };
    const p = !!tokens?.some((t) => t.type === 'percent');
    if (percent !== null && p !== percent) return { percent: false, mismatch: { kind: 'ambiguous', codes: [...codes] }, decimals: null };
    percent = p;
    const d = decimalsIn(tokens);
    decimals = decimals === undefined || decimals === d ? d : null;
  }
  return { percent: percent ?? false, mismatch: null, decimals: decimals ?? null };
}

/** The decimals a section's tokens show a number with (readFormat), or null. */
function decimalsIn(tokens: Token[] | null): number | null {
  if (!tokens || !tokens.some((t) => t.type === 'digit') || tokens.some((t) => t.type === 'general' || t.type === 'exponent' || t.type === 'date' || (t.type === 'literal' && t.value === '/'))) return null;
  const point = tokens.findIndex((t) => t.type === 'point');
  return point < 0 ? 0 : tokens.slice(point + 1).filter((t) => t.type === 'digit').length;
}

/** The mismatch in words, for a message: “把数缩小 1000 倍显示” … */
export function describeMismatch(m: FormatMismatch): string {
  switch (m.kind) {
    case 'scaled':
      return `把数缩小 ${m.factor.toLocaleString('en')} 倍显示（格式中数字后的逗号）`;
    case 'literal':
      return `在数字中或数字后加了文字“${m.text}”，显示的数与单元格中的值不同`;
    case 'hidden':
      return '不显示这个数（显示为空白、文字或日期）';
    case 'ambiguous':
      return `无法确定是否按百分比显示（工作簿中有读取后无法区分的格式 ${m.codes.map((c) => `“${c}”`).join('、')}）`;
  }
}
