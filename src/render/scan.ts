/**
 * The document markup's own scanner: the few block forms the markup has (::: blocks, GFM tables,
 * ATX headings, --- page breaks, paragraphs) and its inline text (backslash escapes, line breaks),
 * read in one pass into the tokens markup.ts turns into blocks. It replaces a general Markdown
 * parse per build (markdown-it took about a third of turning markup into blocks, for structure the
 * templates wrote themselves).
 *
 * It reads exactly as the markdown-it configuration of markup.ts does (CommonMark, everything a
 * report has no use for disabled, GFM tables, markdown-it-container for the ::: blocks): each rule
 * here follows the rule of markdown-it 14 it stands for, line for line, so a custom template or a
 * house style reads as it always did. What it does not cover it hands back: markup with tabs,
 * carriage returns or NULs, or ::: blocks nested deeper than a report nests them, is parsed by
 * markdown-it (`scanMarkup` returns null), and inline text with * or _ (emphasis, which no default
 * template writes) goes to markdown-it's inline parser (`inlineFallback`). test/scan.test.ts
 * compares the two on every template and on generated markup.
 */

/** The token fields markup.ts reads, as markdown-it's Token has them. */
export class ScanToken {
  content = '';
  info = '';
  attrs: [string, string][] | null = null;
  /** Inline tokens: the children, read when markup.ts asks for them (a long table has a million). */
  private kids: ScanToken[] | null = null;
  private fallback: InlineFallback | null = null;
  private keep = false;
  constructor(
    public type: string,
    public tag: string,
  ) {}
  attrGet(name: string): string | null {
    if (!this.attrs) return null;
    for (const [k, v] of this.attrs) if (k === name) return v;
    return null;
  }
  /** An inline token whose children are scanned from `content` on demand; kept once scanned when `keep`. */
  static inline(content: string, fallback: InlineFallback, keep: boolean): ScanToken {
    const t = new ScanToken('inline', '');
    t.content = content;
    t.fallback = fallback;
    t.keep = keep;
    return t;
  }
  get children(): ScanToken[] | null {
    if (this.kids || !this.fallback) return this.kids;
    const kids = scanInline(this.content, this.fallback);
    if (this.keep) this.kids = kids;
    return kids;
  }
  set children(kids: ScanToken[] | null) {
    this.kids = kids;
  }
}

/** Inline text that needs markdown-it's inline rules (emphasis): its children, as markdown-it gives them. */
export type InlineFallback = (content: string) => ScanToken[];

const isSpace = (c: number) => c === 0x20 || c === 0x09;
const isAsciiTrimmable = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

function asciiTrim(str: string): string {
  let start = 0;
  for (; start < str.length; start++) if (!isAsciiTrimmable(str.charCodeAt(start))) break;
  let end = str.length - 1;
  for (; end >= start; end--) if (!isAsciiTrimmable(str.charCodeAt(end))) break;
  return str.slice(start, end + 1);
}

/** ASCII punctuation a backslash escapes (markdown-it rules_inline/escape). */
const ESCAPED = new Uint8Array(256);
for (const ch of '\\!"#$%&\'()*+,./:;<=>?@[]^_`{|}~-') ESCAPED[ch.charCodeAt(0)] = 1;

/** Deeper than this, ::: blocks are left to markdown-it (its maxNesting). */
const MAX_DEPTH = 8;

class Unsupported extends Error {}

/**
 * Inline content → children (text, softbreak, hardbreak), as markdown-it's text, newline and escape
 * rules and its text_join give them; content with * or _ goes to `fallback`.
 */
export function scanInline(src: string, fallback: InlineFallback): ScanToken[] {
  if (src.indexOf('*') >= 0 || src.indexOf('_') >= 0) return fallback(src);
  const out: ScanToken[] = [];
  const max = src.length;
  // Most text has neither escapes nor line breaks: one text token (none for empty text).
  if (src.indexOf('\\') < 0 && src.indexOf('\n') < 0) {
    if (src) {
      const t = new ScanToken('text', '');
      t.content = src;
      out.push(t);
    }
    return out;
  }
  // `text` is the merged text since the last break; `pendingFrom` is where markdown-it's pending text
  // starts in it (an escape's character is a token of its own, so a trailing space before it stays).
  let text = '';
  let pendingFrom = 0;
  const flush = () => {
    if (text) {
      const t = new ScanToken('text', '');
      t.content = text;
      out.push(t);
    }
    text = '';
    pendingFrom = 0;
  };
  let pos = 0;
  let plainFrom = 0;
  while (pos < max) {
    const c = src.charCodeAt(pos);
    if (c !== 0x0a && c !== 0x5c) {
      pos++;
      continue;
    }
    text += src.slice(plainFrom, pos);
    if (c === 0x0a) {
      // newline: '  \n' is a hard break, ' \n' and '\n' soft; trailing spaces of the pending text go.
      const pmax = text.length - 1;
      let kind = 'softbreak';
      if (pmax >= pendingFrom && text.charCodeAt(pmax) === 0x20) {
        if (pmax - 1 >= pendingFrom && text.charCodeAt(pmax - 1) === 0x20) {
          let ws = pmax - 1;
          while (ws - 1 >= pendingFrom && ws >= pendingFrom + 1 && text.charCodeAt(ws - 1) === 0x20) ws--;
          text = text.slice(0, ws);
          kind = 'hardbreak';
        } else text = text.slice(0, -1);
      }
      flush();
      out.push(new ScanToken(kind, 'br'));
      pos++;
      while (pos < max && isSpace(src.charCodeAt(pos))) pos++;
      plainFrom = pos;
      continue;
    }
    // backslash
    if (pos + 1 >= max) {
      // A backslash ending the content is text.
      plainFrom = pos;
      pos++;
      continue;
    }
    const c1 = src.charCodeAt(pos + 1);
    if (c1 === 0x0a) {
      flush();
      out.push(new ScanToken('hardbreak', 'br'));
      pos += 2;
      while (pos < max && isSpace(src.charCodeAt(pos))) pos++;
      plainFrom = pos;
      continue;
    }
    if (c1 === 0x20) {
      text += '\\';
      pendingFrom = text.length;
      pos++;
      plainFrom = pos;
      continue;
    }
    let escaped = src[pos + 1]!;
    let next = pos + 2;
    if (c1 >= 0xd800 && c1 <= 0xdbff && pos + 2 < max) {
      const c2 = src.charCodeAt(pos + 2);
      if (c2 >= 0xdc00 && c2 <= 0xdfff) {
        escaped += src[pos + 2];
        next++;
      }
    }
    text += c1 < 256 && ESCAPED[c1] ? escaped : '\\' + escaped;
    pendingFrom = text.length;
    pos = next;
    plainFrom = pos;
  }
  text += src.slice(plainFrom, max);
  flush();
  return out;
}

/** Line marks as markdown-it's StateBlock computes them. */
interface Lines {
  b: number[];
  e: number[];
  /** Offset of the first non-space character (tabs not expanded). */
  t: number[];
  /** Indent, tabs expanded (markup with tabs is not scanned, so the same as `t`). */
  s: number[];
  count: number;
}

function lineMarks(s: string): Lines {
  const b: number[] = [];
  const e: number[] = [];
  const t: number[] = [];
  const sc: number[] = [];
  for (let start = 0, pos = 0, indent = 0, offset = 0, len = s.length, found = false; pos < len; pos++) {
    const ch = s.charCodeAt(pos);
    if (!found) {
      if (isSpace(ch)) {
        indent++;
        offset++;
        continue;
      } else found = true;
    }
    if (ch === 0x0a || pos === len - 1) {
      if (ch !== 0x0a) pos++;
      b.push(start);
      e.push(pos);
      t.push(indent);
      sc.push(offset);
      found = false;
      indent = 0;
      offset = 0;
      start = pos + 1;
    }
  }
  const count = b.length;
  b.push(s.length);
  e.push(s.length);
  t.push(0);
  sc.push(0);
  return { b, e, t, s: sc, count };
}

function escapedSplit(str: string): string[] {
  const result: string[] = [];
  const max = str.length;
  let pos = 0;
  let ch = str.charCodeAt(pos);
  let isEscaped = false;
  let lastPos = 0;
  let current = '';
  while (pos < max) {
    if (ch === 0x7c) {
      if (!isEscaped) {
        result.push(current + str.substring(lastPos, pos));
        current = '';
        lastPos = pos + 1;
      } else {
        current += str.substring(lastPos, pos - 1);
        lastPos = pos;
      }
    }
    isEscaped = ch === 0x5c;
    pos++;
    ch = str.charCodeAt(pos);
  }
  result.push(current + str.substring(lastPos));
  return result;
}

const MAX_AUTOCOMPLETED_CELLS = 0x10000;

const SHARED = {
  tr_open: new ScanToken('tr_open', 'tr'),
  tr_close: new ScanToken('tr_close', 'tr'),
  paragraph_open: new ScanToken('paragraph_open', 'p'),
  paragraph_close: new ScanToken('paragraph_close', 'p'),
};

class Scanner {
  readonly tokens: ScanToken[] = [];
  private readonly L: Lines;
  private lineMax: number;
  private depth = 0;
  constructor(
    private readonly src: string,
    private readonly containers: readonly string[],
    private readonly fallback: InlineFallback,
  ) {
    this.L = lineMarks(src);
    this.lineMax = this.L.count;
  }

  private push(type: string, tag: string): ScanToken {
    const t = new ScanToken(type, tag);
    this.tokens.push(t);
    return t;
  }
  /** Tokens markup.ts only looks at the type of: one of each, shared. */
  private pushShared(type: 'tr_open' | 'tr_close' | 'paragraph_open' | 'paragraph_close'): void {
    this.tokens.push(SHARED[type]);
  }
  /**
   * An inline token. Its children are scanned when markup.ts reads them, once (a heading's are kept:
   * markup.ts edits them before reading them again).
   */
  private inline(content: string, keep = false): void {
    this.tokens.push(ScanToken.inline(content, this.fallback, keep));
  }
  /** The opening token of a cell: one per kind and alignment, shared (markup.ts only reads them). */
  private cellOpen(type: 'th_open' | 'td_open', align: string): ScanToken {
    const key = `${type}:${align}`;
    let t = this.cells.get(key);
    if (!t) {
      t = new ScanToken(type, type.slice(0, 2));
      if (align) t.attrs = [['style', 'text-align:' + align]];
      this.cells.set(key, t);
    }
    return t;
  }
  private readonly cells = new Map<string, ScanToken>();
  private isEmpty(line: number): boolean {
    return this.L.b[line]! + this.L.t[line]! >= this.L.e[line]!;
  }
  private getLine(line: number): string {
    return this.src.slice(this.L.b[line]! + this.L.t[line]!, this.L.e[line]!);
  }

  tokenize(startLine: number, endLine: number): void {
    let line = startLine;
    while (line < endLine) {
      // skipEmptyLines
      for (; line < this.lineMax; line++) if (!this.isEmpty(line)) break;
      if (line >= endLine) break;
      const next = this.table(line, endLine, false) || this.container(line, endLine, false) || this.hr(line, false) || this.heading(line, false) || this.paragraph(line, endLine);
      line = next as number;
      if (line < endLine && this.isEmpty(line)) line++;
    }
  }

  /** The table rule (markdown-it rules_block/table): the next line after it, or false. */
  private table(startLine: number, endLine: number, silent: boolean): number | boolean {
    const { b, e, t, s } = this.L;
    if (startLine + 2 > endLine) return false;
    let nextLine = startLine + 1;
    if (s[nextLine]! >= 4) return false;
    let pos = b[nextLine]! + t[nextLine]!;
    if (pos >= e[nextLine]!) return false;
    const src = this.src;
    const firstCh = src.charCodeAt(pos++);
    if (firstCh !== 0x7c && firstCh !== 0x2d && firstCh !== 0x3a) return false;
    if (pos >= e[nextLine]!) return false;
    const secondCh = src.charCodeAt(pos++);
    if (secondCh !== 0x7c && secondCh !== 0x2d && secondCh !== 0x3a && !isSpace(secondCh)) return false;
    if (firstCh === 0x2d && isSpace(secondCh)) return false;
    while (pos < e[nextLine]!) {
      const ch = src.charCodeAt(pos);
      if (ch !== 0x7c && ch !== 0x2d && ch !== 0x3a && !isSpace(ch)) return false;
      pos++;
    }
    let lineText = this.getLine(startLine + 1);
    let columns = lineText.split('|');
    const aligns: string[] = [];
    for (let i = 0; i < columns.length; i++) {
      const tt = columns[i]!.trim();
      if (!tt) {
        if (i === 0 || i === columns.length - 1) continue;
        return false;
      }
      if (!/^:?-+:?$/.test(tt)) return false;
      if (tt.charCodeAt(tt.length - 1) === 0x3a) aligns.push(tt.charCodeAt(0) === 0x3a ? 'center' : 'right');
      else if (tt.charCodeAt(0) === 0x3a) aligns.push('left');
      else aligns.push('');
    }
    lineText = this.getLine(startLine).trim();
    if (lineText.indexOf('|') === -1) return false;
    if (s[startLine]! >= 4) return false;
    columns = escapedSplit(lineText);
    if (columns.length && columns[0] === '') columns.shift();
    if (columns.length && columns[columns.length - 1] === '') columns.pop();
    const columnCount = columns.length;
    if (columnCount === 0 || columnCount !== aligns.length) return false;
    if (silent) return true;

    this.push('table_open', 'table');
    this.pushShared('tr_open');
    // Cells have no closing tokens: markup.ts reads a cell as its opening token and its inline one.
    for (let i = 0; i < columns.length; i++) {
      this.tokens.push(this.cellOpen('th_open', aligns[i]!));
      this.inline(columns[i]!.trim());
    }
    this.pushShared('tr_close');
    let autocompleted = 0;
    for (nextLine = startLine + 2; nextLine < endLine; nextLine++) {
      // Terminated by what terminates a blockquote: a ::: block, a rule, a heading.
      if (this.container(nextLine, endLine, true) || this.hr(nextLine, true) || this.heading(nextLine, true)) break;
      lineText = this.getLine(nextLine).trim();
      if (!lineText) break;
      if (s[nextLine]! >= 4) break;
      columns = escapedSplit(lineText);
      if (columns.length && columns[0] === '') columns.shift();
      if (columns.length && columns[columns.length - 1] === '') columns.pop();
      autocompleted += columnCount - columns.length;
      if (autocompleted > MAX_AUTOCOMPLETED_CELLS) break;
      this.pushShared('tr_open');
      for (let i = 0; i < columnCount; i++) {
        this.tokens.push(this.cellOpen('td_open', aligns[i]!));
        this.inline(columns[i] ? columns[i]!.trim() : '');
      }
      this.pushShared('tr_close');
    }
    this.push('table_close', 'table');
    return nextLine;
  }

  /** The ::: blocks (markdown-it-container, marker ':', validated by name as markup.ts does). */
  private container(startLine: number, endLine: number, silent: boolean): number | boolean {
    const { b, e, t, s } = this.L;
    const src = this.src;
    let start = b[startLine]! + t[startLine]!;
    let max = e[startLine]!;
    if (src.charCodeAt(start) !== 0x3a) return false;
    let pos: number;
    for (pos = start + 1; pos <= max; pos++) if (src[pos] !== ':') break;
    const markerCount = pos - start;
    if (markerCount < 3) return false;
    const params = src.slice(pos, max);
    const first = params.trim().split(/\s+/)[0]!;
    const name = this.containers.includes(first) ? first : null;
    if (!name) return false;
    if (silent) return true;

    let nextLine = startLine;
    let closed = false;
    for (;;) {
      nextLine++;
      if (nextLine >= endLine) break;
      start = b[nextLine]! + t[nextLine]!;
      max = e[nextLine]!;
      if (src.charCodeAt(start) !== 0x3a) continue;
      if (s[nextLine]! >= 4) continue;
      for (pos = start + 1; pos <= max; pos++) if (src[pos] !== ':') break;
      if (pos - start < markerCount) continue;
      while (pos < src.length && isSpace(src.charCodeAt(pos))) pos++;
      if (pos < max) continue;
      closed = true;
      break;
    }
    if (++this.depth > MAX_DEPTH) throw new Unsupported();
    const oldLineMax = this.lineMax;
    this.lineMax = nextLine;
    const open = this.push(`container_${name}_open`, 'div');
    open.info = params;
    this.tokenize(startLine + 1, nextLine);
    this.push(`container_${name}_close`, 'div');
    this.lineMax = oldLineMax;
    this.depth--;
    return nextLine + (closed ? 1 : 0);
  }

  /** --- (markdown-it rules_block/hr). */
  private hr(startLine: number, silent: boolean): number | boolean {
    const { b, e, t, s } = this.L;
    const max = e[startLine]!;
    if (s[startLine]! >= 4) return false;
    let pos = b[startLine]! + t[startLine]!;
    const marker = this.src.charCodeAt(pos++);
    if (marker !== 0x2a && marker !== 0x2d && marker !== 0x5f) return false;
    let cnt = 1;
    while (pos < max) {
      const ch = this.src.charCodeAt(pos++);
      if (ch !== marker && !isSpace(ch)) return false;
      if (ch === marker) cnt++;
    }
    if (cnt < 3) return false;
    if (silent) return true;
    this.push('hr', 'hr');
    return startLine + 1;
  }

  /** # headings (markdown-it rules_block/heading). */
  private heading(startLine: number, silent: boolean): number | boolean {
    const { b, e, t, s } = this.L;
    const src = this.src;
    let pos = b[startLine]! + t[startLine]!;
    let max = e[startLine]!;
    if (s[startLine]! >= 4) return false;
    let ch = src.charCodeAt(pos);
    if (ch !== 0x23 || pos >= max) return false;
    let level = 1;
    ch = src.charCodeAt(++pos);
    while (ch === 0x23 && pos < max && level <= 6) {
      level++;
      ch = src.charCodeAt(++pos);
    }
    if (level > 6 || (pos < max && !isSpace(ch))) return false;
    if (silent) return true;
    // skipSpacesBack, then skipCharsBack('#')
    if (max > pos) {
      let p = max;
      while (p > pos) if (!isSpace(src.charCodeAt(--p))) { p++; break; }
      max = p;
    }
    let tmp = max;
    if (tmp > pos) {
      let p = tmp;
      while (p > pos) if (src.charCodeAt(--p) !== 0x23) { p++; break; }
      tmp = p;
    }
    if (tmp > pos && isSpace(src.charCodeAt(tmp - 1))) max = tmp;
    this.push('heading_open', `h${level}`);
    this.inline(asciiTrim(src.slice(pos, max)), true);
    this.push('heading_close', `h${level}`);
    return startLine + 1;
  }

  /** A paragraph: up to an empty line or a line that starts a table, a ::: block, a rule or a heading. */
  private paragraph(startLine: number, endLine: number): number {
    const { b, e, s } = this.L;
    let nextLine = startLine + 1;
    for (; nextLine < endLine && !this.isEmpty(nextLine); nextLine++) {
      if (s[nextLine]! > 3) continue;
      if (this.table(nextLine, endLine, true) || this.container(nextLine, endLine, true) || this.hr(nextLine, true) || this.heading(nextLine, true)) break;
    }
    const content = asciiTrim(this.src.slice(b[startLine]!, e[nextLine - 1]!));
    this.pushShared('paragraph_open');
    this.inline(content);
    this.pushShared('paragraph_close');
    return nextLine;
  }
}

/**
 * The markup's tokens, as markdown-it (configured as in markup.ts with ::: blocks `containers`)
 * gives the ones markup.ts reads; null for markup this scanner leaves to markdown-it.
 */
export function scanMarkup(markup: string, containers: readonly string[], fallback: InlineFallback): ScanToken[] | null {
  if (/[\t\r\0]/.test(markup)) return null;
  if (!markup) return [];
  const scanner = new Scanner(markup, containers, fallback);
  try {
    scanner.tokenize(0, scanner['lineMax']);
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
  return scanner.tokens;
}
