import type { FontSpec } from './layout';
import { STYLE, STYLE_RUNS } from './style-ids';

/**
 * WordprocessingML written directly as strings: the elements the report uses (paragraphs, runs,
 * bookmarks, comment ranges, tables), in the element and attribute order the docx package writes
 * them, so a part built here is the same XML the package would give (test/docx-xml.test.ts checks
 * that against the package). Building the package's object tree for every run and serialising it
 * cost most of a build; a string per run costs little. The constant parts (styles, footers,
 * settings…) still come from the docx package (parts.ts).
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '"': '&quot;', "'": '&apos;', '<': '&lt;', '>': '&gt;' };
const SPECIAL = /[&"'<>\x00-\x08\x0B\x0C\x0E-\x1F]/;
const SPECIALS = /[&"'<>\x00-\x08\x0B\x0C\x0E-\x1F]/g;

/** Text and attribute values as the docx package escapes them (control characters XML forbids are dropped). */
export function esc(s: string): string {
  return SPECIAL.test(s) ? s.replace(SPECIALS, (ch) => ESCAPES[ch] ?? '') : s;
}

/** Run properties: fonts (East Asian and Latin), bold, size — one string per combination, built once. */
const rPrCache = new Map<FontSpec, Map<number, string>>();

export function runProps(font: FontSpec, size: number, bold = false): string {
  let bySize = rPrCache.get(font);
  if (!bySize) rPrCache.set(font, (bySize = new Map()));
  const key = bold ? -size : size;
  let s = bySize.get(key);
  if (s === undefined) {
    const latin = esc(font.latin);
    s =
      `<w:rPr><w:rFonts w:ascii="${latin}" w:cs="${latin}" w:eastAsia="${esc(font.eastAsia)}" w:hAnsi="${latin}" w:hint="eastAsia"/>` +
      (bold ? '<w:b/><w:bCs/>' : '') +
      `<w:sz w:val="${size}"/><w:szCs w:val="${size}"/></w:rPr>`;
    bySize.set(key, s);
  }
  return s;
}

/** Whitespace XML may collapse or trim (space, tab, line feed, carriage return; not U+3000). */
const XML_SPACE = /[ \t\n\r]/;

/**
 * A text run; `lineBreak` starts it on a new line (<w:br/> before the text). xml:space="preserve"
 * only on text with whitespace a reader could trim (the docx package writes it on every run: a
 * tenth of a report's document.xml, for text that is nearly all Chinese).
 */
export function textRun(text: string, rPr: string, lineBreak = false): string {
  return `<w:r>${rPr}${lineBreak ? '<w:br/>' : ''}${XML_SPACE.test(text) ? '<w:t xml:space="preserve">' : '<w:t>'}${esc(text)}</w:t></w:r>`;
}

export type Alignment = 'left' | 'center' | 'right' | 'both';

export interface Indent {
  left?: number;
  right?: number;
  hanging?: number;
  firstLine?: number;
  firstLineChars?: number;
}

export interface Spacing {
  after?: number;
  before?: number;
  line?: number;
  lineRule?: 'exact' | 'auto' | 'atLeast';
}

export interface ParagraphProps {
  style?: string;
  keepNext?: boolean;
  pageBreakBefore?: boolean;
  spacing?: Spacing;
  indent?: Indent;
  alignment?: Alignment;
  /**
   * The paragraph mark is a style separator (Word's 样式分隔符): hidden (w:vanish + w:specVanish in
   * the mark's run properties), so Word and WPS run the next paragraph on in the same line.
   */
  styleSeparator?: boolean;
}

/** The paragraph mark's run properties of a style separator (CT_ParaRPr: w:vanish before w:specVanish). */
export const STYLE_SEPARATOR_MARK = '<w:rPr><w:vanish/><w:specVanish/></w:rPr>';

/** Twips as the package writes them: whole numbers, rounded down. */
const tw = (n: number) => {
  if (!Number.isFinite(n)) throw new Error(`长度应为有限数，实为 ${n}（内部错误）`);
  return Math.floor(n);
};

function indentXml(i: Indent): string {
  let s = '<w:ind';
  if (i.left !== undefined) s += ` w:left="${tw(i.left)}"`;
  if (i.right !== undefined) s += ` w:right="${tw(i.right)}"`;
  if (i.hanging !== undefined) s += ` w:hanging="${tw(i.hanging)}"`;
  if (i.firstLine !== undefined) s += ` w:firstLine="${tw(i.firstLine)}"`;
  if (i.firstLineChars !== undefined) s += ` w:firstLineChars="${tw(i.firstLineChars)}"`;
  return s + '/>';
}

function spacingXml(sp: Spacing): string {
  let s = '<w:spacing';
  if (sp.after !== undefined) s += ` w:after="${sp.after}"`;
  if (sp.before !== undefined) s += ` w:before="${sp.before}"`;
  if (sp.line !== undefined) s += ` w:line="${sp.line}"`;
  if (sp.lineRule !== undefined) s += ` w:lineRule="${sp.lineRule}"`;
  return s + '/>';
}

/** The body of <w:pPr> (CT_PPrBase order), empty when the paragraph has no properties. */
export function paragraphPropsBody(p: ParagraphProps): string {
  let s = '';
  if (p.style) s += `<w:pStyle w:val="${esc(p.style)}"/>`;
  if (p.keepNext !== undefined) s += p.keepNext ? '<w:keepNext/>' : '<w:keepNext w:val="false"/>';
  if (p.pageBreakBefore) s += '<w:pageBreakBefore/>';
  if (p.spacing) s += spacingXml(p.spacing);
  if (p.indent) s += indentXml(p.indent);
  if (p.alignment) s += `<w:jc w:val="${p.alignment}"/>`;
  if (p.styleSeparator) s += STYLE_SEPARATOR_MARK;
  return s;
}

/** Per paragraph style, the run properties its runs need not repeat (style-ids.ts STYLE_RUNS). */
const styleRunProps = new Map<string, string>();

/**
 * Run properties for a run in a paragraph of `style`: empty where they would only repeat what the
 * style gives (a third of a report's document.xml was the same run properties over and over).
 */
export function runPropsIn(style: string, font: FontSpec, size: number, bold = false): string {
  const own = runProps(font, size, bold);
  let implied = styleRunProps.get(style);
  if (implied === undefined) {
    const r = STYLE_RUNS[style];
    implied = r ? runProps(r.font, r.size) : '';
    styleRunProps.set(style, implied);
  }
  return own === implied ? '' : own;
}

/** A paragraph: its properties, then its content (runs, bookmarks, comment marks). */
export function paragraph(p: ParagraphProps, content: string): string {
  const props = paragraphPropsBody(p);
  const pPr = props ? `<w:pPr>${props}</w:pPr>` : '';
  return pPr || content ? `<w:p>${pPr}${content}</w:p>` : '<w:p/>';
}

export const bookmarkStart = (name: string, id: number) => `<w:bookmarkStart w:name="${esc(name)}" w:id="${id}"/>`;
export const bookmarkEnd = (id: number) => `<w:bookmarkEnd w:id="${id}"/>`;
export const commentRangeStart = (id: number) => `<w:commentRangeStart w:id="${id}"/>`;
export const commentRangeEnd = (id: number) => `<w:commentRangeEnd w:id="${id}"/>`;
/** The run Word anchors a comment's balloon to, in Word's own CommentReference character style. */
export const commentReference = (id: number) => `<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="${id}"/></w:r>`;
/** The comment's own mark at the start of its text, as Word writes it. */
export const annotationRef = '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>';
