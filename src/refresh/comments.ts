import { encodeXml, xmlText } from './ooxml';

/**
 * Word comments (批注) in an existing package, as refresh meets them: the comments part is found
 * through the document's relationships whatever it is named (created, with its relationship and
 * content type, where there is none), may be empty (<w:comments/>), and may hold the writer's own
 * comments, which are never touched. Anchors are inserted by the caller as commentRangeStart/End
 * around a range; this module owns the parts.
 */
export interface NewComment {
  id: number;
  text: string;
}

type Files = Record<string, Uint8Array>;
type Codec = { enc: (s: string) => Uint8Array; dec: (b: Uint8Array) => string };

const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const REL_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments';
const CT = 'application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml';
const RELS = 'word/_rels/document.xml.rels';

/** The comments part's name in the package (from the document's relationships), or null where there is none. */
export function commentsPartName(files: Files, dec: (b: Uint8Array) => string): string | null {
  const rels = files[RELS] ? dec(files[RELS]) : '';
  for (const [tag] of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    if (!tag.includes(`"${REL_TYPE}"`)) continue;
    const target = /\bTarget="([^"]*)"/.exec(tag)?.[1];
    if (!target) continue;
    // Relative to word/ (the document's folder), or absolute from the package root.
    const parts = (target.startsWith('/') ? target.slice(1) : `word/${target}`).split('/');
    const out: string[] = [];
    for (const p of parts) {
      if (p === '..') out.pop();
      else if (p && p !== '.') out.push(p);
    }
    return out.join('/');
  }
  return null;
}

/** Every comment id the package uses (the comments part and the anchors in document.xml), so new ones stay unique. */
export function usedCommentIds(documentXml: string, commentsXml: string | undefined): Set<number> {
  const ids = new Set<number>();
  for (const m of (commentsXml ?? '').matchAll(/<w:comment\b[^>]*\bw:id="(-?\d+)"/g)) ids.add(Number(m[1]));
  for (const m of documentXml.matchAll(/<w:(?:commentRangeStart|commentRangeEnd|commentReference)\b[^>]*\bw:id="(-?\d+)"/g)) ids.add(Number(m[1]));
  return ids;
}

/** The first comment id not used in the package. */
export function nextCommentId(commentsXml: string | undefined, documentXml = ''): number {
  return Math.max(-1, ...usedCommentIds(documentXml, commentsXml)) + 1;
}

/** The comments of one author: id → text. */
export function commentsBy(commentsXml: string | undefined, author: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const m of (commentsXml ?? '').matchAll(/<w:comment\b([^>]*?)(?:\/>|>([\s\S]*?)<\/w:comment>)/g)) {
    const a = /\bw:author="([^"]*)"/.exec(m[1]!)?.[1];
    const id = /\bw:id="(-?\d+)"/.exec(m[1]!)?.[1];
    if (id !== undefined && a !== undefined && a === encodeXml(author)) out.set(Number(id), xmlText(m[2] ?? ''));
  }
  return out;
}

/** The comments part without the comments of these ids. */
export function dropComments(commentsXml: string, ids: Set<number>): string {
  return commentsXml.replace(/<w:comment\b([^>]*?)(?:\/>|>[\s\S]*?<\/w:comment>)/g, (all, attrs: string) => {
    const id = /\bw:id="(-?\d+)"/.exec(attrs)?.[1];
    return id !== undefined && ids.has(Number(id)) ? '' : all;
  });
}

/** document.xml without the anchors of these comments: range marks and the run holding the reference. */
export function dropAnchors(documentXml: string, ids: Set<number>): string {
  const mine = (attrs: string) => {
    const id = /\bw:id="(-?\d+)"/.exec(attrs)?.[1];
    return id !== undefined && ids.has(Number(id));
  };
  return documentXml
    // The run may carry Word's rsid attributes (<w:r w:rsidRPr="…">) once the draft has been saved in Word.
    .replace(/<w:r\b[^>]*>(?:<w:rPr>(?:(?!<\/w:rPr>)[\s\S])*?<\/w:rPr>)?<w:commentReference\b([^>]*)\/><\/w:r>/g, (all, attrs: string) => (mine(attrs) ? '' : all))
    .replace(/<w:(?:commentRangeStart|commentRangeEnd|commentReference)\b([^>]*)\/>/g, (all, attrs: string) => (mine(attrs) ? '' : all));
}

function commentXml(c: NewComment, author: string, initials: string, date: string): string {
  const ref = '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>';
  const paras = c.text
    .split('\n')
    .map((line, i) => `<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>${i === 0 ? ref : ''}<w:r><w:t xml:space="preserve">${encodeXml(line)}</w:t></w:r></w:p>`)
    .join('');
  return `<w:comment w:id="${c.id}" w:initials="${encodeXml(initials)}" w:author="${encodeXml(author)}" w:date="${date}">${paras}</w:comment>`;
}

/** Appends to a comments part, which may be empty (<w:comments/>) or written with another prefix for the namespace. */
function appendTo(xml: string, body: string): string {
  const root = /<(\w+:)?comments\b([^>]*?)(\/?)>/.exec(xml);
  if (!root) throw new Error('comments part without a comments element');
  const [tag, prefix = '', , selfClosing] = root;
  if (selfClosing) return xml.replace(tag, `${tag.slice(0, -2).trimEnd()}>${body}</${prefix}comments>`);
  const close = `</${prefix}comments>`;
  const at = xml.lastIndexOf(close);
  return xml.slice(0, at) + body + xml.slice(at);
}

/**
 * Adds comments to the package: to its comments part (found by relationship, whatever its name), or
 * to a new word/comments.xml with its relationship and content type. Comments written with another
 * namespace prefix than w: are given one declared for w: on each comment.
 */
export function addComments(files: Files, comments: NewComment[], author: string, date: string, enc: Codec['enc'], dec: Codec['dec'], initials = 'FR'): void {
  if (!comments.length) return;
  const body = comments.map((c) => commentXml(c, author, initials, date)).join('');
  const existing = commentsPartName(files, dec);
  if (existing && files[existing]) {
    const xml = dec(files[existing]);
    const declaresW = /<w:comments\b/.test(xml) && xml.includes(`xmlns:w="${W_NS}"`);
    files[existing] = enc(appendTo(xml, declaresW ? body : body.replace(/<w:comment /g, `<w:comment xmlns:w="${W_NS}" `)));
    return;
  }
  let name = existing ?? 'word/comments.xml';
  if (!existing) for (let n = 1; files[name]; n++) name = `word/comments${n}.xml`;
  files[name] = enc(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:comments xmlns:w="${W_NS}">${body}</w:comments>`);
  if (!existing) {
    const rels = dec(files[RELS]!);
    let n = 1;
    while (rels.includes(`Id="rIdFR${n}"`)) n++;
    files[RELS] = enc(rels.replace('</Relationships>', `<Relationship Id="rIdFR${n}" Type="${REL_TYPE}" Target="${name.slice('word/'.length)}"/></Relationships>`));
  }
  const ctName = '[Content_Types].xml';
  const ct = dec(files[ctName]!);
  if (!ct.includes(`PartName="/${name}"`)) files[ctName] = enc(ct.replace('</Types>', `<Override PartName="/${name}" ContentType="${CT}"/></Types>`));
}

/** The anchor XML around a range and the reference run after it (`after` is `end` and `reference`). */
export function commentAnchors(id: number): { before: string; after: string; end: string; reference: string } {
  const end = `<w:commentRangeEnd w:id="${id}"/>`;
  const reference = `<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="${id}"/></w:r>`;
  return { before: `<w:commentRangeStart w:id="${id}"/>`, after: end + reference, end, reference };
}
