import { tableBlock } from './table';
import { TableNames } from '../model/table-band';
import { runsText, type Block, type Run } from '../model/doc';
import { ADVANCE, FONT, LINE, SIZE, TEXT_WIDTH, type FontSpec } from './layout';
import { displayWidth, wrapDisplayLine } from './wrap';
import { STYLE } from './style-ids';
import { boundRun, boundSlot } from './bind';
import { skeleton } from '../model/bind';
import { withCommentRanges } from './comments';
import { paragraph, runPropsIn, textRun, type Indent } from './xml';

/**
 * Blocks → the XML of body paragraphs and tables (xml.ts). Every run is set in its part's East
 * Asian and Latin fonts and size: named on the run, or given by the paragraph's style (the run
 * then leaves them out, xml.ts runPropsIn), never left to the reader's defaults.
 */
export function textRuns(runs: Run[], font: FontSpec, style: string = STYLE.body, size = SIZE.san): string {
  const plain = runPropsIn(style, font, size);
  const bold = runPropsIn(style, font, size, true);
  // Figures are bound to their source by a bookmark, so `refresh` can update them in an edited draft.
  const one = (r: Run) => {
    const run = textRun(r.text, r.bold ? bold : plain);
    return r.fig ? boundRun(run, r.fig.key, r.text) : run;
  };
  // A draft's comments (批注) cover the runs they concern. Pushed in a loop, as below (model/bind.ts skeleton).
  const own: string[] = [];
  for (let i = 0; i < runs.length; i++) own.push(one(runs[i]!));
  const children = withCommentRanges(runs, own);
  // Runs of one data-dependent slot are bound together, around the figures' own bookmarks.
  let out = '';
  for (let i = 0; i < runs.length; ) {
    const slot = runs[i]!.slot;
    let j = i + 1;
    while (slot !== undefined && j < runs.length && runs[j]!.slot === slot) j++;
    // The group's text by a loop over its range (see skeleton in model/bind.ts for why not slice/join).
    let group = children[i]!;
    for (let k = i + 1; k < j; k++) group += children[k]!;
    if (slot === undefined) out += group;
    else out += boundSlot(group, slot, skeleton(runs, i, j));
    i = j;
  }
  return out;
}

/**
 * A centred display line (title, subtitle) with its line breaks chosen by wrapDisplayLine:
 * the runs are cut at the breaks and each new line starts with <w:br/>.
 */
export function wrappedRuns(runs: Run[], font: FontSpec, size: number, measure: number, style: string = STYLE.body): string {
  const lines = wrapDisplayLine(runsText(runs), measure);
  const starts = new Set<number>();
  let pos = 0;
  for (const l of lines.slice(0, -1)) starts.add((pos += l.length));
  let out = '';
  let offset = 0;
  for (const r of runs) {
    const cuts = [0];
    for (let k = 1; k < r.text.length; k++) if (starts.has(offset + k)) cuts.push(k);
    const rPr = runPropsIn(style, font, size, !!r.bold);
    const pieces = cuts
      .map((from, j) => {
        const breakBefore = from > 0 || (offset > 0 && starts.has(offset));
        return textRun(r.text.slice(from, cuts[j + 1] ?? r.text.length), rPr, breakBefore);
      })
      .join('');
    // A figure stays bound even where a line break falls inside it.
    out += r.fig ? boundRun(pieces, r.fig.key, r.text) : pieces;
    offset += r.text.length;
  }
  return out;
}

/** The Title style's exact line height (styles.ts). */
const TITLE_LINE = 700;

/** Characters a centred line of this size holds: 156 mm ÷ (size − 0.3 pt). */
const measureOf = (halfPoints: number) => Math.floor(TEXT_WIDTH / (halfPoints * 10 + (ADVANCE - 320)));

// firstLineChars wins over firstLine in Word, so both are reset where a part has no indent.
const noIndent: Indent = { firstLine: 0, firstLineChars: 0 };
const HEADING_FONT = [FONT.hei, FONT.kai, FONT.body, FONT.body] as const;
const HEADING_STYLE = [STYLE.h1, STYLE.h2, STYLE.h3, STYLE.h4] as const;

/** An empty line of body height (GB/T 9704 counts layout in lines). */
const BLANK_LINE = paragraph({ indent: noIndent }, textRun('', runPropsIn(STYLE.body, FONT.body, SIZE.san)));
export function blankLine(): string {
  return BLANK_LINE;
}

interface Ctx {
  /** Set by a pageBreak block: the next paragraph starts a new page. */
  breakBefore: boolean;
  /** Where the signature starts (twips from the left of the text block), for the date under it. */
  signatureStart: number | null;
  /** The date that follows a signature, which decides the signature's place when it is the longer. */
  nextDate: Run[] | null;
  /** The previous block was a table: the next table starts a new page. */
  afterTable: boolean;
  /** How much of the current page the blocks so far take (twips), where that is known: a table then plans its pages. */
  pageUsed: number | null;
  /** The tables' names, for the keys of a long table's bands (model/table-band.ts). */
  tables: TableNames;
}

/**
 * Turns blocks into the XML of body elements, one string each, handed to `emit` as they are made
 * (the document is encoded as it is written: a long table's XML need not all be held as strings).
 * Layout per part follows GB/T 9704 (official-format.md).
 */
export function blocksToParagraphs(blocks: Block[], emit: (xml: string) => void, tables = new TableNames()): void {
  const ctx: Ctx = { breakBefore: false, signatureStart: null, nextDate: null, afterTable: false, pageUsed: null, tables };
  blocks.forEach((b, i) => {
    if (b.type === 'pageBreak') {
      ctx.breakBefore = true;
      return;
    }
    const next = blocks[i + 1];
    ctx.nextDate = b.type === 'signature' && next?.type === 'date' ? next.runs : null;
    const pageBreakBefore = ctx.breakBefore;
    ctx.breakBefore = false;
    // Each table of the 决算草案表 on a page of its own; the first follows its attachment's title.
    if (b.type === 'table') {
      const newPage = pageBreakBefore || ctx.afterTable;
      tableBlock(b, newPage, emit, newPage ? 0 : ctx.pageUsed, ctx.tables.next(b));
      ctx.pageUsed = null;
    } else {
      for (const p of blockParagraphs(b, ctx, pageBreakBefore)) emit(p);
      // An attachment's first page: 附件N, a blank line, its title (exact 35 pt lines), a blank line.
      ctx.pageUsed = b.type === 'attachment' ? 3 * LINE + TITLE_LINE * wrapDisplayLine(runsText(b.title), measureOf(SIZE.er)).length : null;
    }
    ctx.afterTable = b.type === 'table';
    // GB/T 9704: the salutation (or the text) sits one blank line below the title, and below the
    // subtitle and speaker lines where the title has them (seed 000: title, ——日期在……上, 报告人,
    // then a blank line before 各位主任、各位委员：).
    const head = b.type === 'title' || b.type === 'subtitle' || b.type === 'speaker';
    if (head && next && next.type !== 'subtitle' && next.type !== 'speaker' && next.type !== 'pageBreak') emit(blankLine());
  });
}

function blockParagraphs(b: Exclude<Block, { type: 'pageBreak' | 'table' }>, ctx: Ctx, pageBreakBefore: boolean): string[] {
  const brk = pageBreakBefore ? { pageBreakBefore: true } : {};
  switch (b.type) {
    case 'meeting':
      return b.lines.map((line, i) => paragraph({ ...(i === 0 ? brk : {}), indent: noIndent }, textRuns(line, FONT.hei)));
    case 'addressee':
      return [blankLine(), paragraph({ ...brk, indent: noIndent }, textRuns(b.runs, FONT.body))];
    case 'salutation':
      return [paragraph({ ...brk, indent: noIndent }, textRuns(b.runs, FONT.body))];
    case 'paragraph':
      return [paragraph(brk, textRuns(b.runs, FONT.body))];
    case 'signature': {
      // Unsealed document (GB/T 9704 7.3.5.1): one blank line below the text, the signature 右空二字,
      // the date on the next line with its first character two characters right of the signature's
      // first. A date longer than the signature takes 右空二字 itself and the signature moves left.
      const sigW = displayWidth(runsText(b.runs));
      const dateW = ctx.nextDate ? displayWidth(runsText(ctx.nextDate)) : 0;
      const right = dateW > sigW - 2 ? 2 + dateW + 2 - sigW : 2;
      ctx.signatureStart = TEXT_WIDTH - Math.round((right + sigW) * ADVANCE);
      return [blankLine(), paragraph({ ...brk, indent: { right: Math.round(right * ADVANCE), ...noIndent }, alignment: 'right' }, textRuns(b.runs, FONT.body))];
    }
    case 'date': {
      // Left-aligned from the signature's first character: the date's own width (Latin digits,
      // the space Word and LibreOffice put around them) then does not move it.
      const left = ctx.signatureStart !== null ? ctx.signatureStart + 2 * ADVANCE : TEXT_WIDTH - Math.round((4 + displayWidth(runsText(b.runs))) * ADVANCE);
      return [paragraph({ ...brk, indent: { left, ...noIndent }, alignment: 'left' }, textRuns(b.runs, FONT.body))];
    }
    case 'title':
      return [paragraph({ style: STYLE.title, ...brk, indent: noIndent, alignment: 'center' }, wrappedRuns(b.runs, FONT.title, SIZE.er, measureOf(SIZE.er), STYLE.title))];
    case 'subtitle':
    case 'speaker':
      return [paragraph({ ...brk, indent: noIndent, alignment: 'center' }, wrappedRuns(b.runs, FONT.kai, SIZE.san, measureOf(SIZE.san)))];
    case 'heading': {
      const font = HEADING_FONT[b.level - 1]!;
      const style = HEADING_STYLE[b.level - 1]!;
      const heading = textRuns([{ text: b.number }, ...b.runs], font, style);
      if (!b.body) return [paragraph({ style, ...brk }, heading)];
      // Run-in heading ("（一）夯实基础……。一是……"): the heading is a paragraph of its own, so the
      // navigation pane and a table of contents list the heading alone, and its paragraph mark is a
      // style separator, so Word and WPS set the body on in the same line. The body is a Normal
      // paragraph whose runs take the body face from the style, as every body paragraph's do; the
      // PDF path, which joins the pair back into one paragraph (docx/run-in.ts: LibreOffice 7.4
      // breaks the line at a style separator), names the body face on them there. Neither keeps
      // with the next paragraph: a run-in heading breaks across pages like a body paragraph.
      return [
        paragraph({ style, keepNext: false, ...brk, styleSeparator: true }, heading),
        paragraph({ indent: noIndent }, textRuns(b.body, FONT.body)),
      ];
    }
    case 'attachmentNote': {
      // 附件：1．名称 — left 2 characters; wrapped names align under the first character of the name.
      const labelW = 3; // 附件：
      return [
        blankLine(),
        ...b.items.map((item, i) => {
          const num = `${i + 1}．`;
          const numW = displayWidth(num);
          const left = Math.round((2 + labelW + numW) * ADVANCE);
          const firstStart = i === 0 ? 2 : 2 + labelW;
          const prefix = b.items.length > 1 ? num : '';
          return paragraph(
            { ...(i === 0 ? brk : {}), indent: { left, hanging: left - Math.round(firstStart * ADVANCE), firstLineChars: 0 } },
            textRuns([{ text: (i === 0 ? '附件：' : '') + prefix }, ...item], FONT.body),
          );
        }),
      ];
    }
    case 'attachment':
      // New page; 附件N in 黑体 flush left on line 1, its title centred on line 3.
      return [
        paragraph({ pageBreakBefore: true, indent: noIndent }, textRuns([{ text: b.label }], FONT.hei)),
        blankLine(),
        paragraph({ style: STYLE.title, indent: noIndent, alignment: 'center' }, wrappedRuns(b.title, FONT.title, SIZE.er, measureOf(SIZE.er), STYLE.title)),
        blankLine(),
      ];
  }
}
