import { CommentRangeEnd, CommentRangeStart, CommentReference, Paragraph, TextRun, type ICommentsOptions, type ParagraphChild } from 'docx';
import type { DocComment, Run } from '../model/doc';
import { FONT, SIZE, runFont } from './layout';

/**
 * Places comment ranges around runs (Run.comments): a range starts before the first run carrying a
 * comment id and ends after the last, followed by the reference run Word anchors the balloon to.
 */
export function withCommentRanges(runs: Run[], children: ParagraphChild[][]): ParagraphChild[][] {
  if (!runs.some((r) => r.comments?.length)) return children;
  return runs.map((r, i) => {
    const prev = new Set(runs[i - 1]?.comments ?? []);
    const next = new Set(runs[i + 1]?.comments ?? []);
    const out: ParagraphChild[] = [];
    for (const id of r.comments ?? []) if (!prev.has(id)) out.push(new CommentRangeStart(id));
    out.push(...children[i]!);
    for (const id of r.comments ?? []) {
      if (next.has(id)) continue;
      out.push(new CommentRangeEnd(id));
      out.push(new TextRun({ children: [new CommentReference(id)], font: runFont(FONT.body), size: SIZE.san }));
    }
    return out;
  });
}

/**
 * The comments part. The date is the document's own (its meeting date), never the clock, so a draft
 * built twice from the same data is the same bytes.
 */
export function commentsPart(comments: DocComment[], created: string): ICommentsOptions {
  const date = new Date(`${created}T00:00:00Z`);
  return {
    children: comments.map((c) => ({
      id: c.id,
      author: c.author,
      initials: c.initials,
      ...(Number.isNaN(date.getTime()) ? {} : { date }),
      children: c.paragraphs.map((p) => new Paragraph({ children: [new TextRun({ text: p, font: runFont(FONT.song), size: SIZE.si })] })),
    })),
  };
}
