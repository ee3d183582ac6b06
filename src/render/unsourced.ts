import type { Issue, Place } from '../model/issue';
import { runsText, type ReportDoc } from '../model/doc';
import { blockLines, unsourcedNumbers, type UnsourcedNumber } from '../audit';
import { compiler, type TemplateSet } from './engine';

/**
 * A number in the document text with no source is an error of the build, not of the data: a template
 * typed it. Every report kind and its attachments are checked (pipeline.ts), cheaply: digits are
 * looked for only in text that is not a figure, an ordinal or traced data text. Only when one is
 * found are the templates read for the place it was typed at.
 */

export const UNSOURCED_CODE = 'template-unsourced-number';
export const UNSOURCED_FIX = '用 {{fig "名称"}} 或 wan/pct 等助手输出数字，不要在模板中直接写数字';

/** A stretch of literal template text (content, or a string or number literal) and where it starts. */
interface Piece {
  file: string;
  text: string;
  line: number;
  /** 0-based, as Handlebars counts. */
  column: number;
}

type Node = { type?: string; loc?: { start: { line: number; column: number } }; original?: unknown; value?: unknown };

const pieceCache = new WeakMap<TemplateSet, Piece[]>();

/** The literal text of every template of the set, with positions (templates that do not parse are left out: the render reports them). */
function pieces(set: TemplateSet): Piece[] {
  const cached = pieceCache.get(set);
  if (cached) return cached;
  const out: Piece[] = [];
  for (const { source, file } of set.templates.values()) {
    let ast: unknown;
    try {
      // On the error path only: the compiler is loaded when first needed (engine.ts).
      ast = compiler().parse(source);
    } catch {
      continue;
    }
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) {
        for (const x of v) walk(x);
        return;
      }
      if (!v || typeof v !== 'object') return;
      const n = v as Node;
      if (n.type === 'CommentStatement') return;
      if (n.loc && (n.type === 'ContentStatement' || n.type === 'StringLiteral' || n.type === 'NumberLiteral')) {
        // Content keeps its raw text in `original` (whitespace control strips `value`); a string literal starts after its quote.
        const text = n.type === 'ContentStatement' ? String(n.original ?? n.value) : n.type === 'StringLiteral' ? String(n.value) : String(n.original ?? n.value);
        out.push({ file, text, line: n.loc.start.line, column: n.loc.start.column + (n.type === 'StringLiteral' ? 1 : 0) });
        return;
      }
      for (const k in n) if (k !== 'loc') walk((n as Record<string, unknown>)[k]);
    };
    walk(ast);
  }
  pieceCache.set(set, out);
  return out;
}

const isDigit = (c: string | undefined) => c !== undefined && /[0-9０-９.．]/.test(c);

function commonSuffix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}
function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/**
 * The template place that typed a number: the literal template text holding the same number (not
 * part of a longer one) whose neighbouring characters best match the document's.
 */
function locate(set: TemplateSet, number: string, before: string, after: string): Place | null {
  let best: { place: Place; score: number } | null = null;
  for (const p of pieces(set)) {
    let from = 0;
    for (;;) {
      const at = p.text.indexOf(number, from);
      if (at < 0) break;
      from = at + 1;
      if (isDigit(p.text[at - 1]) || isDigit(p.text[at + number.length])) continue;
      const score = commonSuffix(p.text.slice(0, at), before) + commonPrefix(p.text.slice(at + number.length), after);
      if (best && score <= best.score) continue;
      const head = p.text.slice(0, at);
      const nl = head.lastIndexOf('\n');
      const line = p.line + (head.match(/\n/g)?.length ?? 0);
      const column = nl < 0 ? p.column + at : at - nl - 1;
      best = { place: { file: p.file, line, column: column + 1 }, score };
    }
  }
  return best?.place ?? null;
}

/** The paragraph text around a number: up to 20 characters either side. */
function around(text: string, offset: number, length: number): string {
  const from = Math.max(0, offset - 20);
  const to = Math.min(text.length, offset + length + 20);
  return `${from > 0 ? '……' : ''}${text.slice(from, to)}${to < text.length ? '……' : ''}`;
}

function issueFor(doc: ReportDoc, u: UnsourcedNumber, set: TemplateSet): Issue {
  const runs = blockLines(doc.blocks[u.position.block]!)[u.position.line] ?? [];
  const text = runsText(runs);
  const place = locate(set, u.text, text.slice(0, u.position.offset), text.slice(u.position.offset + u.text.length));
  const where = `（所在段落：“${around(text, u.position.offset, u.text.length)}”，文档第 ${u.position.block + 1} 段）`;
  const what = place ? `模板中直接写了数字“${u.text}”${where}` : `文中的数字“${u.text}”没有来源${where}，在模板的文字中没有找到它，可能是数据或格式文件的文字中直接写的`;
  return {
    code: UNSOURCED_CODE,
    severity: 'error',
    message: `${what}：${UNSOURCED_FIX}。`,
    ...(place ? { place } : {}),
    actual: u.text,
    fix: UNSOURCED_FIX,
  };
}

/** Error issues for the numbers of `doc` without a source, one per place (a typed number repeated by {{#each}} once). */
export function unsourcedIssues(doc: ReportDoc, set: TemplateSet): Issue[] {
  const found = unsourcedNumbers(doc);
  if (!found.length) return [];
  const seen = new Set<string>();
  const out: Issue[] = [];
  for (const u of found) {
    const issue = issueFor(doc, u, set);
    const key = issue.place ? `${issue.place.file}:${issue.place.line}:${issue.place.column}:${u.text}` : `${u.position.block}:${u.position.line}:${u.position.offset}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(issue);
  }
  return out;
}
