import type MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import type { Block, HeadingLevel, Run, TableBlock, TableCell } from '../model/doc';
import { MERGE_LEFT, MERGE_UP, spansFromMarks, TableShapeError, type Marked } from '../model/table-grid';
import type { MarkedFigure } from './figures';
import { FIG_END, FIG_SEP, GROUP_MARK, INDENT_MARK, PLACE_END, PLACE_START, SLOT_END, SLOT_SEP, SLOT_START } from './figures';
import { chineseNumber } from './numerals';
import { scanMarkup, type ScanToken } from './scan';

/**
 * The document markup: CommonMark (headings, paragraphs, --- for a page break) plus ::: blocks
 * for the official parts. A heading ending in {.runin} takes the next paragraph as its body.
 */
const CONTAINERS = ['meeting', 'addressee', 'signature', 'date', 'title', 'subtitle', 'speaker', 'salutation', 'attachments', 'attachment', 'table'] as const;
type ContainerName = (typeof CONTAINERS)[number];

/** Heading number styles: 一、（一）1.（1） by GB/T 9704; 一、（一）1、（1） in a work plan. */
export type NumberingStyle = 'official' | 'workplan';

function makeParser(): MarkdownIt {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const MarkdownItCtor = require('markdown-it') as typeof import('markdown-it');
  const container = require('markdown-it-container') as typeof import('markdown-it-container');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const md = new MarkdownItCtor('commonmark', { html: false, linkify: false, typographer: false });
  // Only what a report needs: no lists, code blocks, quotes or links, so text a template or
  // writer types (an indented line, "1." at a line start) stays a paragraph.
  md.disable(['list', 'code', 'fence', 'blockquote', 'html_block', 'html_inline', 'link', 'image', 'autolink', 'reference', 'backticks', 'entity', 'lheading']);
  // GFM tables, for the ::: table block (a table needs its delimiter row, so prose is never one).
  md.enable(['table']);
  for (const name of CONTAINERS) {
    md.use(container, name, { validate: (params: string) => params.trim().split(/\s+/)[0] === name });
  }
  return md;
}

// The markup is read by scan.ts; markdown-it, configured as the scanner reads, is loaded only for
// what the scanner hands back (markup with tabs, emphasis, deep nesting) and for comparing the two.
let parser: MarkdownIt | undefined;
export function markdownParser(): MarkdownIt {
  return (parser ??= makeParser());
}

/** Inline text with emphasis: markdown-it's inline rules, as its full parse would apply them. */
const inlineFallback = (content: string): ScanToken[] => (markdownParser().parseInline(content, {})[0]?.children ?? []) as unknown as ScanToken[];

/** The markup's tokens: the scanner's, else markdown-it's (`viaMarkdownIt` forces the latter, for tests). */
export function markupTokens(markup: string, viaMarkdownIt = false): Token[] {
  const scanned = viaMarkdownIt ? null : scanMarkup(markup, CONTAINERS, inlineFallback);
  return (scanned ?? markdownParser().parse(markup, {})) as Token[];
}

export function headingNumber(level: HeadingLevel, n: number, style: NumberingStyle): string {
  switch (level) {
    case 1:
      return `${chineseNumber(n)}、`;
    case 2:
      return `（${chineseNumber(n)}）`;
    case 3:
      return style === 'workplan' ? `${n}、` : `${n}.`;
    case 4:
      return `（${n}）`;
  }
}

/** The marks a render produced: figures and data-dependent slots, by id. */
export interface Marks {
  figures: readonly MarkedFigure[];
  slots: readonly string[];
}

/** Slot state carried across the text pieces of one paragraph. */
interface SlotState {
  current: string | null;
  /** Nested binds are transparent: the outermost one binds the whole stretch. */
  depth: number;
  /** Where the place mark of the paragraph goes (a probe build's). */
  sink?: PlaceSink | undefined;
}

/** Receives the place a paragraph's text was marked with (figures.ts PLACE_START). */
interface PlaceSink {
  place?: string;
}

const MARK = /[\uE000\uE003\uE005\uE010]/g;

/** Splits text with figure and slot marks into runs. */
function textRuns(text: string, marks: Marks, bold: boolean, state: SlotState): Run[] {
  const runs: Run[] = [];
  const push = (t: string, extra: Partial<Run> = {}) => {
    if (!t && !extra.fig) return;
    const run: Run = { text: t, ...extra };
    if (bold) run.bold = true;
    if (state.current !== null) run.slot = state.current;
    runs.push(run);
  };
  let i = 0;
  while (i < text.length) {
    MARK.lastIndex = i;
    const found = MARK.exec(text);
    if (!found) {
      push(text.slice(i));
      break;
    }
    push(text.slice(i, found.index));
    i = found.index;
    const ch = text[i];
    if (ch === PLACE_START) {
      const end = text.indexOf(PLACE_END, i);
      if (end < 0) throw new Error('位置标记不完整（内部错误）');
      if (state.sink && state.sink.place === undefined) state.sink.place = text.slice(i + 1, end);
      i = end + 1;
    } else if (ch === SLOT_END) {
      if (state.depth === 0) throw new Error('数据绑定标记不配对（内部错误）');
      if (--state.depth === 0) state.current = null;
      i++;
    } else if (ch === SLOT_START) {
      const sep = text.indexOf(SLOT_SEP, i);
      if (sep < 0) throw new Error('数据绑定标记不完整（内部错误）');
      const key = marks.slots[Number(text.slice(i + 1, sep))];
      if (key === undefined) throw new Error('未知的数据绑定标记（内部错误）');
      if (state.depth++ === 0) state.current = key;
      i = sep + 1;
    } else {
      const sep = text.indexOf(FIG_SEP, i);
      const end = text.indexOf(FIG_END, sep);
      if (sep < 0 || end < 0) throw new Error('数字标记不完整（内部错误）');
      const id = Number(text.slice(i + 1, sep));
      const fig = marks.figures[id];
      if (!fig) throw new Error(`未知的数字标记 ${id}（内部错误）`);
      push(text.slice(sep + 1, end), { fig: { id, source: fig.source, key: fig.key } });
      i = end + 1;
    }
  }
  return runs;
}

function inlineRuns(tok: Token | undefined, sources: Marks, sink?: PlaceSink): Run[] {
  const runs: Run[] = [];
  const state: SlotState = { current: null, depth: 0, sink };
  let bold = 0;
  for (const child of tok?.children ?? []) {
    if (child.type === 'strong_open') bold++;
    else if (child.type === 'strong_close') bold--;
    else if (child.type === 'text' || child.type === 'code_inline') runs.push(...textRuns(child.content, sources, bold > 0, state));
    // A line break inside a paragraph is only the template's wrapping: Chinese text joins without a space.
    else if (child.type === 'softbreak' || child.type === 'hardbreak') continue;
  }
  if (state.current !== null) throw new Error(`数据绑定“${state.current}”跨越了段落：{{#bind}} 须在同一段落内结束`);
  return mergeRuns(runs);
}

/** Adjacent plain runs of the same style are one run. */
function mergeRuns(runs: Run[]): Run[] {
  const out: Run[] = [];
  for (const r of runs) {
    const prev = out[out.length - 1];
    if (prev && !prev.fig && !r.fig && !!prev.bold === !!r.bold && prev.slot === r.slot) prev.text += r.text;
    else if (r.text) out.push({ ...r });
  }
  return out;
}

/** Lines of a paragraph (split at soft breaks), for blocks whose lines are separate items. */
function inlineLines(tok: Token | undefined, sources: Marks, sink?: PlaceSink): Run[][] {
  const lines: Token[][] = [[]];
  for (const child of tok?.children ?? []) {
    if (child.type === 'softbreak' || child.type === 'hardbreak') lines.push([]);
    else lines[lines.length - 1]!.push(child);
  }
  return lines
    .map((children) => inlineRuns({ children } as Token, sources, sink))
    .filter((runs) => runs.some((r) => r.text.trim()));
}

const RUNIN = /\s*\{\.runin\}\s*$/;

/** `header=2 unit=万元 widths=9,3,2.5,2.5` → options (values may carry markup escapes). */
function tableOptions(info: string): { header: number; unit?: string; widths?: number[] } {
  const opts: Record<string, string> = {};
  for (const m of info.matchAll(/(\w+)=(\S+)/g)) opts[m[1]!] = m[2]!.replace(/\\([!-/:-@[-`{-~])/g, '$1');
  const header = opts.header !== undefined ? Number(opts.header) : 1;
  if (!Number.isInteger(header) || header < 1) throw new Error(`表格的表头行数 header=${opts.header} 应为正整数`);
  const widths = opts.widths?.split(',').map(Number);
  if (widths && widths.some((w) => !(w > 0))) throw new Error(`表格的列宽 widths=${opts.widths} 应为逗号分隔的正数`);
  return { header, ...(opts.unit ? { unit: opts.unit } : {}), ...(widths ? { widths } : {}) };
}

/**
 * Reads a GFM table (tokens from table_open to table_close) into rows of cells. A cell whose
 * source is exactly < or ^ is a merge mark; a data value printing those is escaped and stays text.
 */
function readTable(tokens: Token[], start: number, sources: Marks, headerRows: number): { rows: TableCell[][]; header: number; end: number } {
  const rows: Marked<TableCell>[][] = [];
  let i = start;
  let row: Marked<TableCell>[] | null = null;
  for (; i < tokens.length && tokens[i]!.type !== 'table_close'; i++) {
    const tok = tokens[i]!;
    if (tok.type === 'tr_open') row = [];
    else if (tok.type === 'tr_close' && row) {
      rows.push(row);
      row = null;
    } else if ((tok.type === 'th_open' || tok.type === 'td_open') && row) {
      const inline = tokens[i + 1]!;
      const raw = inline.content.trim();
      if (raw === MERGE_LEFT || raw === MERGE_UP) row.push(raw);
      else {
        const lead = inline.content.trimStart();
        const group = lead.startsWith(GROUP_MARK);
        const indent = (group ? lead.slice(1) : lead).startsWith(INDENT_MARK);
        // A loop, not map and filter: V8 recompiled this function again and again when the arrays
        // given to those built-ins changed form (an empty cell's runs) from one report to the next.
        const runs: Run[] = [];
        for (const r of inlineRuns(inline, sources)) {
          const text = r.text.replace(GROUP_MARK, '').replace(INDENT_MARK, '');
          if (text) runs.push({ ...r, text });
        }
        const header = rows.length < headerRows;
        const style = tok.attrGet('style') ?? '';
        // A column marked :--- stays left even where its cells are bound text (a dataset table's item names).
        const align: TableCell['align'] = header ? 'center' : /right/.test(style) ? 'right' : /center/.test(style) ? 'center' : /left/.test(style) ? 'left' : runs.length && runs.every((r) => r.fig) ? 'right' : 'left';
        // An exact copy: the array pushed to keeps room to grow, about 140 bytes a cell, 40 MB at 100,000 rows.
        const cell: TableCell = { runs: runs.slice(), align };
        if (indent) cell.indent = 1;
        if (group) cell.group = true;
        row.push(cell);
      }
      i++;
    }
  }
  try {
    return { rows: spansFromMarks(rows), header: Math.min(headerRows, rows.length), end: i };
  } catch (e) {
    if (e instanceof TableShapeError) throw new Error(`表格合并标记有误：${e.message}`);
    throw e;
  }
}

/** The block with the place its text was marked with (probe builds); unchanged otherwise. */
function placed<T extends Block>(block: T, sink: PlaceSink): T {
  if (sink.place !== undefined) block.place = sink.place;
  return block;
}

export function markupToBlocks(markup: string, sources: Marks, style: NumberingStyle = 'official', viaMarkdownIt = false): Block[] {
  const tokens = markupTokens(markup, viaMarkdownIt);
  const blocks: Block[] = [];
  const counters = [0, 0, 0, 0];
  let inContainer: { name: ContainerName; info: string } | null = null;
  let pendingRunIn: Extract<Block, { type: 'heading' }> | null = null;
  /** The table block of the open ::: table container: its paragraphs are title, then note. */
  let currentTable: TableBlock | null = null;

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const open = /^container_(\w+)_open$/.exec(t.type);
    if (open) {
      inContainer = { name: open[1] as ContainerName, info: t.info.trim() };
      if (inContainer.name === 'attachment') counters.fill(0);
      if (inContainer.name === 'table') {
        currentTable = { type: 'table', title: [], header: [], body: [] };
        blocks.push(currentTable);
      }
      continue;
    }
    if (/^container_\w+_close$/.test(t.type)) {
      if (inContainer?.name === 'table' && currentTable && !currentTable.header.length) throw new Error('::: table 块中没有表格（需要 GFM 表格：表头行、分隔行 |---|、表体行）');
      inContainer = null;
      currentTable = null;
      continue;
    }
    if (t.type === 'table_open') {
      const container = inContainer?.name === 'table' && currentTable && !currentTable.header.length ? currentTable : null;
      const opts = container ? tableOptions(inContainer!.info.replace(/^table\s*/, '')) : { header: 1 };
      const { rows, header, end } = readTable(tokens, i, sources, opts.header);
      const block: TableBlock = container ?? { type: 'table', title: [], header: [], body: [] };
      if (!container) blocks.push(block);
      block.header = rows.slice(0, header);
      block.body = rows.slice(header);
      if (opts.unit) block.unit = opts.unit;
      if (opts.widths) block.widths = opts.widths;
      i = end;
      continue;
    }
    if (t.type === 'hr') {
      blocks.push({ type: 'pageBreak' });
      continue;
    }
    if (t.type === 'heading_open') {
      const level = Math.min(Number(t.tag.slice(1)), 4) as HeadingLevel;
      const inline = tokens[i + 1];
      const runIn = RUNIN.test(inline?.content ?? '');
      if (runIn && inline) {
        const last = inline.children?.[inline.children.length - 1];
        if (last && last.type === 'text') last.content = last.content.replace(RUNIN, '');
      }
      counters[level - 1]!++;
      for (let l = level; l < 4; l++) counters[l] = 0;
      const sink: PlaceSink = {};
      const heading: Extract<Block, { type: 'heading' }> = { type: 'heading', level, number: headingNumber(level, counters[level - 1]!, style), runs: inlineRuns(inline, sources, sink) };
      blocks.push(placed(heading, sink));
      pendingRunIn = runIn ? heading : null;
      i += 2;
      continue;
    }
    if (t.type === 'paragraph_open') {
      const inline = tokens[i + 1];
      i += 2;
      if (pendingRunIn) {
        pendingRunIn.body = inlineRuns(inline, sources);
        pendingRunIn = null;
        continue;
      }
      const sink: PlaceSink = {};
      if (!inContainer) {
        const runs = inlineRuns(inline, sources, sink);
        if (runs.length) blocks.push(placed({ type: 'paragraph', runs }, sink));
        continue;
      }
      const name = inContainer.name;
      if (name === 'table' && currentTable) {
        // Before the table: its title; after it: its note.
        const runs = inlineRuns(inline, sources);
        // Two paragraphs before the table: its number (表1), then its title.
        if (!currentTable.header.length) {
          if (currentTable.title.length) currentTable.number = currentTable.title;
          currentTable.title = runs;
        }
        else currentTable.note = [...(currentTable.note ?? []), ...runs];
        continue;
      }
      if (name === 'meeting') blocks.push(placed({ type: 'meeting', lines: inlineLines(inline, sources, sink) }, sink));
      else if (name === 'attachments') blocks.push(placed({ type: 'attachmentNote', items: inlineLines(inline, sources, sink) }, sink));
      else if (name === 'attachment') blocks.push({ type: 'attachment', label: inContainer.info.replace(/^attachment\s*/, ''), title: inlineRuns(inline, sources) });
      else {
        const runs = inlineRuns(inline, sources, sink);
        // A container left empty (a style leaving out the speaker line) prints nothing.
        if (runs.length) blocks.push(placed({ type: name as Exclude<ContainerName, 'meeting' | 'attachments' | 'attachment' | 'table'>, runs }, sink));
      }
      continue;
    }
  }
  return blocks;
}
