import { blockRunLists, type Block, type ReportDoc, type Run } from '../model/doc';
import type { Source } from '../model/source';
import { parsePath } from '../load/path';
import type { SourceMap } from '../load/source-map';
import type { LinkedReport } from '../load/linked';
import { PREVIOUS_PREFIX, valueAt } from '../validate/previous';
import { DIGIT } from './text-sources';
import { DRAFT_COMMENTS, DRAFT_ERRORS } from '../draft/annotate';
import { STYLE_PREFIX } from '../style/house-style';
import { UNPLACED } from '../style/refs';

/**
 * The numbers audit: every number in the document text, where it sits (independent of pagination)
 * and where it comes from — a dataset path (with the value and its line there) or a named
 * derivation and its inputs.
 *
 * What counts as a number: every run of Arabic digits (also full-width) — all figures the tool
 * prints are Arabic: amounts, rates, years, dates, counts. Ordinals are listed too but are
 * structural: heading numbers (一、（一）1.) and 一是/二是 (the cn helper) come from position
 * (derivation 标题序号 / 序号), attachment numbers (附件：1．2．) from the DOCX layout (附件序号).
 * Other Chinese numerals are words typed in data or template wording (十九届, 第二十八次会议,
 * 三大主体税种, 四本决算) and are not figures.
 */
export interface AuditPosition {
  /** Index in ReportDoc.blocks (page breaks included): stable however the pages fall. */
  block: number;
  /** Line of a multi-line block (meeting lines, attachment list items); 0 otherwise. */
  line: number;
  /** Character offset in that line's text as blockText prints it (a heading's number included). */
  offset: number;
}

export type AuditSource =
  /**
   * dataset 'style': text written in the house style's own file (file names it). `file` also names
   * an attached report's own file, where its figures are (line and column there).
   */
  | { path: string; dataset: 'current' | 'previous' | 'style'; file?: string; value?: number | string; line?: number; column?: number; sheet?: string; cell?: string }
  | { derivation: string; inputs: AuditSource[] };

export interface AuditEntry {
  text: string;
  /** figure: a figure of the data or computed; text: data text with numbers; ordinal: structural; draft: the draft notice's counts. */
  kind: 'figure' | 'text' | 'ordinal' | 'draft';
  position: AuditPosition;
  source: AuditSource;
}

export interface AuditMap {
  version: 1;
  dataset: string;
  previous?: string;
  /** Every sourced number-bearing stretch of text, in document order. */
  numbers: AuditEntry[];
  /**
   * Numbers in the text with no source: a template typed a number (the build refuses such a
   * document), or `adopt` left a number of last year's report as typed in the style ({{?…}}: `style`
   * says where; the build goes on, the writer still has to name its figure). Empty in a sound build.
   */
  unsourced: UnsourcedNumber[];
}

export interface AuditInputs {
  input: unknown;
  sourceMap: SourceMap;
  previous?: { input: unknown; sourceMap: SourceMap };
  /** The house style's own file, where its texts are (style: paths). */
  style?: { value: unknown; sourceMap: SourceMap };
  /** The reports the dataset attaches by file name, loaded (meta.attachments[i].report: paths). */
  linked?: ReadonlyMap<string, LinkedReport>;
}

const ATTACHED = /^meta\.attachments\[(\d+)\]\.report\./;

/**
 * A path inside a report the dataset attaches by file name: that file's value and place (the
 * dataset holds only the file's name there).
 */
function attachedSource(path: string, data: AuditInputs): { value: unknown; place: ReturnType<SourceMap['locate']>; file: string } | null {
  const m = ATTACHED.exec(path);
  if (!m || !data.linked) return null;
  const name = valueAt(data.input, parsePath(`meta.attachments[${m[1]}].report`));
  const loaded = typeof name === 'string' ? data.linked.get(name) : undefined;
  if (!loaded || 'failed' in loaded) return null;
  const rest = parsePath(path.slice(m[0].length));
  return { value: valueAt(loaded.value, rest), place: loaded.sourceMap.locate(rest), file: loaded.sourceMap.file };
}

/** Derivations of ordinals: placed by position (一是, heading and attachment numbers), not figures of the data. */
export const STRUCTURAL: ReadonlySet<string> = new Set(['序号', '标题序号', '附件序号']);

function auditSource(src: Source, data: AuditInputs): AuditSource {
  if (!('path' in src)) return { derivation: src.derivation, inputs: src.inputs.map((s) => auditSource(s, data)) };
  if (src.path.startsWith(STYLE_PREFIX)) return styleSource(src.path.slice(STYLE_PREFIX.length), data);
  const prev = src.path.startsWith(PREVIOUS_PREFIX);
  const path = prev ? src.path.slice(PREVIOUS_PREFIX.length) : src.path;
  const set = prev ? data.previous : data;
  const out: AuditSource = { path, dataset: prev ? 'previous' : 'current' };
  if (set) {
    const segs = parsePath(path);
    const attached = prev ? null : attachedSource(path, data);
    if (attached) out.file = attached.file;
    const v = attached ? attached.value : valueAt(set.input, segs);
    if (typeof v === 'number' || typeof v === 'string') out.value = v;
    const place = attached ? attached.place : set.sourceMap.locate(segs);
    if (place.line !== undefined) {
      out.line = place.line;
      out.column = place.column ?? 1;
    }
    // A workbook's values are placed at their cells.
    if (place.sheet !== undefined) {
      out.sheet = place.sheet;
      if (place.cell !== undefined) out.cell = place.cell;
    }
  }
  return out;
}

/** Text of the style's own file, by its path there: value and line. */
function styleSource(path: string, data: AuditInputs): AuditSource {
  const out: AuditSource = { path, dataset: 'style' };
  if (!data.style) return out;
  out.file = data.style.sourceMap.file;
  const segs = parsePath(path);
  const v = valueAt(data.style.value, segs);
  if (typeof v === 'string') out.value = v;
  const place = data.style.sourceMap.locate(segs);
  if (place.line !== undefined) {
    out.line = place.line;
    out.column = place.column ?? 1;
  }
  return out;
}

/** Data text printed as typed is 'text'; a date formatted from its data value is a figure. */
function kindOf(text: string, src: Source, data: AuditInputs): AuditEntry['kind'] {
  if ('path' in src && src.path.startsWith(STYLE_PREFIX)) return 'text';
  if ('derivation' in src) return STRUCTURAL.has(src.derivation) ? 'ordinal' : src.derivation === DRAFT_ERRORS || src.derivation === DRAFT_COMMENTS ? 'draft' : 'figure';
  const prev = src.path.startsWith(PREVIOUS_PREFIX);
  const set = prev ? data.previous : data;
  const v = set ? valueAt(set.input, parsePath(prev ? src.path.slice(PREVIOUS_PREFIX.length) : src.path)) : undefined;
  return typeof v === 'string' && v.includes(text) ? 'text' : 'figure';
}

/** The lines of a block as blockText prints them, each a list of runs (a heading's number first). */
export function blockLines(b: Block): Run[][] {
  return blockRunLists(b);
}

/** A run of digits, with its decimal part: what the audit counts as one number. */
export const NUMBER = /[0-9０-９]+(?:[.．][0-9０-９]+)?/g;

/**
 * What a run of a block's line is to the audit: a heading's number or an attachment label (structural
 * ordinals), a figure run (marked with its source), or plain text (where a digit has no source).
 */
type RunRole = 'heading-number' | 'attachment-label' | 'figure' | 'plain';
function roleOf(b: Block, line: number, i: number, r: Run): RunRole {
  if (b.type === 'heading' && line === 0 && i === 0) return 'heading-number';
  if (b.type === 'attachment' && line === 0) return 'attachment-label';
  return r.fig ? 'figure' : 'plain';
}

/** A number in the document text with no source: a template typed it, or adopt left it as typed in the style (`style`: where). */
export interface UnsourcedNumber {
  text: string;
  position: AuditPosition;
  style?: AuditSource;
}

/**
 * The unsourced numbers alone, without tracing the sourced ones: one pass over the runs, digits looked
 * for only in unmarked text. Cheap enough for every build (the pipeline refuses a document with any).
 */
export function unsourcedNumbers(doc: ReportDoc): UnsourcedNumber[] {
  const out: UnsourcedNumber[] = [];
  doc.blocks.forEach((b, block) => {
    if (b.type === 'pageBreak') return;
    blockLines(b).forEach((runs, line) => {
      let offset = 0;
      runs.forEach((r, i) => {
        if (!r.fig && DIGIT.test(r.text) && roleOf(b, line, i, r) === 'plain') {
          for (const m of r.text.matchAll(NUMBER)) out.push({ text: m[0], position: { block, line, offset: offset + m.index } });
        }
        offset += r.text.length;
      });
    });
  });
  return out;
}

export function auditReport(doc: ReportDoc, data: AuditInputs, names: { dataset: string; previous?: string }): AuditMap {
  const numbers: AuditEntry[] = [];
  const left: UnsourcedNumber[] = [];
  doc.blocks.forEach((b, block) => {
    if (b.type === 'attachmentNote' && b.items.length > 1) {
      // The DOCX layout numbers the attachment list 1．2．… before each item.
      b.items.forEach((_, line) => numbers.push({ text: `${line + 1}．`, kind: 'ordinal', position: { block, line, offset: 0 }, source: { derivation: '附件序号', inputs: [] } }));
    }
    blockLines(b).forEach((runs, line) => {
      let offset = 0;
      runs.forEach((r, i) => {
        const position = { block, line, offset };
        const role = roleOf(b, line, i, r);
        if (role === 'heading-number') {
          if (r.text) numbers.push({ text: r.text, kind: 'ordinal', position, source: { derivation: '标题序号', inputs: [] } });
        } else if (role === 'attachment-label') {
          if (DIGIT.test(r.text)) numbers.push({ text: r.text, kind: 'ordinal', position, source: { derivation: '附件序号', inputs: [] } });
        } else if (role === 'figure' && 'derivation' in r.fig!.source && r.fig!.source.derivation === UNPLACED) {
          // A number adopt could not place, kept as typed in the style: it still wants a figure.
          const at = r.fig!.source.inputs[0];
          left.push({ text: r.text, position, ...(at ? { style: auditSource(at, data) } : {}) });
        } else if (role === 'figure') {
          numbers.push({ text: r.text, kind: kindOf(r.text, r.fig!.source, data), position, source: auditSource(r.fig!.source, data) });
        }
        offset += r.text.length;
      });
    });
  });
  // The same detection the pipeline refuses a build by (empty in any document a build returns), and the numbers adopt left.
  const at = (u: UnsourcedNumber) => [u.position.block, u.position.line, u.position.offset];
  const unsourced = [...unsourcedNumbers(doc), ...left].sort((a, b) => {
    const [x, y] = [at(a), at(b)];
    return x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]!;
  });
  return { version: 1, dataset: names.dataset, ...(names.previous ? { previous: names.previous } : {}), numbers, unsourced };
}
