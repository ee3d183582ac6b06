/**
 * Characters XML 1.0 does not allow in a document: NUL and the C0 controls other than tab, line
 * feed and carriage return, the noncharacters U+FFFE and U+FFFF, and surrogates that are not part
 * of a pair (a JavaScript string can hold one; UTF-8 cannot). A DOCX part holding one is not
 * well-formed, and Word, WPS and LibreOffice refuse to open the file.
 */
const FORBIDDEN = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;
const FORBIDDEN_OR_SURROGATE = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF\uD800-\uDFFF]/g;

/** String.prototype.isWellFormed (ES2024, in Node 20): no lone surrogates. */
const wellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

/** Any character that may be forbidden: a forbidden one, or a surrogate (lone or in a pair). */
const SUSPECT = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF\uD800-\uDFFF]/;

/**
 * Whether the text holds a character XML 1.0 forbids. Fast on long text: one scan of the text (a
 * report's text has no surrogates unless it holds characters outside the BMP); a second look only
 * where it found something.
 */
export function hasXmlForbidden(text: string): boolean {
  return SUSPECT.test(text) && (FORBIDDEN.test(text) || !wellFormed(text));
}

export interface ForbiddenChar {
  /** "U+000B" */
  code: string;
  /** What the character is, in Chinese. */
  name: string;
  /** 1-based position in the text, in characters as the writer counts them. */
  position: number;
  /** How many forbidden characters the text holds. */
  count: number;
}

const NAMES: Record<number, string> = {
  0x00: '空字符 NUL',
  0x08: '退格符',
  0x0b: '垂直制表符',
  0x0c: '换页符',
  0x1b: '转义符 ESC',
  0xfffe: '非字符',
  0xffff: '非字符',
};

const hex = (n: number) => `U+${n.toString(16).toUpperCase().padStart(4, '0')}`;

/** The first character XML 1.0 forbids in the text, or null. */
export function firstXmlForbidden(text: string): ForbiddenChar | null {
  if (!hasXmlForbidden(text)) return null;
  let first: ForbiddenChar | null = null;
  let count = 0;
  for (const m of text.matchAll(FORBIDDEN_OR_SURROGATE)) {
    const i = m.index;
    const c = text.charCodeAt(i);
    // A surrogate in a pair is an ordinary character (outside the BMP).
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) continue;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      const prev = text.charCodeAt(i - 1);
      if (prev >= 0xd800 && prev <= 0xdbff) continue;
    }
    count++;
    if (!first) {
      const name = c >= 0xd800 && c <= 0xdfff ? '不成对的代理字符' : (NAMES[c] ?? '控制字符');
      first = { code: hex(c), name, position: [...text.slice(0, i)].length + 1, count: 0 };
    }
  }
  return first && { ...first, count };
}
