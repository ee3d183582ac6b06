import type { DocComment, Run } from '../model/doc';
import { annotationRef, commentRangeEnd, commentRangeStart, commentReference, esc, paragraph, textRun } from './xml';

export const COMMENT_TEXT = 'CommentText';

/**
 * Places comment ranges around runs (Run.comments): a range starts before the first run carrying a
 * comment id and ends after the last, followed by the reference run Word anchors the balloon to.
 * `children` holds each run's XML.
 */
export function withCommentRanges(runs: Run[], children: string[]): string[] {
  if (!runs.some((r) => r.comments?.length)) return children;
  return runs.map((r, i) => {
    const prev = new Set(runs[i - 1]?.comments ?? []);
    const next = new Set(runs[i + 1]?.comments ?? []);
    let out = '';
    for (const id of r.comments ?? []) if (!prev.has(id)) out += commentRangeStart(id);
    out += children[i]!;
    for (const id of r.comments ?? []) {
      if (next.has(id)) continue;
      out += commentRangeEnd(id) + commentReference(id);
    }
    return out;
  });
}

/**
 * The comments part (word/comments.xml) inside its root element `root` (parts.ts). The date is the
 * document's own (its meeting date), never the clock, so a draft built twice from the same data is
 * the same bytes.
 */
export function commentsXml(root: string, comments: DocComment[], created: string): string {
  const date = new Date(`${created}T00:00:00Z`);
  const when = Number.isNaN(date.getTime()) ? '' : ` w:date="${date.toISOString()}"`;
  let body = '';
  for (const c of comments) {
    const open = `<w:comment w:id="${c.id}" w:initials="${esc(c.initials)}" w:author="${esc(c.author)}"${when}`;
    // 五号 宋体, single-spaced, no indent: the CommentText style gives it all (skeleton.ts).
    const paras = c.paragraphs.map((p, i) => paragraph({ style: COMMENT_TEXT }, (i === 0 ? annotationRef : '') + textRun(p, '')));
    body += `${open}>${paras.length ? paras.join('') : paragraph({ style: COMMENT_TEXT }, annotationRef)}</w:comment>`;
  }
  return `${root}${body}</w:comments>`;
}
