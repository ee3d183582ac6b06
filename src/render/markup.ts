import MarkdownIt from 'markdown-it';
import container from 'markdown-it-container';
import type Token from 'markdown-it/lib/token.mjs';
import type { Block, HeadingLevel, Run } from '../model/doc';
import type { Source } from '../model/source';
import { FIG_END, FIG_SEP, FIG_START } from './figures';
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

/** Splits text with figure marks into runs. */
function textRuns(text: string, sources: readonly Source[], bold: boolean): Run[] {
  const runs: Run[] = [];
  let rest = text;
  while (rest) {
    const start = rest.indexOf(FIG_START);
    if (start < 0) {
      runs.push(bold ? { text: rest, bold } : { text: rest });
      break;
    }
    if (start > 0) runs.push(bold ? { text: rest.slice(0, start), bold } : { text: rest.slice(0, start) });
    const sep = rest.indexOf(FIG_SEP, start);
    const end = rest.indexOf(FIG_END, sep);
    if (sep < 0 || end < 0) throw new Error('数字标记不完整（内部错误）');
    const id = Number(rest.slice(start + 1, sep));
    const source = sources[id];
    if (!source) throw new Error(`未知的数字标记 ${id}（内部错误）`);
    const run: Run = { text: rest.slice(sep + 1, end), fig: { id, source } };
    if (bold) run.bold = true;
    runs.push(run);
    rest = rest.slice(end + 1);
  }
  return runs;
}

function inlineRuns(tok: Token | undefined, sources: readonly Source[]): Run[] {
  const runs: Run[] = [];
  let bold = 0;
  for (const child of tok?.children ?? []) {
    if (child.type === 'strong_open') bold++;
    else if (child.type === 'strong_close') bold--;
    else if (child.type === 'text' || child.type === 'code_inline') runs.push(...textRuns(child.content, sources, bold > 0));
    // A line break inside a paragraph is only the template's wrapping: Chinese text joins without a space.
    else if (child.type === 'softbreak' || child.type === 'hardbreak') continue;
  }
  return mergeRuns(runs);
}

/** Adjacent plain runs of the same style are one run. */
function mergeRuns(runs: Run[]): Run[] {
  const out: Run[] = [];
  for (const r of runs) {
    const prev = out[out.length - 1];
    if (prev && !prev.fig && !r.fig && !!prev.bold === !!r.bold) prev.text += r.text;
    else if (r.text) out.push({ ...r });
  }
  return out;
}

/** Lines of a paragraph (split at soft breaks), for blocks whose lines are separate items. */
function inlineLines(tok: Token | undefined, sources: readonly Source[]): Run[][] {
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

export function markupToBlocks(markup: string, sources: readonly Source[], style: NumberingStyle = 'official'): Block[] {
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
