/**
 * References in text written in data (a style's paragraphs, headings, title, opening):
 *   {{名称}}           a figure by its name, printed by the style (or the figures table's own display);
 *   {{名称|印法}}      the same figure printed its own way here: 亿元2位, 万元千分位, 1位保留0 …;
 *   {{?原文}}          a number `adopt` found in last year's report but could not place: printed as
 *                      typed, listed by `build --audit` as unsourced until the writer names its figure.
 * Pure parsing and printing of the 印法, shared by the composer, the style check and `adopt`.
 */

/** How one reference prints where the style's own format is not what the report shows. */
export interface RefFormat {
  unit?: '万元' | '亿元';
  digits?: number;
  keepZeros?: boolean;
  thousands?: boolean;
}

export type TextRef = { kind: 'figure'; name: string; format: RefFormat | null } | { kind: 'unplaced'; text: string };

/** The derivation of a number `adopt` left as typed ({{?…}}): the numbers audit lists it as unsourced. */
export const UNPLACED = '未对应数据的数字';

/** The marker of a number left as typed: {{?12.3亿元}}. */
export const UNPLACED_MARK = '?';

const FORMAT = /^(万元|亿元)?(?:([0-4])位)?(保留0)?(千分位)?$/;

/** 亿元2位保留0 → {unit: 亿元, digits: 2, keepZeros: true}; null when it is not a 印法. */
export function parseRefFormat(s: string): RefFormat | null {
  const m = FORMAT.exec(s.trim());
  if (!m || !s.trim()) return null;
  const f: RefFormat = {};
  if (m[1]) f.unit = m[1] as RefFormat['unit'];
  if (m[2] !== undefined) f.digits = Number(m[2]);
  if (m[3]) f.keepZeros = true;
  if (m[4]) f.thousands = true;
  return f;
}

/** The 印法 as written in a reference (canonical order: unit, places, zeros, separators). */
export function refFormatText(f: RefFormat): string {
  return `${f.unit ?? ''}${f.digits !== undefined ? `${f.digits}位` : ''}${f.keepZeros ? '保留0' : ''}${f.thousands ? '千分位' : ''}`;
}

/** The inside of {{…}} read as a reference; `error` says what is wrong with a 印法 that cannot be read. */
export function parseTextRef(inner: string): TextRef | { error: string; name: string } {
  const s = inner.trim();
  if (s.startsWith(UNPLACED_MARK)) return { kind: 'unplaced', text: s.slice(UNPLACED_MARK.length) };
  const bar = s.indexOf('|');
  if (bar < 0) return { kind: 'figure', name: s, format: null };
  const name = s.slice(0, bar).trim();
  const format = parseRefFormat(s.slice(bar + 1));
  if (!format) return { error: `“${s.slice(bar + 1)}”不是印法（可写：万元、亿元、几位小数如“2位”、“保留0”、“千分位”，如“亿元2位”“1位保留0”）`, name };
  return { kind: 'figure', name, format };
}

/** The reference as written: {{名称}} / {{名称|亿元2位}}. */
export function refText(name: string, format: RefFormat | null): string {
  const f = format ? refFormatText(format) : '';
  return `{{${name}${f ? `|${f}` : ''}}}`;
}
