import { encodeXml } from './ooxml';

/**
 * Adds Word comments (批注) to an existing package: creates word/comments.xml and its relationship
 * and content type when missing, appends to it otherwise. Anchors are inserted by the caller as
 * commentRangeStart/End around a range; this module owns the parts.
 */
export interface NewComment {
  id: number;
  text: string;
}

const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const REL_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments';
const CT = 'application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml';

/** The first comment id not used in the existing comments part. */
export function nextCommentId(commentsXml: string | undefined): number {
  let max = -1;
  for (const m of (commentsXml ?? '').matchAll(/<w:comment\b[^>]*\bw:id="(\d+)"/g)) max = Math.max(max, Number(m[1]));
  return max + 1;
}

function commentXml(c: NewComment, author: string, date: string): string {
  const paras = c.text
    .split('\n')
    .map((line) => `<w:p><w:r><w:t xml:space="preserve">${encodeXml(line)}</w:t></w:r></w:p>`)
    .join('');
  return `<w:comment w:id="${c.id}" w:author="${encodeXml(author)}" w:date="${date}" w:initials="FR">${paras}</w:comment>`;
}

export function addComments(
  files: Record<string, Uint8Array>,
  comments: NewComment[],
  author: string,
  date: string,
  enc: (s: string) => Uint8Array,
  dec: (b: Uint8Array) => string,
): void {
  if (!comments.length) return;
  const body = comments.map((c) => commentXml(c, author, date)).join('');
  const existing = files['word/comments.xml'];
  if (existing) {
    files['word/comments.xml'] = enc(dec(existing).replace(/<\/w:comments>\s*$/, `${body}</w:comments>`));
    return;
  }
  files['word/comments.xml'] = enc(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:comments xmlns:w="${W_NS}">${body}</w:comments>`);
  const relsName = 'word/_rels/document.xml.rels';
  const rels = dec(files[relsName]!);
  if (!rels.includes(REL_TYPE)) {
    let n = 1;
    while (rels.includes(`Id="rIdFR${n}"`)) n++;
    files[relsName] = enc(rels.replace('</Relationships>', `<Relationship Id="rIdFR${n}" Type="${REL_TYPE}" Target="comments.xml"/></Relationships>`));
  }
  const ctName = '[Content_Types].xml';
  const ct = dec(files[ctName]!);
  if (!ct.includes('/word/comments.xml')) files[ctName] = enc(ct.replace('</Types>', `<Override PartName="/word/comments.xml" ContentType="${CT}"/></Types>`));
}

/** The anchor XML around a range and the reference run after it. */
export function commentAnchors(id: number): { before: string; after: string } {
  return {
    before: `<w:commentRangeStart w:id="${id}"/>`,
    after: `<w:commentRangeEnd w:id="${id}"/><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="${id}"/></w:r>`,
  };
}
