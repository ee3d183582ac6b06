import { blockRunLists, mapBlockRuns, type Block, type DocComment, type ReportDoc, type Run } from '../model/doc';
import { formatIssue, type Issue, type Place } from '../model/issue';
import { sourcePaths } from '../model/source';
import { PREVIOUS_PREFIX } from '../validate/previous';

/** Derivations of the draft notice's counts (the numbers audit lists them as kind draft). */
export const DRAFT_ERRORS = '草稿：未解决的错误数';
export const DRAFT_COMMENTS = '草稿：加批注的语句数';

function allRuns(b: Block): Run[] {
  return blockRunLists(b).flat();
}

/** Who the comments are from, as Word shows it. */
export const COMMENT_AUTHOR = 'fiscal-report 数据校验';
const INITIALS = 'FR';

// A sentence ends at 。！？ (with any closing quote or bracket after it); clauses joined by ；
// belong to one sentence, as "其中：…；…；…。" lists the parts of one total.
const SENTENCE_END = /[。！？][”’）」』]*/g;

/** Splits plain runs at sentence ends; figure runs are never split. */
function pieces(runs: Run[]): { run: Run; ends: boolean }[] {
  const out: { run: Run; ends: boolean }[] = [];
  for (const r of runs) {
    if (r.fig) {
      out.push({ run: r, ends: false });
      continue;
    }
    let last = 0;
    for (const m of r.text.matchAll(SENTENCE_END)) {
      const end = m.index + m[0].length;
      out.push({ run: { ...r, text: r.text.slice(last, end) }, ends: true });
      last = end;
    }
    if (last < r.text.length) out.push({ run: { ...r, text: r.text.slice(last) }, ends: false });
  }
  return out;
}

/**
 * An issue as a comment says it: the data file named by its file name alone. A draft travels between
 * offices; the path of the machine that built it means nothing there (and is not theirs to see).
 */
export function commentText(issue: Issue): string {
  const short = (pl: Place): Place => ({ ...pl, file: pl.file.replace(/^.*[\\/]/, '') });
  return formatIssue({ ...issue, ...(issue.place ? { place: short(issue.place) } : {}) });
}

/**
 * The paths an issue names, as figure sources spell them: this year's dataset plain, last year's
 * with the previous: prefix.
 */
function issuePaths(issue: Issue, files: { dataset: string; previous?: string }): Set<string> {
  const out = new Set<string>();
  for (const pl of issue.involves ?? (issue.place ? [issue.place] : [])) {
    if (pl.path === undefined) continue;
    if (pl.file === files.dataset) out.add(pl.path);
    else if (files.previous && pl.file === files.previous) out.add(PREVIOUS_PREFIX + pl.path);
  }
  return out;
}

/**
 * A draft: the document with a Word comment (批注) on each sentence that shows a figure of a failed
 * rule, carrying the rule's message, and a note on the first page that issues are unresolved (with
 * a comment listing them all, so none is lost when its figures are printed nowhere).
 */
export function annotateDraft(doc: ReportDoc, issues: Issue[], files: { dataset: string; previous?: string }): ReportDoc {
  const errors = issues.filter((i) => i.severity === 'error');
  const paths = errors.map((i) => issuePaths(i, files));
  const comments: DocComment[] = [];
  const newComment = (paragraphs: string[]) => {
    const id = comments.length;
    comments.push({ id, author: COMMENT_AUTHOR, initials: INITIALS, paragraphs });
    return id;
  };

  const annotateRuns = (runs: Run[]): Run[] => {
    const ps = pieces(runs);
    const out: Run[] = [];
    let sentence: Run[] = [];
    const flush = () => {
      const shown = new Set(sentence.flatMap((r) => (r.fig ? sourcePaths(r.fig.source) : [])));
      const hits = errors.filter((_, k) => [...paths[k]!].some((p) => shown.has(p)));
      if (hits.length) {
        const id = newComment(hits.map(commentText));
        for (const r of sentence) r.comments = [...(r.comments ?? []), id];
      }
      out.push(...sentence);
      sentence = [];
    };
    for (const p of ps) {
      sentence.push(p.run);
      if (p.ends) flush();
    }
    flush();
    return out;
  };

  // Comments go on sentences; the attachment tables repeat the text's figures and are left as they are.
  const blocks: Block[] = doc.blocks.map((b) => (b.type === 'table' ? b : mapBlockRuns(b, annotateRuns)));

  const anchored = comments.length;
  const warnings = issues.length - errors.length;
  const listId = newComment([`本稿数据尚有 ${errors.length} 处错误${warnings ? `、${warnings} 处警告` : ''}：`, ...issues.map(commentText)]);
  // The notice's counts are numbers of the text too: traced to the validation (numbers audit).
  let nextFig = Math.max(-1, ...doc.blocks.flatMap(allRuns).map((r) => r.fig?.id ?? -1)) + 1;
  const plain = (text: string): Run => ({ text, bold: true, comments: [listId] });
  const count = (n: number, what: string): Run => ({ text: String(n), bold: true, comments: [listId], fig: { id: nextFig++, source: { derivation: what, inputs: [] }, key: `${what}#${n}` } });
  const notice: Block = {
    type: 'paragraph',
    runs: [
      plain('【草稿】本稿数据尚有'),
      count(errors.length, DRAFT_ERRORS),
      plain('处错误未解决'),
      ...(anchored ? [plain('，已在涉及的'), count(anchored, DRAFT_COMMENTS), plain('处语句加批注')] : []),
      plain('。请按批注修改数据文件后重新生成，本稿不得报送。'),
    ],
  };
  // On the first page: after the meeting lines of the cover memo, or first of all.
  const at = blocks[0]?.type === 'meeting' ? 1 : 0;
  blocks.splice(at, 0, notice);
  return {
    properties: { ...doc.properties, keywords: `${doc.properties.keywords},草稿` },
    blocks,
    comments,
  };
}
