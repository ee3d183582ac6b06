import { createHash } from 'node:crypto';

/**
 * How a printed figure is bound to its source inside a DOCX: a bookmark named
 * F<key hash>_<text hash>. Bookmarks survive Word's, WPS's and LibreOffice's saves (LibreOffice 7.4
 * drops the tags of content controls), are invisible in normal reading, and the name alone lets a
 * later refresh find the figure (key hash) and tell whether the writer typed inside it (text hash),
 * with nothing stored outside the document.
 */
const hashes = new Map<string, string>();
/** SHA-1 in hex, memoised: a batch hashes the same keys (and many of the same texts) in every report. */
function sha1(s: string): string {
  let h = hashes.get(s);
  if (h === undefined) {
    if (hashes.size >= 20_000) hashes.clear();
    h = createHash('sha1').update(s, 'utf8').digest('hex');
    hashes.set(s, h);
  }
  return h;
}
const hex = (s: string, n: number) => sha1(s).slice(0, n);

export const keyHash = (key: string) => hex(key, 12);
export const textHash = (text: string) => hex(text, 8);

/**
 * F: a figure (F<key hash>_<text hash>). S: a slot, a stretch whose wording depends on the data
 * (S<key hash>_<skeleton hash>, the skeleton being its text with each figure replaced by one mark:
 * it changes when the wording changes, not when only the figures in it do).
 */
export type BindingKind = 'F' | 'S';

export function bindingName(key: string, text: string, kind: BindingKind = 'F'): string {
  return `${kind}${keyHash(key)}_${textHash(text)}`;
}

const NAME = /^([FS])([0-9a-f]{12})_([0-9a-f]{8})$/;

export function parseBindingName(name: string): { kind: BindingKind; keyHash: string; textHash: string } | null {
  const m = NAME.exec(name);
  return m ? { kind: m[1] as BindingKind, keyHash: m[2]!, textHash: m[3]! } : null;
}

/** A slot's text with each figure's text replaced by one placeholder character. */
export function skeleton(parts: { text: string; fig: boolean }[]): string {
  return parts.map((p) => (p.fig ? '\u0000' : p.text)).join('');
}
