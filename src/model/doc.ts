import type { Source } from './source';

/**
 * A stretch of text in one style. `fig` marks text that prints a figure, an ordinal (一是: source
 * derivation 序号) or data text carrying numbers (source: the text's path) — the numbers audit.
 */
export interface Run {
  text: string;
  bold?: boolean;
  fig?: { id: number; source: Source };
  /** Ids of the comments (批注, see ReportDoc.comments) whose range covers this run. */
  comments?: number[];
}

export type HeadingLevel = 1 | 2 | 3 | 4;

/**
 * The document model between templates and DOCX: plain JSON, golden-testable. Templates decide
 * wording and order; the DOCX renderer decides layout. Heading numbers are assigned here (by the
 * markup reader), so they stay consecutive when a template leaves a section out.
 */
export type Block =
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
  | { type: 'pageBreak' };

export type BlockType = Block['type'];

export interface ReportDoc {
  /** Document properties: from the dataset, never from the clock, so bytes are reproducible. */
  properties: { title: string; author: string; subject: string; keywords: string; created: string };
  blocks: Block[];
  /** Word comments (批注) anchored on runs by Run.comments: a draft's unresolved issues in context. */
  comments?: DocComment[];
}

export interface DocComment {
  id: number;
  author: string;
  initials: string;
  /** One paragraph each. */
  paragraphs: string[];
}

export function runsText(runs: Run[]): string {
  return runs.map((r) => r.text).join('');
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
    case 'heading':
      return b.number + runsText(b.runs) + (b.body ? runsText(b.body) : '');
    default:
      return runsText(b.runs);
  }
}
