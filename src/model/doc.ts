import type { Source } from './source';

/**
 * A stretch of text in one style. `fig` marks text that prints a figure, an ordinal (一是: source
 * derivation 序号) or data text carrying numbers (source: the text's path) — the numbers audit.
 */
export interface Run {
  text: string;
  bold?: boolean;
  /** key: stable name of this printed figure across builds (source + occurrence), for refresh. */
  fig?: { id: number; source: Source; key: string };
  /** The data-dependent stretch (slot) this run belongs to: consecutive runs with one key form it. */
  slot?: string;
  /** Ids of the comments (批注, see ReportDoc.comments) whose range covers this run. */
  comments?: number[];
}

export type HeadingLevel = 1 | 2 | 3 | 4;

/**
 * A table cell. Spans work as in HTML: a cell spanning columns or rows covers the slots to its
 * right and below, and covered slots have no cell of their own in later rows.
 */
export interface TableCell {
  runs: Run[];
  colSpan?: number;
  rowSpan?: number;
  /** Figures are right-aligned, header cells centred, text left. */
  align?: 'left' | 'center' | 'right';
  /** Left indent in characters (sub-items under a total). */
  indent?: number;
  /**
   * A group label (全区, 区级) spanning the row, heading the rows below it: where the table
   * continues on a new page, the label is repeated under the header as 区级（续）.
   */
  group?: boolean;
}

/** A table of an attachment (决算草案表): title, unit line, header rows repeated on every page. */
export interface TableBlock {
  type: 'table';
  /** The table's number in its attachment (表1), printed flush left above the title. */
  number?: Run[];
  title: Run[];
  /** Printed at top right as 单位：万元. */
  unit?: string;
  header: TableCell[][];
  body: TableCell[][];
  /** Relative column widths; the renderer scales them to the text block. Computed from the text where absent. */
  widths?: number[];
  /** A line under the table (e.g. why a table is empty). */
  note?: Run[];
}

/**
 * The document model between templates and DOCX: plain JSON, golden-testable. Templates decide
 * wording and order; the DOCX renderer decides layout. Heading numbers are assigned here (by the
 * markup reader), so they stay consecutive when a template leaves a section out.
 */
export type Block = (
  | { type: 'meeting'; lines: Run[][] }
  | { type: 'addressee'; runs: Run[] }
  | { type: 'paragraph'; runs: Run[] }
  | { type: 'signature'; runs: Run[] }
  | { type: 'date'; runs: Run[] }
  | { type: 'title'; runs: Run[] }
  | { type: 'subtitle'; runs: Run[] }
  | { type: 'speaker'; runs: Run[] }
  | { type: 'salutation'; runs: Run[] }
  | { type: 'heading'; level: HeadingLevel; number: string; runs: Run[]; body?: Run[] }
  | { type: 'attachmentNote'; items: Run[][] }
  | { type: 'attachment'; label: string; title: Run[] }
  | TableBlock
  | { type: 'pageBreak' }
) & {
  /** The block's place in the report (style/places.ts): set in probe builds only, for `adopt`. */
  place?: string;
};

export type BlockType = Block['type'];

export interface ReportDoc {
  /** Document properties: from the dataset, never from the clock, so bytes are reproducible. */
  properties: { title: string; author: string; subject: string; keywords: string; created: string; origin?: DocOrigin };
  blocks: Block[];
  /** Word comments (批注) anchored on runs by Run.comments: a draft's unresolved issues in context. */
  comments?: DocComment[];
}

/** What a report was built from, recorded in the DOCX (docx/origin.ts): refresh refuses data of another kind, district or year. */
export interface DocOrigin {
  kind: string;
  district: string;
  year: number;
}

export interface DocComment {
  id: number;
  author: string;
  initials: string;
  /** One paragraph each. */
  paragraphs: string[];
}

export function runsText(runs: Run[]): string {
  // A loop, not map and join: an empty cell's runs are an array of another form, and V8 recompiled
  // every caller (table layout, the audit) each time it met one after optimising without.
  let text = '';
  for (let i = 0; i < runs.length; i++) text += runs[i]!.text;
  return text;
}

export function blockText(b: Block): string {
  switch (b.type) {
    case 'meeting':
      return b.lines.map(runsText).join('\n');
    case 'attachmentNote':
      return b.items.map(runsText).join('\n');
    case 'attachment':
      return `${b.label}\n${runsText(b.title)}`;
    case 'pageBreak':
      return '';
    case 'table':
      return [...(b.number ? [runsText(b.number)] : []), runsText(b.title), ...[...b.header, ...b.body].map((row) => row.map((c) => runsText(c.runs)).join('\t')), ...(b.note ? [runsText(b.note)] : [])].join('\n');
    case 'heading':
      return b.number + runsText(b.runs) + (b.body ? runsText(b.body) : '');
    default:
      return runsText(b.runs);
  }
}

/**
 * The runs of a block as separate lists: a paragraph's runs; each meeting line or attachment name;
 * a heading's number, text and run-in body as one; a table's title, each cell (row by row) and note.
 */
export function blockRunLists(b: Block): Run[][] {
  switch (b.type) {
    case 'meeting':
      return b.lines;
    case 'attachmentNote':
      return b.items;
    case 'attachment':
      return [[{ text: b.label }], b.title];
    case 'pageBreak':
      return [];
    case 'heading':
      return [[{ text: b.number }, ...b.runs, ...(b.body ?? [])]];
    case 'table':
      return [...(b.number ? [b.number] : []), b.title, ...[...b.header, ...b.body].flat().map((c) => c.runs), ...(b.note ? [b.note] : [])];
    default:
      return [b.runs];
  }
}

/** A block with every list of runs passed through `f` (structure, numbers and labels unchanged). */
export function mapBlockRuns(b: Block, f: (runs: Run[]) => Run[]): Block {
  switch (b.type) {
    case 'pageBreak':
      return b;
    case 'meeting':
      return { ...b, lines: b.lines.map(f) };
    case 'attachmentNote':
      return { ...b, items: b.items.map(f) };
    case 'attachment':
      return { ...b, title: f(b.title) };
    case 'heading':
      return b.body ? { ...b, runs: f(b.runs), body: f(b.body) } : { ...b, runs: f(b.runs) };
    case 'table': {
      const cells = (rows: TableCell[][]) => rows.map((row) => row.map((c) => ({ ...c, runs: f(c.runs) })));
      return { ...b, ...(b.number ? { number: f(b.number) } : {}), title: f(b.title), header: cells(b.header), body: cells(b.body), ...(b.note ? { note: f(b.note) } : {}) };
    }
    default:
      return { ...b, runs: f(b.runs) };
  }
}
