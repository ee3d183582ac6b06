import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { blockRunLists, blockText, runsText, type Block, type DocOrigin, type ReportDoc, type Run } from '../model/doc';
import { FiscalError, type Issue, type Place } from '../model/issue';
import { coreOrigin, describeOrigin, recordedOrigin, recordOrigin } from '../docx/origin';
import { xmlFault } from './well-formed';
import { corruptEntry } from '../load/zip-crc';
import { bindingName, keyHash, legacyKeyHash, parseBindingName as parseName, skeleton, textMatches } from '../model/bind';
import { describeSource } from '../model/source';
import { applyEdits, encodeXml, findBookmarks, lastOpenTag, renamedTag, replaceRangeText, xmlText, type BookmarkRange } from './ooxml';
import { addComments, commentAnchors, commentsPartName, dropAnchors, dropComments, nextCommentId } from './comments';
import { COMMENT_AUTHOR } from '../draft/annotate';
import { missingTableRows, refreshBands } from './bands';
import { rowCheck } from './table-rows';

export interface FigureChange {
  source: string;
  where: string;
  old: string;
  new: string;
}

/** A data-dependent stretch rewritten as a whole (无…收入 → …收入完成530万元). */
export interface Rewording {
  where: string;
  old: string;
  new: string;
}

export type ConflictKind = 'edited' | 'deleted' | 'gone';

export interface RefreshConflict {
  kind: ConflictKind;
  source: string;
  where: string;
  draftText?: string;
  newText?: string;
  message: string;
}

export interface RefreshResult {
  bytes: Uint8Array;
  changes: FigureChange[];
  rewordings: Rewording[];
  conflicts: RefreshConflict[];
  unchanged: number;
  /** The draft's 【草稿】 notice was taken out: the new data have no errors. */
  draftCleared: boolean;
  /** Comments of earlier builds and refreshes taken out (the draft's errors, earlier conflicts). */
  staleComments: number;
  /** What the draft says it was built from, and how that was read; forced: refreshed with other data on purpose. */
  origin: { draft: DocOrigin | null; readFrom: 'record' | 'core' | null; forced: boolean };
}

/** How a conflict comment starts, by which refresh knows its own comments again. */
export const CONFLICT_PREFIX = 'fiscal-report 更新冲突：';

/**
 * The program's own comments in a package: the draft's (its author) and earlier refreshes' (their
 * opening words; earlier versions signed them with the document's author). A writer's comments are
 * never among them.
 */
function ownComments(commentsXml: string | undefined): Set<number> {
  const out = new Set<number>();
  for (const m of (commentsXml ?? '').matchAll(/<w:comment\b([^>]*?)(?:\/>|>([\s\S]*?)<\/w:comment>)/g)) {
    const id = /\bw:id="(-?\d+)"/.exec(m[1]!)?.[1];
    if (id === undefined) continue;
    const author = /\bw:author="([^"]*)"/.exec(m[1]!)?.[1];
    if (author === encodeXml(COMMENT_AUTHOR) || xmlText(m[2] ?? '').startsWith(CONFLICT_PREFIX)) out.add(Number(id));
  }
  return out;
}

/**
 * The draft's notice (【草稿】本稿数据尚有…), a paragraph of its own on the first page: known by its
 * opening words, not by 【草稿】 alone, which a writer may type to open a paragraph of their own.
 */
const NOTICE = /<w:p(?:\s[^>]*)?>(?:(?!<\/w:p>)[\s\S])*?<\/w:p>/g;
const NOTICE_OPENING = '【草稿】本稿数据尚有';
/** A comment's marks: its range's start and end, and the run holding its reference (also markupKept's). */
const COMMENT_MARK = /<w:commentRange(?:Start|End)\b[^>]*\/>|<w:r\b[^>]*>(?:(?!<\/w:r>)[\s\S])*?<w:commentReference\b[^>]*\/>(?:(?!<\/w:r>)[\s\S])*?<\/w:r>/g;
const PARAGRAPH_OPEN = /<w:p(?:\s[^>]*)?>(?:<w:pPr>(?:(?!<\/w:pPr>)[\s\S])*<\/w:pPr>|<w:pPr\/>)?/g;

/**
 * The xml without the notice. The program's own comments are gone by now (dropAnchors): a comment
 * still marked inside the notice is a writer's, and goes with the notice's text no more than the
 * writer's other work does. Its marks move to the start of the next paragraph (a comment on a point
 * there, with its text kept in comments.xml), or stay in an empty paragraph where none follows.
 */
function withoutNotice(xml: string): { xml: string; removed: boolean } {
  NOTICE.lastIndex = 0;
  for (let m = NOTICE.exec(xml); m; m = NOTICE.exec(xml)) {
    if (!xmlText(m[0]).startsWith(NOTICE_OPENING)) continue;
    const start = m.index;
    const end = start + m[0].length;
    const marks = (m[0].match(COMMENT_MARK) ?? []).join('');
    if (!marks) return { xml: xml.slice(0, start) + xml.slice(end), removed: true };
    PARAGRAPH_OPEN.lastIndex = end;
    const next = PARAGRAPH_OPEN.exec(xml);
    if (!next) return { xml: `${xml.slice(0, start)}<w:p>${marks}</w:p>${xml.slice(end)}`, removed: true };
    const at = next.index + next[0].length;
    return { xml: xml.slice(0, start) + xml.slice(end, at) + marks + xml.slice(at), removed: true };
  }
  return { xml, removed: false };
}

interface NewFigure {
  key: string;
  text: string;
  source: string;
  where: string;
  slot?: string;
}

interface NewSlot {
  key: string;
  runs: Run[];
  where: string;
}

function blockRuns(b: Block): Run[] {
  return blockRunLists(b).flat();
}

/** Every printed figure and data-dependent slot of a document, in order, with where it stands. */
export function documentBindings(doc: ReportDoc): { figures: NewFigure[]; slots: NewSlot[] } {
  const figures: NewFigure[] = [];
  const slots: NewSlot[] = [];
  const headings: string[] = [];
  for (const b of doc.blocks) {
    if (b.type === 'heading') {
      headings.length = b.level - 1;
      headings[b.level - 1] = b.number + runsText(b.runs);
    } else if (b.type === 'attachment') {
      // An attachment starts its own outline.
      headings.length = 0;
      headings[0] = b.label;
    }
    const where = [...headings.filter(Boolean), `“${blockText(b).slice(0, 24)}…”`].join(' › ');
    let slot: NewSlot | null = null;
    for (const r of blockRuns(b)) {
      if (r.slot === undefined) slot = null;
      else if (!slot || slot.key !== r.slot) slots.push((slot = { key: r.slot, runs: [], where }));
      if (slot) slot.runs.push(r);
      if (r.fig) figures.push({ key: r.fig.key, text: r.text, source: describeSource(r.fig.source), where, ...(r.slot !== undefined ? { slot: r.slot } : {}) });
    }
  }
  return { figures, slots };
}

export function documentFigures(doc: ReportDoc): NewFigure[] {
  return documentBindings(doc).figures;
}

export interface RefreshOptions {
  /** Mark conflicts with Word comments (批注). */
  comments?: boolean;
  /** Who the comments are from: by default the draft's comments' author (COMMENT_AUTHOR). */
  author?: string;
  /** ISO date for the comments (from the dataset, for reproducible output). */
  date?: string;
  /** Refresh even from data of another kind, district or year than the draft's (--force). */
  force?: boolean;
  /** Where a differing part of the origin sits in the new data (the draft itself for null), for the refusal. */
  place?: (field: keyof DocOrigin | null) => Place | undefined;
}

function refuseDamaged(message: string, place: RefreshOptions['place']): never {
  const issue: Issue = { code: 'refresh-damaged', severity: 'error', message };
  const at = place?.(null);
  if (at) issue.place = at;
  throw new FiscalError(message, [issue], 1);
}

/**
 * The refreshed package, read back before anyone writes it: the zip opens and every XML part is
 * well-formed (well-formed.ts), or the refresh fails and nothing is written. A draft damaged in a
 * part refresh does not touch is caught here too: the output would not open either.
 */
function assertReadable(bytes: Uint8Array, place: RefreshOptions['place']): void {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch {
    refuseDamaged('更新后的文件无法作为压缩包读回（内部错误）：未写出任何文件。', place);
  }
  for (const [name, data] of Object.entries(files)) {
    if (!/\.(xml|rels)$/i.test(name)) continue;
    const fault = xmlFault(strFromU8(data));
    if (fault)
      refuseDamaged(`更新后的 ${name} 不是完整的 XML（第 ${fault.line} 行第 ${fault.column} 列：${fault.message}），文件将无法打开：未写出任何文件。稿件可能已损坏：请在 Word 或 WPS 中打开稿件（Word 会提示修复），另存为 .docx 后再试；如稿件能正常打开，这是程序的错误，请把稿件和数据文件发给维护人员。`, place);
  }
}

const FIELD_NAMES: Record<keyof DocOrigin, string> = { kind: '报告类型', district: '区县', year: '年度' };

/**
 * Refuses to refresh a draft from data it was not built from: another district's figures in a
 * draft that still names its own district, or a performance dataset's in a final-accounts draft,
 * would be wrong numbers no one notices. The draft's origin is its record (docProps/custom.xml),
 * or for a draft made before the record, its core properties' keywords; a draft that says neither
 * is refused too, since nothing can be checked. `force` lets a deliberate change through.
 */
function checkOrigin(draft: DocOrigin | null, wanted: DocOrigin, place: RefreshOptions['place']): void {
  let message: string;
  let field: keyof DocOrigin | null = null;
  if (!draft) {
    message = `稿件中没有记录它由哪份数据生成（不是由 fiscal-report 生成，或文档属性已被删除），无法核对新数据（${describeOrigin(wanted)}）是否属于同一区县、年度和报告：为免把别的区县或年度的数字写进稿件，未更新。确认 --data 指定的正是这份稿件的数据后，加 --force 更新。`;
  } else {
    const differ = (['kind', 'district', 'year'] as const).filter((k) => draft[k] !== wanted[k]);
    if (!differ.length) return;
    field = differ[0]!;
    message = `稿件是${describeOrigin(draft)}，新数据是${describeOrigin(wanted)}（${differ.map((k) => FIELD_NAMES[k]).join('、')}不同）：不能用另一份数据更新这份稿件，否则别的区县、年度或报告的数字会写进稿件。请检查 --data 指定的文件；确需如此（如区名更改）时加 --force。`;
  }
  const issue: Issue = { code: 'refresh-mismatch', severity: 'error', message };
  const at = place?.(field);
  if (at) issue.place = at;
  throw new FiscalError(`稿件与新数据不符，未更新：${message}`, [issue], 1);
}

const sameOrigin = (a: DocOrigin | null, b: DocOrigin) => !!a && a.kind === b.kind && a.district === b.district && a.year === b.year;

/** A comment's marks and bookmark tags (markupKept). */
const KEPT_MARK = new RegExp(`${COMMENT_MARK.source}|<w:bookmark(?:Start|End)\\b[^>]*\\/>`, 'g');

/**
 * What a slot's rewrite must not drop with its old runs: the writer's comments on it (range marks
 * and the run holding the reference) and bookmarks other than the slot's own figures' (the writer's,
 * or a binding crossing the slot's edge). Starts go before the new runs, ends after them.
 */
function markupKept(inner: string, ownIds: Set<string>): { before: string; after: string } {
  let before = '';
  let after = '';
  const id = (tag: string) => /\bw:id="([^"]*)"/.exec(tag)?.[1] ?? '';
  for (const m of inner.matchAll(KEPT_MARK)) {
    const tag = m[0];
    if (tag.startsWith('<w:bookmark') && ownIds.has(id(tag))) continue;
    if (tag.startsWith('<w:commentRangeStart') || tag.startsWith('<w:bookmarkStart')) before += tag;
    else after += tag;
  }
  return { before, after };
}

const inside = (inner: BookmarkRange, outer: BookmarkRange) => inner.start >= outer.startEnd && inner.endEnd <= outer.end;

/**
 * The run properties of the first run with text in a stretch of a paragraph (not a comment's
 * reference run before it), or '' when it has none.
 */
function textRunProps(inner: string): string {
  const firstRun = /<w:r\b[^>]*>(?:(?!<\/w:r>)[\s\S])*?<w:t[\s>\/](?:(?!<\/w:r>)[\s\S])*?<\/w:r>/.exec(inner)?.[0] ?? '';
  const open = /^<w:r\b[^>]*>\s*<w:rPr>/.exec(firstRun);
  if (!open) return '';
  // To its own end tag: a formatting change tracked in 修订模式 (w:rPrChange) holds the old
  // properties in a w:rPr of its own. The change itself is left out: the new run is new text.
  const tags = /<(\/?)w:rPr\b[^>]*?(\/?)>/g;
  tags.lastIndex = open[0].length;
  let depth = 1;
  for (let m = tags.exec(firstRun); m; m = tags.exec(firstRun)) {
    if (m[2]) continue; // <w:rPr/>
    depth += m[1] ? -1 : 1;
    if (depth) continue;
    const props = firstRun.slice(open[0].length, m.index).replace(/<w:rPrChange\b[^>]*\/>|<w:rPrChange\b[\s\S]*?<\/w:rPrChange>/g, '');
    return props ? `<w:rPr>${props}</w:rPr>` : '';
  }
  return '';
}

/**
 * Run properties made bold, for a run the new report sets in bold: <w:b/><w:bCs/> where the schema
 * has them (after the run style and fonts), replacing an explicit "not bold".
 */
export function boldProps(rPr: string): string {
  if (!rPr) return '<w:rPr><w:b/><w:bCs/></w:rPr>';
  const inner = rPr.slice('<w:rPr>'.length, -'</w:rPr>'.length).replace(/<w:b(?:Cs)?\b[^>]*\/>/g, '');
  const head = /^(?:<w:rStyle\b[^>]*\/>)?(?:<w:rFonts\b[^>]*\/>)?/.exec(inner)![0];
  return `<w:rPr>${head}<w:b/><w:bCs/>${inner.slice(head.length)}</w:rPr>`;
}

/**
 * Rewrites the bound figures and data-dependent wording of an edited draft to the new document's.
 * Only text inside binding bookmarks changes (and their names); the writer's edits, comments and
 * formatting elsewhere stay exactly as they are. What the writer typed in or deleted is not guessed
 * at: it is reported as a conflict and, with comments, marked in the draft.
 */
export function refreshDraft(draft: Uint8Array, doc: ReportDoc, options: RefreshOptions = {}): RefreshResult {
  const files = unzipSync(draft);
  const changed = corruptEntry(draft, files);
  if (changed) refuseDamaged(`稿件的 ${changed} 已损坏（其内容与压缩包记录的校验值不符，文件在保存、复制或下载中受损）：未写出任何文件。请在 Word 或 WPS 中打开稿件（Word 会提示修复），另存为 .docx 后再试；打不开时请用备份。`, options.place);
  const docName = 'word/document.xml';
  const docBytes = files[docName];
  if (!docBytes) throw new Error('word/document.xml missing');
  let xml = strFromU8(docBytes);
  const damaged = xmlFault(xml);
  if (damaged) refuseDamaged(`稿件的 ${docName} 已损坏（第 ${damaged.line} 行第 ${damaged.column} 列：${damaged.message}），更新后的文件将无法打开：未写出任何文件。请在 Word 或 WPS 中打开稿件（Word 会提示修复），另存为 .docx 后再试。`, options.place);
  const text = (name: string) => (files[name] ? strFromU8(files[name]) : undefined);
  const recorded = recordedOrigin(text('docProps/custom.xml'));
  const draftOrigin = recorded ?? coreOrigin(text('docProps/core.xml'));
  const wanted = doc.properties.origin;
  if (wanted && !options.force) checkOrigin(draftOrigin, wanted, options.place);
  // What earlier builds and refreshes wrote and the new data make stale goes first: the program's
  // comments (the draft's errors, conflicts of an earlier refresh — this run marks its own again)
  // and, the new data being free of errors, the draft's notice with the figures it counts.
  const commentsName = commentsPartName(files, strFromU8);
  const commentsXml0 = commentsName && files[commentsName] ? strFromU8(files[commentsName]) : undefined;
  const stale = ownComments(commentsXml0);
  if (stale.size) {
    xml = dropAnchors(xml, stale);
    files[commentsName!] = strToU8(dropComments(commentsXml0!, stale));
  }
  const notice = withoutNotice(xml);
  xml = notice.xml;
  if (notice.removed && files['docProps/core.xml']) {
    const core = strFromU8(files['docProps/core.xml']);
    files['docProps/core.xml'] = strToU8(core.replace(/(<cp:keywords>[^<]*?),草稿(<\/cp:keywords>)/, '$1$2'));
  }

  const { figures, slots } = documentBindings(doc);
  const figByHash = new Map(figures.map((f) => [keyHash(f.key), f]));
  const slotByHash = new Map(slots.map((s) => [keyHash(s.key), s]));
  // A draft made before key hashes were computed in JS names its figures by SHA-1 key hashes
  // (model/bind.ts): those are read as today's, and the bookmarks renamed as they are refreshed.
  let legacy: Map<string, string> | null = null;
  const parseBindingName = (name: string) => {
    const parsed = parseName(name);
    if (!parsed || figByHash.has(parsed.keyHash) || slotByHash.has(parsed.keyHash)) return parsed;
    legacy ??= new Map([...figures, ...slots].map((x) => [legacyKeyHash(x.key), keyHash(x.key)]));
    const today = legacy.get(parsed.keyHash);
    return today ? { ...parsed, keyHash: today } : parsed;
  };

  const all = findBookmarks(xml, (name) => parseBindingName(name) !== null);
  const figMarks = all.filter((b) => parseBindingName(b.name)!.kind === 'F');
  const slotMarks = all.filter((b) => parseBindingName(b.name)!.kind === 'S');
  const bandMarks = all.filter((b) => parseBindingName(b.name)!.kind === 'B');
  let nextBookmarkId = Math.max(0, ...[...xml.matchAll(/<w:bookmarkStart\b[^>]*\bw:id="(\d+)"/g)].map((m) => Number(m[1]))) + 1;

  const edits: { from: number; to: number; text: string }[] = [];
  const changes: FigureChange[] = [];
  const rewordings: Rewording[] = [];
  const conflicts: RefreshConflict[] = [];
  const anchored: { range: BookmarkRange | null; conflict: RefreshConflict }[] = [];
  const seenFigures = new Set<string>();
  const seenSlots = new Set<string>();
  const replacedSlots: BookmarkRange[] = [];
  let unchanged = 0;

  const conflict = (range: BookmarkRange | null, c: RefreshConflict) => {
    conflicts.push(c);
    anchored.push({ range, conflict: c });
  };
  const rename = (bm: BookmarkRange, name: string) => {
    if (bm.name === name) return;
    const tag = xml.slice(bm.start, bm.startEnd);
    edits.push({ from: bm.start, to: bm.startEnd, text: renamedTag(tag, name) });
  };

  // Slots first: a slot whose wording changed with the data is rewritten whole, figures included.
  for (const sm of slotMarks) {
    const parsed = parseBindingName(sm.name)!;
    const slot = slotByHash.get(parsed.keyHash);
    const nested = figMarks.filter((f) => inside(f, sm));
    let draftSkeleton = '';
    let at = sm.startEnd;
    for (const f of nested) {
      draftSkeleton += xmlText(xml.slice(at, f.start)) + '\u0000';
      at = f.endEnd;
    }
    draftSkeleton += xmlText(xml.slice(at, sm.end));
    if (!slot) {
      conflict(sm, { kind: 'gone', source: '新数据中已无此内容', where: '', draftText: sm.text, message: `新数据生成的报告中已没有“${sm.text}”这段内容：未改动，请核对是否删除。` });
      continue;
    }
    seenSlots.add(parsed.keyHash);
    const newSkeleton = skeleton(slot.runs);
    if (textMatches(newSkeleton, parsed.textHash)) continue; // same wording: its figures are refreshed one by one
    // A figure in it the writer typed over is an edit too: rewritten whole, the slot would lose it;
    // and so is a slot whose bookmark now runs into another paragraph (its end moved, Enter pressed):
    // rewritten as runs, the paragraphs inside would be lost or, across a table, the XML broken.
    const typed = nested.find((f) => !textMatches(f.text, parseBindingName(f.name)!.textHash));
    const spread = /<\/w:p>|<w:p[\s>/]|<\/?w:t(?:bl|r|c)[\s>]/.test(xml.slice(sm.startEnd, sm.end));
    if (!textMatches(draftSkeleton, parsed.textHash) || typed || spread) {
      conflict(sm, {
        kind: 'edited',
        source: slot.key,
        where: slot.where,
        draftText: sm.text,
        newText: runsText(slot.runs),
        message: typed
          ? `这段文字中的数字已被手工改为“${typed.text}”，而新数据要求把这段改写为“${runsText(slot.runs)}”：未自动更新，请手工处理。`
          : spread && textMatches(draftSkeleton, parsed.textHash)
            ? `这段文字的书签在稿件中已延伸到其他段落，而新数据要求把这段改写为“${runsText(slot.runs)}”：未自动更新，请手工处理。`
            : `这段文字已被手工修改，而新数据要求改写为“${runsText(slot.runs)}”：未自动更新，请手工处理。`,
      });
      for (const f of nested) seenFigures.add(parseBindingName(f.name)!.keyHash);
      replacedSlots.push(sm);
      continue;
    }
    // Rewrite: the new runs in the formatting of the slot's first run, a figure the draft had in
    // its own (a number the writer set in bold stays bold), figures with fresh bookmarks.
    const inner = xml.slice(sm.startEnd, sm.end);
    const rPr = textRunProps(inner);
    // The draft's figures in the slot, by key hash: their text and run properties.
    const oldByKey = new Map(nested.map((f) => [parseBindingName(f.name)!.keyHash, { text: f.text, rPr: textRunProps(xml.slice(f.startEnd, f.end)) }]));
    const runXml = slot.runs
      .map((r) => {
        const h = r.fig && keyHash(r.fig.key);
        const old = h ? oldByKey.get(h) : undefined;
        const props = old?.rPr ?? rPr;
        const run = `<w:r>${r.bold ? boldProps(props) : props}<w:t xml:space="preserve">${encodeXml(r.text)}</w:t></w:r>`;
        if (!r.fig || !h) return run;
        seenFigures.add(h);
        if (old?.text !== r.text) changes.push({ source: describeSource(r.fig.source), where: slot.where, old: old?.text ?? '（无）', new: r.text });
        const id = nextBookmarkId++;
        return `<w:bookmarkStart w:id="${id}" w:name="${bindingName(r.fig.key, r.text, 'F')}"/>${run}<w:bookmarkEnd w:id="${id}"/>`;
      })
      .join('');
    for (const f of nested) seenFigures.add(parseBindingName(f.name)!.keyHash);
    const kept = markupKept(inner, new Set(nested.map((f) => f.id)));
    edits.push({ from: sm.startEnd, to: sm.end, text: kept.before + runXml + kept.after });
    rename(sm, bindingName(slot.key, newSkeleton, 'S'));
    rewordings.push({ where: slot.where, old: sm.text, new: runsText(slot.runs) });
    replacedSlots.push(sm);
  }

  const rowOf = rowCheck(xml, doc, all);
  for (const bm of figMarks) {
    if (replacedSlots.some((s) => inside(bm, s))) continue;
    const parsed = parseBindingName(bm.name)!;
    const fig = figByHash.get(parsed.keyHash);
    if (fig) seenFigures.add(parsed.keyHash);
    const typedIn = !textMatches(bm.text, parsed.textHash);
    if (typedIn && !(fig && fig.text === bm.text)) {
      conflict(bm, {
        kind: 'edited',
        source: fig?.source ?? '未知',
        where: fig?.where ?? '',
        draftText: bm.text,
        ...(fig ? { newText: fig.text } : {}),
        message: `数字已被手工改为“${bm.text}”${fig ? `，新数据为“${fig.text}”` : ''}：未自动更新，请核对后手工处理。`,
      });
      continue;
    }
    if (!fig) {
      conflict(bm, { kind: 'gone', source: '新数据中已无此数字', where: '', draftText: bm.text, message: `新数据生成的报告中已没有数字“${bm.text}”（相关内容因数据变化而不再出现）：未改动，请核对是否删除该句。` });
      continue;
    }
    if (fig.text === bm.text) {
      unchanged++;
      rename(bm, bindingName(fig.key, fig.text));
      continue;
    }
    // In a table, only where the figure's row is still the same row (table-rows.ts).
    const moved = rowOf(bm.start, fig.key);
    if (moved) {
      conflict(bm, {
        kind: 'edited',
        source: fig.source,
        where: fig.where,
        draftText: bm.text,
        newText: fig.text,
        message: `表格中这个数字所在的行与新数据对不上（${moved}），可能是新数据增删了行或表格：数字“${bm.text}”未自动更新（新数据此处为“${fig.text}”），请核对后手工处理。`,
      });
      continue;
    }
    rename(bm, bindingName(fig.key, fig.text));
    edits.push({ from: bm.startEnd, to: bm.end, text: replaceRangeText(xml.slice(bm.startEnd, bm.end), fig.text) });
    changes.push({ source: fig.source, where: fig.where, old: bm.text, new: fig.text });
  }

  // Long tables, bound band by band.
  let figureByKey: Map<string, NewFigure> | null = null;
  refreshBands(xml, bandMarks, doc, (name) => parseBindingName(name)!, (key) => (figureByKey ??= new Map(figures.map((f) => [f.key, f]))).get(key), {
    edit: (from, to, text) => edits.push({ from, to, text }),
    change: (c) => changes.push(c),
    reword: (r) => rewordings.push(r),
    conflict: (range, c) => conflict(range, c),
    seen: (hash) => seenFigures.add(hash),
    unchanged: (n) => (unchanged += n),
  });

  // Table rows the draft has no place for: one report per table.
  missingTableRows(doc, (hash) => seenFigures.has(hash), { conflict: (range, c) => conflict(range, c), seen: (hash) => seenFigures.add(hash) });

  // What the new build has and the draft does not: deleted by the writer (or new with the data).
  // Anchors for what is missing: a figure's or a slot's bookmark (a band's first cell may have been rewritten above).
  const byHash = new Map([...figMarks, ...slotMarks].map((m) => [parseBindingName(m.name)!.keyHash, m]));
  let prev: BookmarkRange | null = null;
  const missingSlots = new Set<string>();
  for (const s of slots) {
    if (seenSlots.has(keyHash(s.key))) continue;
    missingSlots.add(s.key);
    conflict(null, { kind: 'deleted', source: s.key, where: s.where, newText: runsText(s.runs), message: `稿件中没有“${runsText(s.runs)}”这段内容的位置（可能已被删除或改写，或是新数据新增的内容）：未插入，请核对。` });
  }
  for (const f of figures) {
    const h = keyHash(f.key);
    if (seenFigures.has(h)) {
      // A figure of a sentence rewritten above is gone with its old runs: the sentence's own bookmark
      // marks the place (a comment inside the rewritten runs would tear them apart).
      const mark = byHash.get(h);
      prev = (mark && replacedSlots.find((s) => inside(mark, s))) ?? mark ?? prev;
      continue;
    }
    if (f.slot !== undefined && missingSlots.has(f.slot)) continue;
    conflict(prev, { kind: 'deleted', source: f.source, where: f.where, newText: f.text, message: `稿件中没有数字“${f.text}”的位置（可能已被删除或改写，或是新数据新增的内容）：未插入，请核对。` });
  }

  if (options.comments && anchored.some((a) => a.range)) {
    const commentsXml = commentsName && files[commentsName] ? strFromU8(files[commentsName]) : undefined;
    let id = nextCommentId(commentsXml, xml);
    const added: { id: number; text: string }[] = [];
    for (const { range, conflict: c } of anchored) {
      if (!range) continue;
      const a = commentAnchors(id);
      edits.push({ from: range.start, to: range.start, text: a.before });
      // A bookmark may end between paragraphs (Word ends one covering whole paragraphs in the body or
      // a table row): the range's end may stand there, a run may not, so the reference closes the
      // paragraph before it.
      const inParagraph = lastOpenTag(xml, '<w:p', range.endEnd - 1) > xml.lastIndexOf('</w:p>', range.endEnd - 1);
      const closing = xml.lastIndexOf('</w:p>', range.endEnd);
      if (inParagraph || closing < range.start) edits.push({ from: range.endEnd, to: range.endEnd, text: a.after });
      else {
        edits.push({ from: range.endEnd, to: range.endEnd, text: a.end });
        edits.push({ from: closing, to: closing, text: a.reference });
      }
      added.push({ id, text: `${CONFLICT_PREFIX}${c.message}${c.source ? `\n来源：${c.source}` : ''}` });
      id++;
    }
    // Signed as the draft's comments are, so a reader sees one source of program comments.
    addComments(files, added, options.author ?? COMMENT_AUTHOR, options.date ?? '2000-01-01T00:00:00Z', strToU8, strFromU8);
  }

  files[docName] = strToU8(applyEdits(xml, edits));
  // The refreshed draft records the data it now holds (a draft from before the record gains one);
  // a record that already says so is left byte for byte as the program that saved the draft wrote it.
  if (wanted && !sameOrigin(recorded, wanted)) recordOrigin(files, wanted, strToU8, strFromU8);
  const zippable: Zippable = {};
  for (const [name, data] of Object.entries(files)) zippable[name] = [data, { level: 6, mtime: new Date('1980-01-01T00:00:00') }];
  const origin = { draft: draftOrigin, readFrom: recorded ? ('record' as const) : draftOrigin ? ('core' as const) : null, forced: !!options.force && !!wanted && !sameOrigin(draftOrigin, wanted) };
  const bytes = zipSync(zippable);
  assertReadable(bytes, options.place);
  return { bytes, changes, rewordings, conflicts, unchanged, origin, draftCleared: notice.removed, staleComments: stale.size };
}
