import { AlignmentType, Paragraph, Table, TextRun, type ParagraphChild } from 'docx';
import { tableBlock } from './table';
import { runsText, type Block, type Run } from '../model/doc';
import { ADVANCE, FONT, SIZE, TEXT_WIDTH, runFont, type FontSpec } from './layout';
import { displayWidth, wrapDisplayLine } from './wrap';
import { STYLE } from './styles';
import { boundRun, boundSlot } from './bind';
import { skeleton } from '../model/bind';
import { withCommentRanges } from './comments';

/** Every run names its East Asian and Latin fonts and size: never left to the reader's defaults. */
export function textRuns(runs: Run[], font: FontSpec, size = SIZE.san): ParagraphChild[] {
  const one = (r: Run) => {
    const run = new TextRun({ text: r.text, font: runFont(font), size, ...(r.bold ? { bold: true } : {}) });
    // Figures are bound to their source by a bookmark, so `refresh` can update them in an edited draft.
    return r.fig ? boundRun(run, r.fig.key, r.text) : [run];
  };
  // A draft's comments (批注) cover the runs they concern.
  const children = withCommentRanges(runs, runs.map(one));
  // Runs of one data-dependent slot are bound together, around the figures' own bookmarks.
  const out: ParagraphChild[] = [];
  for (let i = 0; i < runs.length; ) {
    const slot = runs[i]!.slot;
    let j = i + 1;
    while (slot !== undefined && j < runs.length && runs[j]!.slot === slot) j++;
    const group = children.slice(i, j).flat();
    if (slot === undefined) out.push(...group);
    else out.push(...boundSlot(group, slot, skeleton(runs.slice(i, j).map((r) => ({ text: r.text, fig: !!r.fig })))));
    i = j;
  }
  return out;
}

/**
 * A centred display line (title, subtitle) with its line breaks chosen by wrapDisplayLine:
 * the runs are cut at the breaks and each new line starts with <w:br/>.
 */
export function wrappedRuns(runs: Run[], font: FontSpec, size: number, measure: number): ParagraphChild[] {
  const lines = wrapDisplayLine(runsText(runs), measure);
  const starts = new Set<number>();
  let pos = 0;
  for (const l of lines.slice(0, -1)) starts.add((pos += l.length));
  const out: ParagraphChild[] = [];
  let offset = 0;
  for (const r of runs) {
    const cuts = [0];
    for (let k = 1; k < r.text.length; k++) if (starts.has(offset + k)) cuts.push(k);
    const pieces = cuts.map((from, j) => {
      const breakBefore = from > 0 || (offset > 0 && starts.has(offset));
      return new TextRun({ text: r.text.slice(from, cuts[j + 1] ?? r.text.length), font: runFont(font), size, ...(r.bold ? { bold: true } : {}), ...(breakBefore ? { break: 1 } : {}) });
    });
    // A figure stays bound even where a line break falls inside it.
    out.push(...(r.fig ? boundRun(pieces, r.fig.key, r.text) : pieces));
    offset += r.text.length;
  }
  return out;
}

/** Characters a centred line of this size holds: 156 mm ÷ (size − 0.3 pt). */
const measureOf = (halfPoints: number) => Math.floor(TEXT_WIDTH / (halfPoints * 10 + (ADVANCE - 320)));

// firstLineChars wins over firstLine in Word, so both are reset where a part has no indent.
const noIndent = { firstLine: 0, firstLineChars: 0 };
const HEADING_FONT = [FONT.hei, FONT.kai, FONT.body, FONT.body] as const;
const HEADING_STYLE = [STYLE.h1, STYLE.h2, STYLE.h3, STYLE.h4] as const;

/** An empty line of body height (GB/T 9704 counts layout in lines). */
export function blankLine(): Paragraph {
  return new Paragraph({ indent: noIndent, children: [new TextRun({ text: '', font: runFont(FONT.body), size: SIZE.san })] });
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
}

/** Turns blocks into paragraphs; layout per part follows GB/T 9704 (official-format.md). */
export function blocksToParagraphs(blocks: Block[]): (Paragraph | Table)[] {
  const ctx: Ctx = { breakBefore: false, signatureStart: null, nextDate: null, afterTable: false };
  const out: (Paragraph | Table)[] = [];
  const push = (p: (Paragraph | Table)[]) => out.push(...p);
  blocks.forEach((b, i) => {
    if (b.type === 'pageBreak') {
      ctx.breakBefore = true;
      return;
    }
    const next = blocks[i + 1];
    ctx.nextDate = b.type === 'signature' && next?.type === 'date' ? next.runs : null;
    const pageBreakBefore = ctx.breakBefore;
    ctx.breakBefore = false;
    push(blockParagraphs(b, ctx, pageBreakBefore));
    ctx.afterTable = b.type === 'table';
    // GB/T 9704: the salutation (or the text) sits one blank line below the title; a subtitle or
    // speaker line under the title comes first.
    if (b.type === 'title' && next && next.type !== 'subtitle' && next.type !== 'speaker') out.push(blankLine());
  });
  return out;
}

function blockParagraphs(b: Exclude<Block, { type: 'pageBreak' }>, ctx: Ctx, pageBreakBefore: boolean): (Paragraph | Table)[] {
  const brk = pageBreakBefore ? { pageBreakBefore: true } : {};
  switch (b.type) {
    case 'meeting':
      return b.lines.map((line, i) => new Paragraph({ ...(i === 0 ? brk : {}), indent: noIndent, children: textRuns(line, FONT.hei) }));
    case 'addressee':
      return [blankLine(), new Paragraph({ ...brk, indent: noIndent, children: textRuns(b.runs, FONT.body) })];
    case 'salutation':
      return [new Paragraph({ ...brk, indent: noIndent, children: textRuns(b.runs, FONT.body) })];
    case 'paragraph':
      return [new Paragraph({ ...brk, children: textRuns(b.runs, FONT.body) })];
    case 'signature': {
      // Unsealed document (GB/T 9704 7.3.5.1): one blank line below the text, the signature 右空二字,
      // the date on the next line with its first character two characters right of the signature's
      // first. A date longer than the signature takes 右空二字 itself and the signature moves left.
      const sigW = displayWidth(runsText(b.runs));
      const dateW = ctx.nextDate ? displayWidth(runsText(ctx.nextDate)) : 0;
      const right = dateW > sigW - 2 ? 2 + dateW + 2 - sigW : 2;
      ctx.signatureStart = TEXT_WIDTH - Math.round((right + sigW) * ADVANCE);
      return [blankLine(), new Paragraph({ ...brk, alignment: AlignmentType.RIGHT, indent: { ...noIndent, right: Math.round(right * ADVANCE) }, children: textRuns(b.runs, FONT.body) })];
    }
    case 'date': {
      // Left-aligned from the signature's first character: the date's own width (Latin digits,
      // the space Word and LibreOffice put around them) then does not move it.
      const left = ctx.signatureStart !== null ? ctx.signatureStart + 2 * ADVANCE : TEXT_WIDTH - Math.round((4 + displayWidth(runsText(b.runs))) * ADVANCE);
      return [new Paragraph({ ...brk, alignment: AlignmentType.LEFT, indent: { ...noIndent, left }, children: textRuns(b.runs, FONT.body) })];
    }
    case 'title':
      return [new Paragraph({ ...brk, style: STYLE.title, alignment: AlignmentType.CENTER, indent: noIndent, children: wrappedRuns(b.runs, FONT.title, SIZE.er, measureOf(SIZE.er)) })];
    case 'subtitle':
    case 'speaker':
      return [new Paragraph({ ...brk, alignment: AlignmentType.CENTER, indent: noIndent, children: wrappedRuns(b.runs, FONT.kai, SIZE.san, measureOf(SIZE.san)) })];
    case 'heading': {
      const font = HEADING_FONT[b.level - 1]!;
      const children = [...textRuns([{ text: b.number }, ...b.runs], font)];
      // Run-in heading: the heading part in its font, the rest of the paragraph in body font.
      if (b.body) children.push(...textRuns(b.body, FONT.body));
      // A run-in heading is a body paragraph too: it may break across pages like one, so it does
      // not keep with the next paragraph (that would push the whole paragraph to a new page).
      return [new Paragraph({ ...brk, style: HEADING_STYLE[b.level - 1]!, ...(b.body ? { keepNext: false } : {}), children })];
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
          return new Paragraph({
            ...(i === 0 ? brk : {}),
            indent: { left, hanging: left - Math.round(firstStart * ADVANCE), firstLineChars: 0 },
            children: textRuns([{ text: (i === 0 ? '附件：' : '') + prefix }, ...item], FONT.body),
          });
        }),
      ];
    }
    case 'table':
      // Each table of the 决算草案表 on a page of its own; the first follows its attachment's title.
      return tableBlock(b, pageBreakBefore || ctx.afterTable);
    case 'attachment':
      // New page; 附件N in 黑体 flush left on line 1, its title centred on line 3.
      return [
        new Paragraph({ pageBreakBefore: true, indent: noIndent, children: textRuns([{ text: b.label }], FONT.hei) }),
        blankLine(),
        new Paragraph({ style: STYLE.title, alignment: AlignmentType.CENTER, indent: noIndent, children: wrappedRuns(b.title, FONT.title, SIZE.er, measureOf(SIZE.er)) }),
        blankLine(),
      ];
  }
}
