/**
 * Minimal, text-preserving surgery on WordprocessingML: find bookmarks and the text they cover,
 * and rewrite only that text. Everything outside the touched w:t elements stays byte for byte.
 */

export interface BookmarkRange {
  name: string;
  id: string;
  /** Offset of <w:bookmarkStart …/> and just after it. */
  start: number;
  startEnd: number;
  /** Offset of <w:bookmarkEnd …/> and just after it. */
  end: number;
  endEnd: number;
  text: string;
}

const START = /<w:bookmarkStart\b([^>]*?)\/>/g;
const attr = (attrs: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(attrs)?.[1];
const T = /<w:t(\s[^>]*)?>([^<]*)<\/w:t>|<w:t(\s[^>]*)?\/>/g;

export function decodeXml(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#(\d+)|#x([0-9a-fA-F]+));/g, (_, name: string, dec?: string, hexa?: string) => {
    if (dec) return String.fromCodePoint(Number(dec));
    if (hexa) return String.fromCodePoint(parseInt(hexa, 16));
    return { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[name as 'lt']!;
  });
}

export function encodeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Text of the w:t elements in a stretch of XML. */
export function xmlText(xml: string): string {
  let out = '';
  for (const m of xml.matchAll(T)) out += m[2] !== undefined ? decodeXml(m[2]) : '';
  return out;
}

export function findBookmarks(xml: string, accept: (name: string) => boolean): BookmarkRange[] {
  const out: BookmarkRange[] = [];
  for (const m of xml.matchAll(START)) {
    const name = attr(m[1]!, 'w:name');
    const id = attr(m[1]!, 'w:id');
    if (!name || id === undefined || !accept(name)) continue;
    const endRe = new RegExp(`<w:bookmarkEnd\\b[^>]*\\bw:id="${id}"[^>]*\\/>`, 'g');
    endRe.lastIndex = m.index + m[0].length;
    const e = endRe.exec(xml);
    if (!e) continue;
    const start = m.index;
    const startEnd = m.index + m[0].length;
    out.push({ name, id, start, startEnd, end: e.index, endEnd: e.index + e[0].length, text: xmlText(xml.slice(startEnd, e.index)) });
  }
  return out;
}

/** The range's new inner XML: the new text in its first w:t, later w:t emptied, runs and formatting kept. */
export function replaceRangeText(inner: string, text: string): string {
  let first = true;
  return inner.replace(T, (_m, a1?: string, _t?: string, a3?: string) => {
    const attrs = (a1 ?? a3 ?? '').replace(/\s*xml:space="[^"]*"/, '');
    const content = first ? encodeXml(text) : '';
    first = false;
    return `<w:t${attrs} xml:space="preserve">${content}</w:t>`;
  });
}

/**
 * Applies edits (non-overlapping, by offset) to a string, last first. At one offset a replacement
 * goes before an insertion, so an insertion at a tag's start stays in front of the rewritten tag.
 */
export function applyEdits(s: string, edits: { from: number; to: number; text: string }[]): string {
  const sorted = [...edits].sort((a, b) => b.from - a.from || b.to - a.to);
  let out = s;
  for (const e of sorted) out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return out;
}

/** A bookmark's start tag (<w:bookmarkStart …/>) with another name. */
export const renamedTag = (tag: string, name: string): string => tag.replace(/w:name="[^"]*"/, `w:name="${name}"`);

/** A table row (<w:tr>…</w:tr>) and its cells (<w:tc>…</w:tc>), by offset. */
export interface XmlRow {
  start: number;
  end: number;
  cells: { start: number; end: number }[];
}

/** The text of each cell of a row. */
export const cellTexts = (xml: string, row: XmlRow): string[] => row.cells.map((c) => xmlText(xml.slice(c.start, c.end)));

/** The next <tag …> or <tag> at or after `from` (not a longer name starting the same: <w:tr> but not <w:trPr>), or −1. */
function openTag(xml: string, tag: string, from: number, before = xml.length): number {
  for (let i = xml.indexOf(tag, from); i >= 0 && i < before; i = xml.indexOf(tag, i + 1)) {
    const ch = xml[i + tag.length];
    if (ch === '>' || ch === ' ' || ch === '/') return i;
  }
  return -1;
}

/** The last <tag …> or <tag> starting at or before `at` (not a longer name: <w:p> but not <w:pPr>), or −1. */
export function lastOpenTag(xml: string, tag: string, at: number): number {
  for (let i = xml.lastIndexOf(tag, at); i >= 0; i = xml.lastIndexOf(tag, i - 1)) {
    const ch = xml[i + tag.length];
    if (ch === '>' || ch === ' ') return i;
  }
  return -1;
}

/** Where the table row holding offset `at` starts (<w:tr …>), or −1. */
const rowStart = (xml: string, at: number): number => lastOpenTag(xml, '<w:tr', at);

/** The row starting at `start` with its cells; null where it runs past `tableEnd` or holds a nested table. */
function readRow(xml: string, start: number, tableEnd: number): XmlRow | null {
  const end = xml.indexOf('</w:tr>', start);
  if (end < 0 || end > tableEnd || openTag(xml, '<w:tbl', start, end) >= 0) return null;
  const cells: XmlRow['cells'] = [];
  for (let c = openTag(xml, '<w:tc', start, end); c >= 0; c = openTag(xml, '<w:tc', c + 1, end)) {
    const cellEnd = xml.indexOf('</w:tc>', c);
    if (cellEnd < 0 || cellEnd > end) return null;
    cells.push({ start: c, end: cellEnd + 7 });
  }
  return { start, end: end + 7, cells };
}

/** The table row holding offset `at` (null where `at` is in no row this reader can read). */
export function tableRowAt(xml: string, at: number): XmlRow | null {
  const start = rowStart(xml, at);
  const tableEnd = xml.indexOf('</w:tbl>', at);
  if (start < 0 || tableEnd < 0) return null;
  const row = readRow(xml, start, tableEnd);
  return row && row.end > at ? row : null;
}

/**
 * The rows of a table from the row holding offset `at` to the table's end (or to the row before one
 * `stopBefore` accepts), each with its cells; null where `at` is in no table row or the rows hold a nested table (not a table this program wrote
 * rows into, and not safe to read row by row).
 */
export function tableRowsFrom(xml: string, at: number, stopBefore: (row: XmlRow) => boolean = () => false): XmlRow[] | null {
  let start = rowStart(xml, at);
  const tableEnd = xml.indexOf('</w:tbl>', at);
  if (start < 0 || tableEnd < 0) return null;
  const rows: XmlRow[] = [];
  while (start >= 0) {
    const row = readRow(xml, start, tableEnd);
    if (!row || (!rows.length && row.end <= at)) return null;
    if (rows.length && stopBefore(row)) break;
    rows.push(row);
    start = openTag(xml, '<w:tr', row.end, tableEnd);
  }
  return rows;
}

/**
 * A table cell's XML with its text replaced: the new text in its first w:t, later w:t emptied; a
 * cell with no w:t gets `run` (the text as a run) at the end of its first paragraph.
 */
export function replaceCellText(cellXml: string, text: string, run: () => string): string {
  T.lastIndex = 0;
  if (T.test(cellXml)) return replaceRangeText(cellXml, text);
  if (!text) return cellXml;
  const selfClosed = /<w:p(\s[^>]*)?\/>/.exec(cellXml);
  const close = cellXml.indexOf('</w:p>');
  if (close >= 0 && (!selfClosed || close < selfClosed.index)) return cellXml.slice(0, close) + run() + cellXml.slice(close);
  if (selfClosed) return cellXml.slice(0, selfClosed.index) + `<w:p${selfClosed[1] ?? ''}>${run()}</w:p>` + cellXml.slice(selfClosed.index + selfClosed[0].length);
  return cellXml.replace('</w:tc>', `<w:p>${run()}</w:p></w:tc>`);
}
