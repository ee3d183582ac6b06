import * as crypto from 'node:crypto';

/**
 * How a printed figure is bound to its source inside a DOCX: a bookmark named
 * F<key hash>_<text hash>. Bookmarks survive Word's, WPS's and LibreOffice's saves (LibreOffice 7.4
 * drops the tags of content controls), are invisible in normal reading, and the name alone lets a
 * later refresh find the figure (key hash) and tell whether the writer typed inside it (text hash),
 * with nothing stored outside the document.
 */
/** SHA-1 in hex: the one-shot crypto.hash where Node has it (20.12), a Hash object before. */
const sha1: (s: string) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (s) => (crypto as unknown as { hash(alg: string, data: string): string }).hash('sha1', s)
    : (s) => crypto.createHash('sha1').update(s, 'utf8').digest('hex');

/**
 * 48 bits of a key, in 12 hex digits: cyrb53's two 32-bit lanes (a public-domain string hash)
 * over the UTF-16 code units. A report binds hundreds of figures, a long table tens of thousands:
 * computed in JS, with nothing to memoise. Drafts made before named figures by SHA-1's first 12
 * hex digits (legacyKeyHash); refresh reads those too.
 */
export function keyHash(key: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < key.length; i++) {
    const ch = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return HEX[(h2 >>> 8) & 0xff]! + HEX[h2 & 0xff]! + hex32(h1);
}

/** Two hex digits per byte value: formatting by table is several times faster than toString(16) and padStart. */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex32 = (h: number) => HEX[(h >>> 24) & 0xff]! + HEX[(h >>> 16) & 0xff]! + HEX[(h >>> 8) & 0xff]! + HEX[h & 0xff]!;

/** The key hash of drafts made before keyHash (SHA-1's first 12 hex digits). */
export const legacyKeyHash = (key: string): string => sha1(key).slice(0, 12);

/**
 * A text hash tells whether the writer typed inside a bound figure: 32 bits of FNV-1a over the
 * UTF-16 code units, in JS (a report has hundreds; calling into crypto for each cost more than
 * the hashing). Drafts made before it used SHA-1's first 8 hex digits, still recognised (textMatches).
 */
export function textHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return hex32(h);
}

/** Whether `hash`, read from a bookmark's name, is this text's hash (as written now or by earlier versions). */
export const textMatches = (text: string, hash: string): boolean => textHash(text) === hash || sha1(text).slice(0, 8) === hash;

/**
 * F: a figure (F<key hash>_<text hash>). B: a band of a long table's rows (B<hash of its place in
 * the document>_<hash of its text>, model/table-band.ts). S: a slot, a stretch whose wording depends on the data
 * (S<key hash>_<skeleton hash>, the skeleton being its text with each figure replaced by one mark:
 * it changes when the wording changes, not when only the figures in it do).
 */
export type BindingKind = 'F' | 'S' | 'B';

export function bindingName(key: string, text: string, kind: BindingKind = 'F'): string {
  return hashedBindingName(keyHash(key), text, kind);
}

/** The same from the key's hash (as read back from a bookmark's name). */
export const hashedBindingName = (hash: string, text: string, kind: BindingKind): string => `${kind}${hash}_${textHash(text)}`;

const NAME = /^([FSB])([0-9a-f]{12})_([0-9a-f]{8})$/;

export function parseBindingName(name: string): { kind: BindingKind; keyHash: string; textHash: string } | null {
  const m = NAME.exec(name);
  return m ? { kind: m[1] as BindingKind, keyHash: m[2]!, textHash: m[3]! } : null;
}

/**
 * A slot's text with each figure's text replaced by one placeholder character: of the runs from
 * `from` up to `to` (a figure is a run with `fig`). A loop over the range, not slice/map/join: a
 * document's writer calls it for every slot, and V8 recompiled that writer again and again when
 * the arrays given to those built-ins changed form from one report to the next.
 */
export function skeleton(runs: readonly { text: string; fig?: unknown }[], from = 0, to = runs.length): string {
  let out = '';
  for (let k = from; k < to; k++) out += runs[k]!.fig ? '\u0000' : runs[k]!.text;
  return out;
}
