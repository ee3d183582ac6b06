import { AlignmentType, Paragraph, TextRun, type ParagraphChild } from 'docx';
import type { Block, Run } from '../model/doc';
import { CHAR, FONT, SIZE, runFont, textWidth, type FontSpec } from './layout';
import { STYLE } from './styles';
import { withCommentRanges } from './comments';

/** Every run names its East Asian and Latin fonts and size: never left to the reader's defaults. */
export function textRuns(runs: Run[], font: FontSpec, size = SIZE.san): ParagraphChild[] {
  return withCommentRanges(runs, runs.map((r) => new TextRun({ text: r.text, font: runFont(font), size, ...(r.bold ? { bold: true } : {}) })));
}

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
  /** The signature's width, for placing the date under it. */
  signatureWidth: number;
}

/** Turns blocks into paragraphs; layout per part follows GB/T 9704 (official-format.md). */
export function blocksToParagraphs(blocks: Block[]): Paragraph[] {
  const ctx: Ctx = { breakBefore: false, signatureWidth: 0 };
  const out: Paragraph[] = [];
  const push = (p: Paragraph[]) => out.push(...p);
  for (const b of blocks) {
    if (b.type === 'pageBreak') {
      ctx.breakBefore = true;
      continue;
    }
    const pageBreakBefore = ctx.breakBefore;
    ctx.breakBefore = false;
    push(blockParagraphs(b, ctx, pageBreakBefore));
  }
  return out;
}

function blockParagraphs(b: Exclude<Block, { type: 'pageBreak' }>, ctx: Ctx, pageBreakBefore: boolean): Paragraph[] {
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
      // Unsealed document: one blank line below the text, signature 右空二字.
      ctx.signatureWidth = textWidth(b.runs.map((r) => r.text).join(''));
      return [blankLine(), new Paragraph({ ...brk, alignment: AlignmentType.RIGHT, indent: { ...noIndent, right: 2 * CHAR }, children: textRuns(b.runs, FONT.body) })];
    }
    case 'date': {
      // The date's first character sits two characters right of the signature's first; where the date
      // is the longer, it takes 右空二字 itself.
      const w = textWidth(b.runs.map((r) => r.text).join(''));
      const right = ctx.signatureWidth ? Math.max(2, 2 + ctx.signatureWidth - 2 - w) : 4;
      return [new Paragraph({ ...brk, alignment: AlignmentType.RIGHT, indent: { ...noIndent, right: Math.round(right * CHAR) }, children: textRuns(b.runs, FONT.body) })];
    }
    case 'title':
      return [new Paragraph({ ...brk, style: STYLE.title, alignment: AlignmentType.CENTER, indent: noIndent, children: textRuns(b.runs, FONT.title, SIZE.er) })];
    case 'subtitle':
    case 'speaker':
      return [new Paragraph({ ...brk, alignment: AlignmentType.CENTER, indent: noIndent, children: textRuns(b.runs, FONT.kai) })];
    case 'heading': {
      const font = HEADING_FONT[b.level - 1]!;
      const children = [...textRuns([{ text: b.number }, ...b.runs], font)];
      // Run-in heading: the heading part in its font, the rest of the paragraph in body font.
      if (b.body) children.push(...textRuns(b.body, FONT.body));
      return [new Paragraph({ ...brk, style: HEADING_STYLE[b.level - 1]!, children })];
    }
    case 'attachmentNote': {
      // 附件：1．名称 — left 2 characters; wrapped names align under the first character of the name.
      const labelW = 3; // 附件：
      return [
        blankLine(),
        ...b.items.map((item, i) => {
          const num = `${i + 1}．`;
          const numW = textWidth(num);
          const left = Math.round((2 + labelW + numW) * CHAR);
          const firstStart = i === 0 ? 2 : 2 + labelW;
          const prefix = b.items.length > 1 ? num : '';
          return new Paragraph({
            ...(i === 0 ? brk : {}),
            indent: { left, hanging: left - Math.round(firstStart * CHAR), firstLineChars: 0 },
            children: textRuns([{ text: (i === 0 ? '附件：' : '') + prefix }, ...item], FONT.body),
          });
        }),
      ];
    }
    case 'attachment':
      // New page; 附件N in 黑体 flush left on line 1, its title centred on line 3.
      return [
        new Paragraph({ pageBreakBefore: true, indent: noIndent, children: textRuns([{ text: b.label }], FONT.hei) }),
        blankLine(),
        new Paragraph({ style: STYLE.title, alignment: AlignmentType.CENTER, indent: noIndent, children: textRuns(b.title, FONT.title, SIZE.er) }),
        blankLine(),
      ];
  }
}
