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
