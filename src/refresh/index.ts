import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { blockText, runsText, type Block, type ReportDoc, type Run } from '../model/doc';
import { bindingName, keyHash, parseBindingName, textHash } from '../model/bind';
import { describeSource } from '../model/source';
import { applyEdits, findBookmarks, replaceRangeText, type BookmarkRange } from './ooxml';
import { addComments, commentAnchors, nextCommentId } from './comments';

export interface FigureChange {
  source: string;
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
  conflicts: RefreshConflict[];
  unchanged: number;
}

interface NewFigure {
  key: string;
  text: string;
  source: string;
  where: string;
}

function blockRuns(b: Block): Run[] {
  switch (b.type) {
    case 'meeting':
      return b.lines.flat();
    case 'attachmentNote':
      return b.items.flat();
    case 'attachment':
      return b.title;
    case 'pageBreak':
      return [];
    case 'heading':
      return [...b.runs, ...(b.body ?? [])];
    default:
      return 'runs' in b ? b.runs : [];
  }
}

/** Every printed figure of a document in order, with where it stands (heading path and sentence start). */
export function documentFigures(doc: ReportDoc): NewFigure[] {
  const out: NewFigure[] = [];
  const headings: string[] = [];
  for (const b of doc.blocks) {
    if (b.type === 'heading') {
      headings.length = b.level - 1;
      headings[b.level - 1] = b.number + runsText(b.runs);
    }
    const snippet = blockText(b).slice(0, 24);
    for (const r of blockRuns(b)) {
      if (!r.fig) continue;
      const where = [...headings.filter(Boolean), `“${snippet}…”`].join(' › ');
      out.push({ key: r.fig.key, text: r.text, source: describeSource(r.fig.source), where });
    }
  }
  return out;
}

export interface RefreshOptions {
  /** Mark conflicts with Word comments (批注). */
  comments?: boolean;
  author?: string;
  /** ISO date for the comments (from the dataset, for reproducible output). */
  date?: string;
}

/**
 * Rewrites the bound figures of an edited draft to the new document's values. Only the text inside
 * binding bookmarks changes (and their names, which carry the text hash); the writer's edits,
 * comments and formatting elsewhere are left exactly as they are. A figure the writer typed in or
 * deleted is not guessed at: it is reported as a conflict and, with comments, marked in the draft.
 */
export function refreshDraft(draft: Uint8Array, doc: ReportDoc, options: RefreshOptions = {}): RefreshResult {
  const files = unzipSync(draft);
  const docName = 'word/document.xml';
  const docBytes = files[docName];
  if (!docBytes) throw new Error('word/document.xml missing');
  const xml = strFromU8(docBytes);

  const figures = documentFigures(doc);
  const byHash = new Map<string, NewFigure>();
  for (const f of figures) byHash.set(keyHash(f.key), f);

  const marks = findBookmarks(xml, (name) => parseBindingName(name) !== null);
  const seen = new Set<string>();
  const edits: { from: number; to: number; text: string }[] = [];
  const changes: FigureChange[] = [];
  const conflicts: RefreshConflict[] = [];
  const conflictRanges: { range: BookmarkRange | null; conflict: RefreshConflict }[] = [];
  let unchanged = 0;
  const rename = (bm: BookmarkRange, name: string) => {
    const tag = xml.slice(bm.start, bm.startEnd);
    edits.push({ from: bm.start, to: bm.startEnd, text: tag.replace(/w:name="[^"]*"/, `w:name="${name}"`) });
  };

  for (const bm of marks) {
    const parsed = parseBindingName(bm.name)!;
    const fig = byHash.get(parsed.keyHash);
    if (fig) seen.add(parsed.keyHash);
    const typedIn = textHash(bm.text) !== parsed.textHash;
    if (typedIn && !(fig && fig.text === bm.text)) {
      const c: RefreshConflict = {
        kind: 'edited',
        source: fig?.source ?? '（未知）',
        where: fig?.where ?? '',
        draftText: bm.text,
        ...(fig ? { newText: fig.text } : {}),
        message: `数字已被手工改为“${bm.text}”${fig ? `，新数据为“${fig.text}”` : ''}：未自动更新，请核对后手工处理。`,
      };
      conflicts.push(c);
      conflictRanges.push({ range: bm, conflict: c });
      continue;
    }
    if (!fig) {
      const c: RefreshConflict = {
        kind: 'gone',
        source: '（新数据中已无此数字）',
        where: '',
        draftText: bm.text,
        message: `新数据生成的报告中已没有数字“${bm.text}”（相关内容因数据变化而不再出现）：未改动，请核对是否删除该句。`,
      };
      conflicts.push(c);
      conflictRanges.push({ range: bm, conflict: c });
      continue;
    }
    if (fig.text === bm.text) {
      unchanged++;
      if (typedIn) rename(bm, bindingName(fig.key, fig.text));
      continue;
    }
    rename(bm, bindingName(fig.key, fig.text));
    edits.push({ from: bm.startEnd, to: bm.end, text: replaceRangeText(xml.slice(bm.startEnd, bm.end), fig.text) });
    changes.push({ source: fig.source, where: fig.where, old: bm.text, new: fig.text });
  }

  // Figures of the new build with no bookmark in the draft: deleted by the writer (or new with the data).
  let prev: BookmarkRange | null = null;
  const byName = new Map(marks.map((m) => [parseBindingName(m.name)!.keyHash, m]));
  for (const f of figures) {
    const h = keyHash(f.key);
    if (seen.has(h)) {
      prev = byName.get(h) ?? prev;
      continue;
    }
    const c: RefreshConflict = {
      kind: 'deleted',
      source: f.source,
      where: f.where,
      newText: f.text,
      message: `稿件中找不到数字“${f.text}”（可能已被删除或改写）：未插入，请核对。`,
    };
    conflicts.push(c);
    conflictRanges.push({ range: prev, conflict: c });
  }

  if (options.comments && conflictRanges.length) {
    const commentsXml = files['word/comments.xml'] ? strFromU8(files['word/comments.xml']) : undefined;
    let id = nextCommentId(commentsXml);
    const added: { id: number; text: string }[] = [];
    for (const { range, conflict } of conflictRanges) {
      if (!range) continue;
      const a = commentAnchors(id);
      edits.push({ from: range.start, to: range.start, text: a.before });
      edits.push({ from: range.endEnd, to: range.endEnd, text: a.after });
      added.push({ id, text: `fiscal-report 更新冲突：${conflict.message}${conflict.source ? `\n来源：${conflict.source}` : ''}` });
      id++;
    }
    addComments(files, added, options.author ?? 'fiscal-report', options.date ?? '2000-01-01T00:00:00Z', strToU8, strFromU8);
  }

  files[docName] = strToU8(applyEdits(xml, edits));
  const zippable: Zippable = {};
  for (const [name, data] of Object.entries(files)) zippable[name] = [data, { level: 6, mtime: new Date('1980-01-01T00:00:00') }];
  return { bytes: zipSync(zippable), changes, conflicts, unchanged };
}
