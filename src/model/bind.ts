import { createHash } from 'node:crypto';

/**
 * How a printed figure is bound to its source inside a DOCX: a bookmark named
 * F<key hash>_<text hash>. Bookmarks survive Word's, WPS's and LibreOffice's saves (LibreOffice 7.4
 * drops the tags of content controls), are invisible in normal reading, and the name alone lets a
 * later refresh find the figure (key hash) and tell whether the writer typed inside it (text hash),
 * with nothing stored outside the document.
 */
const hex = (s: string, n: number) => createHash('sha1').update(s, 'utf8').digest('hex').slice(0, n);

export const keyHash = (key: string) => hex(key, 12);
export const textHash = (text: string) => hex(text, 8);

export function bindingName(key: string, text: string): string {
  return `F${keyHash(key)}_${textHash(text)}`;
}

const NAME = /^F([0-9a-f]{12})_([0-9a-f]{8})$/;

export function parseBindingName(name: string): { keyHash: string; textHash: string } | null {
  const m = NAME.exec(name);
  return m ? { keyHash: m[1]!, textHash: m[2]! } : null;
}
