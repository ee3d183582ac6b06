import type { DocComment, Run } from '../model/doc';
import { FONT, SIZE } from './layout';
import { commentRangeEnd, commentRangeStart, commentReference, esc, paragraph, runProps, runPropsIn, textRun } from './xml';
import { STYLE } from './style-ids';

/**
 * Places comment ranges around runs (Run.comments): a range starts before the first run carrying a
 * comment id and ends after the last, followed by the reference run Word anchors the balloon to.
 * `children` holds each run's XML.
 */
export function withCommentRanges(runs: Run[], children: string[]): string[] {
  if (!runs.some((r) => r.comments?.length)) return children;
  const refProps = runPropsIn(STYLE.body, FONT.body, SIZE.san);
  return runs.map((r, i) => {
    const prev = new Set(runs[i - 1]?.comments ?? []);
    const next = new Set(runs[i + 1]?.comments ?? []);
    let out = '';
    for (const id of r.comments ?? []) if (!prev.has(id)) out += commentRangeStart(id);
    out += children[i]!;
    for (const id of r.comments ?? []) {
      if (next.has(id)) continue;
      out += commentRangeEnd(id) + commentReference(id, refProps);
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
  const rPr = runProps(FONT.song, SIZE.si);
  let body = '';
  for (const c of comments) {
    const open = `<w:comment w:id="${c.id}" w:initials="${esc(c.initials)}" w:author="${esc(c.author)}"${when}`;
    body += c.paragraphs.length ? `${open}>${c.paragraphs.map((p) => paragraph({}, textRun(p, rPr))).join('')}</w:comment>` : `${open}/>`;
  }
  return `${root}${body}</w:comments>`;
}
