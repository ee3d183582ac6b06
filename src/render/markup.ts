import MarkdownIt from 'markdown-it';
import container from 'markdown-it-container';
import type Token from 'markdown-it/lib/token.mjs';
import type { Block, HeadingLevel, Run } from '../model/doc';
import type { MarkedFigure } from './figures';
import { FIG_END, FIG_SEP, SLOT_END, SLOT_SEP, SLOT_START } from './figures';
import { chineseNumber } from './numerals';

/**
 * The document markup: CommonMark (headings, paragraphs, --- for a page break) plus ::: blocks
 * for the official parts. A heading ending in {.runin} takes the next paragraph as its body.
 */
const CONTAINERS = ['meeting', 'addressee', 'signature', 'date', 'title', 'subtitle', 'speaker', 'salutation', 'attachments', 'attachment'] as const;
type ContainerName = (typeof CONTAINERS)[number];

/** Heading number styles: 一、（一）1.（1） by GB/T 9704; 一、（一）1、（1） in a work plan. */
export type NumberingStyle = 'official' | 'workplan';

function makeParser(): MarkdownIt {
  const md = new MarkdownIt('commonmark', { html: false, linkify: false, typographer: false });
  // Only what a report needs: no lists, code blocks, quotes or links, so text a template or
  // writer types (an indented line, "1." at a line start) stays a paragraph.
  md.disable(['list', 'code', 'fence', 'blockquote', 'html_block', 'html_inline', 'link', 'image', 'autolink', 'reference', 'backticks', 'entity', 'lheading']);
  for (const name of CONTAINERS) {
    md.use(container, name, { validate: (params: string) => params.trim().split(/\s+/)[0] === name });
  }
  return md;
}

const parser = makeParser();

function headingNumber(level: HeadingLevel, n: number, style: NumberingStyle): string {
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
}

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
    const next = text.slice(i).search(/[\uE000\uE003\uE005]/);
    if (next < 0) {
      push(text.slice(i));
      break;
    }
    push(text.slice(i, i + next));
    i += next;
    const ch = text[i];
    if (ch === SLOT_END) {
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

function inlineRuns(tok: Token | undefined, sources: Marks): Run[] {
  const runs: Run[] = [];
  const state: SlotState = { current: null, depth: 0 };
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
function inlineLines(tok: Token | undefined, sources: Marks): Run[][] {
  const lines: Token[][] = [[]];
  for (const child of tok?.children ?? []) {
    if (child.type === 'softbreak' || child.type === 'hardbreak') lines.push([]);
    else lines[lines.length - 1]!.push(child);
  }
  return lines
    .map((children) => inlineRuns({ children } as Token, sources))
    .filter((runs) => runs.some((r) => r.text.trim()));
}

const RUNIN = /\s*\{\.runin\}\s*$/;

export function markupToBlocks(markup: string, sources: Marks, style: NumberingStyle = 'official'): Block[] {
  const tokens = parser.parse(markup, {});
  const blocks: Block[] = [];
  const counters = [0, 0, 0, 0];
  let inContainer: { name: ContainerName; info: string } | null = null;
  let pendingRunIn: Extract<Block, { type: 'heading' }> | null = null;

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const open = /^container_(\w+)_open$/.exec(t.type);
    if (open) {
      inContainer = { name: open[1] as ContainerName, info: t.info.trim() };
      if (inContainer.name === 'attachment') counters.fill(0);
      continue;
    }
    if (/^container_\w+_close$/.test(t.type)) {
      inContainer = null;
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
      const heading: Extract<Block, { type: 'heading' }> = { type: 'heading', level, number: headingNumber(level, counters[level - 1]!, style), runs: inlineRuns(inline, sources) };
      blocks.push(heading);
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
      if (!inContainer) {
        const runs = inlineRuns(inline, sources);
        if (runs.length) blocks.push({ type: 'paragraph', runs });
        continue;
      }
      const name = inContainer.name;
      if (name === 'meeting') blocks.push({ type: 'meeting', lines: inlineLines(inline, sources) });
      else if (name === 'attachments') blocks.push({ type: 'attachmentNote', items: inlineLines(inline, sources) });
      else if (name === 'attachment') blocks.push({ type: 'attachment', label: inContainer.info.replace(/^attachment\s*/, ''), title: inlineRuns(inline, sources) });
      else blocks.push({ type: name, runs: inlineRuns(inline, sources) });
      continue;
    }
  }
  return blocks;
}
