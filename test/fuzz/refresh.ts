import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { main } from '../../src/cli';
import { packReport } from '../../src/docx/pack';
import { CONFLICT_PREFIX, documentFigures, refreshDraft, type RefreshConflict } from '../../src/refresh';
import { cellTexts, findBookmarks, tableRowAt, tableRowsFrom, xmlText, type BookmarkRange } from '../../src/refresh/ooxml';
import { addComments, commentAnchors } from '../../src/refresh/comments';
import { keyHash, parseBindingName, textMatches } from '../../src/model/bind';
import { FiscalError } from '../../src/model/issue';
import type { ReportDoc } from '../../src/model/doc';
import { buildFromRaw } from '../helpers';
import { COMMENT_AUTHOR } from '../../src/draft/annotate';
import { generateDataset } from '../../scripts/generate-datasets';
import { places, Rng, show } from './mutate';
import { xmlError } from './run';
import { validatePackages } from '../ooxml-xsd';

/**
 * The refresh fuzzer: an example dataset is built into a DOCX, edited as a writer in Word or WPS
 * edits it (1–4 edits of word/document.xml and the comments part: paragraphs typed in, deleted
 * and pasted, runs split and reformatted, figures overwritten, bookmarks cut or moved, table rows
 * added and deleted, comments, Word's proofErr, lang and rsid litter), then refreshed with the same
 * data or a revised dataset that still validates, in process (refreshDraft) or through the CLI.
 * Each case must hold what README's section on refresh promises:
 *  - exit 0 (a file written) or 1 with a Chinese message, never an exception;
 *  - every XML part of the output parses; no U+FFFD, undefined, NaN or [object Object];
 *  - everything outside the bindings is byte for byte the edited draft's;
 *  - with the same data, the text is the edited draft's exactly and nothing is reported changed;
 *  - with revised data, every binding reads as a fresh build of the new data reads at its key, or
 *    keeps the edited draft's text and is reported as a conflict; a binding the writer did not
 *    touch (text, its row, its slot, its band) is never left stale; a figure the writer typed
 *    over is never overwritten;
 *  - no number stands in the output that neither the edited draft nor a fresh build prints;
 *  - a table figure refresh updated sits in a row that reads as the new data's row of that key;
 *  - refreshing the output again with the same data changes nothing.
 */

const ROOT = join(__dirname, '..', '..');
const DATA = join(ROOT, 'data');

export interface RefreshCase {
  id: number;
  source: string;
  edits: string[];
  revision: string[];
  via: 'api' | 'cli';
  comments: boolean;
  /** 0: written; 1: refused (CLI exit or FiscalError in process); other: a defect. */
  exit: number;
  conflicts: number;
  changes: number;
  failures: string[];
}

export interface RefreshFuzzRun {
  seed: number;
  cases: RefreshCase[];
  failed: RefreshCase[];
  ms: number;
  counts: { exit0: number; exit1: number; other: number; same: number; revised: number; conflicts: number; cli: number };
}

type Files = Record<string, Uint8Array>;
type Raw = any;

// ---------------------------------------------------------------- sources

interface Source {
  name: string;
  /** The dataset file name (attachments and styles are found beside it in data/). */
  file: string;
  raw: () => Raw;
  /** Made by generateDataset: revisions may also be another seed of the same district and year. */
  generated?: number;
  /** A draft (build --draft) of data with an error: refreshed with the corrected data (and maybe a revision of them). */
  corrected?: () => Raw;
}

const readRaw = (f: string) => () => JSON.parse(readFileSync(join(DATA, f), 'utf8')) as Raw;

function sources(): Source[] {
  const out: Source[] = readdirSync(DATA)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: f, file: f, raw: readRaw(f) }));
  // A long table bound in bands (more than 500 rows), beside a short one bound figure by figure.
  out.push({
    name: 'laiwu-2024.json＋长表格',
    file: 'laiwu-2024.json',
    raw: () => {
      const raw = readRaw('laiwu-2024.json')();
      raw.tables = [
        { title: '附加明细表', unit: '万元', header: [['项目', '金额', '占比（%）']], rows: Array.from({ length: 520 }, (_, k) => [`明细项目${k + 1}`, 1000 + k, (k % 100) / 10]) },
        { title: '附加短表', unit: '万元', header: [['项目', '金额']], rows: Array.from({ length: 12 }, (_, k) => [`短表项目${k + 1}`, 50 + k]) },
      ];
      return raw;
    },
  });
  // A draft of data with an error (its notice on the first page, comments on the sentences), then the data corrected.
  out.push({
    name: 'laiwu-2024.json 草稿（数据有错）',
    file: 'laiwu-2024.json',
    raw: () => {
      const raw = readRaw('laiwu-2024.json')();
      const lines = raw.generalBudget.district.expenditure.lines;
      lines[lines.length - 1].amount += 1;
      return raw;
    },
    corrected: readRaw('laiwu-2024.json'),
  });
  for (const index of [3, 17]) out.push({ name: `generate-datasets 第 ${index} 份`, file: 'laiwu-2024.json', raw: () => generateDataset(index), generated: index });
  return out;
}

function build(raw: Raw, file: string, draft = false): { doc: ReportDoc | null; errors: number } {
  const r = buildFromRaw(raw, file, undefined, draft ? { draft: true } : {});
  return { doc: r.doc ?? null, errors: r.issues.filter((i) => i.severity === 'error').length };
}

// ---------------------------------------------------------------- revisions

type Seg = string | number;
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const get = (root: Raw, path: Seg[]): any => path.reduce((o: any, s) => (o == null ? undefined : o[s]), root);
const set = (root: Raw, path: Seg[], v: unknown) => {
  const parent = get(root, path.slice(0, -1));
  if (parent != null) parent[path[path.length - 1]!] = v;
};
const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

/** Numeric leaves a revision may touch: amounts, rates and figures, not years, counts of anything structural or codes. */
function numberLeaves(raw: Raw): { path: Seg[]; value: number }[] {
  return places(raw)
    .filter((p) => typeof p.value === 'number' && !p.path.some((s) => s === 'meta' || s === 'year' || s === 'tables' || s === 'style'))
    .map((p) => ({ path: p.path, value: p.value as number }));
}

const isRate = (path: Seg[]) => /growth|rate|Rate|ratio|percent/i.test(String(path[path.length - 1]));

/**
 * One revision of a dataset that still validates, as before a People's Congress meeting: a growth
 * or completion rate revised; an amount revised with its total (and the totals equal to that total,
 * with a line of theirs); an amount set to zero or from zero (data-dependent wording appears or goes);
 * two lines of a list swapped; a line split in two (a new row). Tried a few times: only changes the
 * validator accepts are kept.
 */
function reviseOnce(raw: Raw, rng: Rng, file: string): { raw: Raw; what: string } | null {
  const leaves = numberLeaves(raw);
  if (!leaves.length) return null;
  const strategy = rng.int(6);
  const candidates: { raw: Raw; what: string }[] = [];
  if (strategy === 0 || strategy === 1) {
    const rates = leaves.filter((l) => isRate(l.path));
    const pool = strategy === 0 && rates.length ? rates : leaves;
    const leaf = rng.pick(pool);
    const growth = /growth/i.test(String(leaf.path[leaf.path.length - 1]));
    const v = isRate(leaf.path) ? round(growth && rng.chance(0.3) ? -leaf.value - 0.4 : leaf.value + (rng.int(600) - 300) / 100, 2) : leaf.value + Math.max(1, Math.round(Math.abs(leaf.value) * rng.int(8) / 100)) * (rng.chance(0.5) ? 1 : -1);
    const copy = clone(raw);
    set(copy, leaf.path, v);
    candidates.push({ raw: copy, what: `${show(leaf.path)}：${leaf.value} → ${v}` });
  } else if (strategy === 2 || strategy === 3) {
    // An amount and the totals it adds up to.
    const amounts = leaves.filter((l) => !isRate(l.path) && Number.isInteger(l.value));
    if (!amounts.length) return null;
    const leaf = rng.pick(amounts);
    const d = strategy === 3 ? (leaf.value ? -leaf.value : 100 + rng.int(900)) : Math.max(1, Math.round(Math.abs(leaf.value) * (1 + rng.int(6)) / 100)) * (rng.chance(0.7) ? 1 : -1);
    const steps: Seg[][][] = [[leaf.path]];
    const i = leaf.path.lastIndexOf('lines');
    if (i > 0) {
      const total = [...leaf.path.slice(0, i), 'total'];
      const oldTotal = get(raw, total);
      if (typeof oldTotal === 'number') {
        steps.push([leaf.path, total]);
        // Totals equal to that total (income = expenditure of a balanced budget), each with its last line.
        const mirrors = leaves.filter((l) => l.value === oldTotal && show(l.path) !== show(total) && l.path[l.path.length - 1] === 'total');
        const withLines = mirrors.flatMap((m) => {
          const lines = get(raw, [...m.path.slice(0, -1), 'lines']);
          return Array.isArray(lines) && lines.length ? [m.path, [...m.path.slice(0, -1), 'lines', lines.length - 1, 'amount']] : [m.path];
        });
        if (mirrors.length) steps.push([leaf.path, total, ...withLines]);
      }
    }
    for (const paths of steps) {
      const copy = clone(raw);
      for (const p of paths) set(copy, p, get(copy, p) + d);
      candidates.push({ raw: copy, what: `${paths.map(show).join('、')} 各${d >= 0 ? '加' : '减'} ${Math.abs(d)}` });
    }
  } else if (strategy === 4 || strategy === 5) {
    const lists = places(raw).filter((p) => Array.isArray(p.value) && (p.value as unknown[]).length >= 2 && (p.value as unknown[]).every((x) => x && typeof x === 'object' && typeof (x as any).amount === 'number'));
    if (!lists.length) return null;
    const list = rng.pick(lists);
    const arr = list.value as { label?: string; amount: number }[];
    const a = rng.int(arr.length);
    const copy = clone(raw);
    const target = get(copy, list.path) as { label?: string; amount: number }[];
    if (strategy === 4) {
      const b = (a + 1 + rng.int(arr.length - 1)) % arr.length;
      [target[a], target[b]] = [target[b]!, target[a]!];
      candidates.push({ raw: copy, what: `${show(list.path)} 第 ${a} 行与第 ${b} 行对调` });
    } else {
      const part = Math.floor(target[a]!.amount / 3);
      if (part < 1) return null;
      target[a]!.amount -= part;
      target.splice(a + 1, 0, { ...clone(target[a]!), label: `${target[a]!.label ?? '项目'}（新增明细）`, amount: part });
      candidates.push({ raw: copy, what: `${show(list.path)} 第 ${a} 行拆出新行（${part}）` });
    }
  }
  for (const c of candidates) if (build(c.raw, file).errors === 0 && build(c.raw, file).doc) return c;
  return null;
}

function revise(src: Source, base: Raw, rng: Rng): { raw: Raw; what: string[] } {
  if (src.generated !== undefined && rng.chance(0.4)) {
    const seed = 1000 + rng.int(100000);
    return { raw: generateDataset(src.generated, seed), what: [`generate-datasets 同一区县年度，种子 ${seed}`] };
  }
  let raw = base;
  const what: string[] = [];
  const want = 1 + rng.int(3);
  for (let tries = 0; what.length < want && tries < want * 4; tries++) {
    const r = reviseOnce(raw, rng, src.file);
    if (!r) continue;
    raw = r.raw;
    what.push(r.what);
  }
  return { raw, what };
}

// ---------------------------------------------------------------- edits

interface Span {
  start: number;
  end: number;
}
const PARA = /<w:p(?:\s[^>]*)?>[\s\S]*?<\/w:p>/g;
const RUN = /<w:r(?:\s[^>]*)?>(?:(?!<\/w:r>)[\s\S])*?<w:t(?:\s[^>]*)?>[^<]+<\/w:t>(?:(?!<\/w:r>)[\s\S])*?<\/w:r>/g;

const spans = (xml: string, re: RegExp): Span[] => [...xml.matchAll(re)].map((m) => ({ start: m.index!, end: m.index! + m[0].length }));
const inTable = (xml: string, at: number) => xml.lastIndexOf('<w:tbl>', at) > xml.lastIndexOf('</w:tbl>', at);
const bindings = (xml: string) => findBookmarks(xml, (n) => parseBindingName(n) !== null);
const insideAny = (marks: BookmarkRange[], s: Span) => marks.some((m) => s.start >= m.startEnd && s.end <= m.end);
const splice = (xml: string, s: Span, text: string) => xml.slice(0, s.start) + text + xml.slice(s.end);

const WRITER_TEXTS = ['撰稿人补充的一段说明文字。', '另有3个项目正在审计，数字以审计结果为准。', '（此处待财政局核实）', '全年共办理12件人大代表建议。', '上述数据为快报数。', '【草稿】仅供内部讨论，请勿外传。'];

type Edit = (xml: string, rng: Rng, files: Files) => { xml: string; what: string } | null;

/** A paragraph of writer text after a random paragraph, in the body or in a table cell. */
const insertParagraph: Edit = (xml, rng) => {
  const ps = spans(xml, PARA);
  const cell = rng.chance(0.3);
  const pool = ps.filter((p) => inTable(xml, p.start) === cell);
  if (!pool.length) return null;
  const p = rng.pick(pool);
  const text = rng.pick(WRITER_TEXTS);
  return { xml: splice(xml, { start: p.end, end: p.end }, `<w:p><w:r><w:t>${text}</w:t></w:r></w:p>`), what: `${cell ? '表格单元格中' : ''}插入段落“${text}”` };
};

/** A run's text outside every binding changed. */
const changeUnbound: Edit = (xml, rng) => {
  const marks = bindings(xml);
  const runs = spans(xml, RUN).filter((r) => !insideAny(marks, r) && !marks.some((m) => r.start < m.endEnd && r.end > m.start));
  if (!runs.length) return null;
  const r = rng.pick(runs);
  const run = xml.slice(r.start, r.end);
  const add = rng.pick(['（修改）', '，另有3个', '等', '9']);
  const edited = run.replace(/(<w:t(?:\s[^>]*)?>)([^<]+)(<\/w:t>)/, (_m, a: string, t: string, b: string) => `${a}${rng.chance(0.5) ? t + add : add + t}${b}`);
  return { xml: splice(xml, r, edited), what: `改写绑定外文字（加“${add}”）${inTable(xml, r.start) ? '（表格中）' : ''}` };
};

/** A run split in two at a character, the same formatting, inside or outside a binding. */
const splitRun = (inside: boolean): Edit => (xml, rng) => {
  const marks = bindings(xml);
  const runs = spans(xml, RUN).filter((r) => insideAny(marks, r) === inside && /<w:t(?:\s[^>]*)?>[^<]{2,}<\/w:t>/.test(xml.slice(r.start, r.end)));
  if (!runs.length) return null;
  const r = rng.pick(runs);
  const run = xml.slice(r.start, r.end);
  const m = /^(<w:r(?:\s[^>]*)?>)((?:(?!<w:t[ >])[\s\S])*?)<w:t(?:\s[^>]*)?>([^<]+)<\/w:t>([\s\S]*)<\/w:r>$/.exec(run);
  if (!m) return null;
  const [, open, props, text, rest] = m;
  const chars = [...text!];
  if (chars.length < 2) return null;
  const at = 1 + rng.int(chars.length - 1);
  const t = (s: string) => `<w:t xml:space="preserve">${s}</w:t>`;
  const two = `${open}${props}${t(chars.slice(0, at).join(''))}</w:r>${open}${props}${t(chars.slice(at).join(''))}${rest}</w:r>`;
  return { xml: splice(xml, r, two), what: `拆分文字块（${inside ? '书签内' : '书签外'}）` };
};

/** Bold added to a run inside a binding. */
const boldInside: Edit = (xml, rng) => {
  const marks = bindings(xml);
  const runs = spans(xml, RUN).filter((r) => insideAny(marks, r));
  if (!runs.length) return null;
  const r = rng.pick(runs);
  const run = xml.slice(r.start, r.end);
  // In schema order: after w:rStyle and w:rFonts, before the rest.
  const edited = /<w:rPr>/.test(run) ? run.replace(/(<w:rPr>(?:<w:rStyle\b[^>]*\/>)?(?:<w:rFonts\b[^>]*\/>)?)/, '$1<w:b/>') : run.replace(/^(<w:r(?:\s[^>]*)?>)/, '$1<w:rPr><w:b/></w:rPr>');
  return { xml: splice(xml, r, edited), what: '书签内文字加粗' };
};

/** A body paragraph deleted (with or without bookmarks in it). */
const deleteParagraph = (withMarks: boolean): Edit => (xml, rng) => {
  const ps = spans(xml, PARA).filter((p) => {
    const s = xml.slice(p.start, p.end);
    return !inTable(xml, p.start) && !s.includes('<w:sectPr') && s.includes('<w:bookmarkStart') === withMarks && xmlText(s) !== '';
  });
  if (!ps.length) return null;
  const p = rng.pick(ps);
  return { xml: splice(xml, p, ''), what: `删除段落“${xmlText(xml.slice(p.start, p.end)).slice(0, 16)}…”${withMarks ? '（含书签）' : ''}` };
};

/** A body paragraph copied and pasted after another: Word drops the copy's bookmarks (duplicate names); the broken copy keeps them. */
const copyParagraph = (broken: boolean): Edit => (xml, rng) => {
  const ps = spans(xml, PARA).filter((p) => !inTable(xml, p.start) && !xml.slice(p.start, p.end).includes('<w:sectPr') && xmlText(xml.slice(p.start, p.end)) !== '');
  const withMarks = ps.filter((p) => xml.slice(p.start, p.end).includes('<w:bookmarkStart'));
  const pool = withMarks.length && rng.chance(0.8) ? withMarks : ps;
  if (!pool.length) return null;
  const p = rng.pick(pool);
  let copy = xml.slice(p.start, p.end);
  if (!broken) copy = copy.replace(/<w:bookmark(?:Start|End)\b[^>]*\/>/g, '');
  const to = rng.pick(ps.filter((q) => q.end <= p.start || q.start >= p.end).concat([p]));
  return { xml: splice(xml, { start: to.end, end: to.end }, copy), what: `复制粘贴段落“${xmlText(copy).slice(0, 12)}…”${broken ? '（保留重复书签）' : ''}` };
};

/** A bound figure overwritten by hand. */
const overwriteFigure: Edit = (xml, rng) => {
  const figs = bindings(xml).filter((m) => m.name.startsWith('F') && /<w:t(?:\s[^>]*)?>[^<]+<\/w:t>/.test(xml.slice(m.startEnd, m.end)));
  if (!figs.length) return null;
  const f = rng.pick(figs);
  const typed = rng.pick([`约${f.text}`, f.text.replace(/\d/, (d) => String((Number(d) + 1) % 10)), '（待定）', '3.5亿元']);
  let first = true;
  const inner = xml.slice(f.startEnd, f.end).replace(/(<w:t(?:\s[^>]*)?>)([^<]*)(<\/w:t>)/g, (_m, a: string, _t: string, b: string) => {
    const s = first ? typed : '';
    first = false;
    return `${a}${s}${b}`;
  });
  return { xml: splice(xml, { start: f.startEnd, end: f.end }, inner), what: `手工改写数字“${f.text}”为“${typed}”${inTable(xml, f.start) ? '（表格中）' : ''}` };
};

/** Only a binding's bookmarkStart, or only its bookmarkEnd, deleted. */
const deleteMarkTag = (which: 'start' | 'end'): Edit => (xml, rng) => {
  const marks = bindings(xml);
  if (!marks.length) return null;
  const m = rng.pick(marks);
  const s = which === 'start' ? { start: m.start, end: m.startEnd } : { start: m.end, end: m.endEnd };
  return { xml: splice(xml, s, ''), what: `删除书签${which === 'start' ? '开始' : '结束'}标记（“${m.text.slice(0, 12)}”）` };
};

/** A binding's bookmarkEnd moved past the next run of its paragraph, or to the end of a later paragraph. */
const moveMarkEnd: Edit = (xml, rng) => {
  const marks = bindings(xml);
  if (!marks.length) return null;
  const m = rng.pick(marks);
  const tag = xml.slice(m.end, m.endEnd);
  const without = splice(xml, { start: m.end, end: m.endEnd }, '');
  const pClose = without.indexOf('</w:p>', m.end);
  if (rng.chance(0.3) && /^(?:<w:bookmarkEnd\b[^>]*\/>)*$/.test(without.slice(m.end, pClose))) {
    // Enter pressed at the end of the paragraph: the end goes into the new, empty paragraph.
    return { xml: splice(without, { start: pClose + 6, end: pClose + 6 }, `<w:p><w:pPr><w:jc w:val="center"/></w:pPr>${tag}</w:p>`), what: `段末回车，书签结束标记进入新的空段落（“${m.text.slice(0, 12)}”）` };
  }
  if (rng.chance(0.25)) {
    // Word ends a bookmark covering a whole paragraph after it, in the body (or the table cell).
    return { xml: splice(without, { start: pClose + 6, end: pClose + 6 }, tag), what: `书签结束标记移到段落之后（段落之间，“${m.text.slice(0, 12)}”）` };
  }
  if (rng.chance(0.5)) {
    const pEnd = without.indexOf('</w:p>', m.end);
    const runEnd = without.indexOf('</w:r>', m.end);
    if (runEnd < 0 || runEnd > pEnd) return null;
    return { xml: splice(without, { start: runEnd + 6, end: runEnd + 6 }, tag), what: `书签结束标记后移一个文字块（“${m.text.slice(0, 12)}”）` };
  }
  const ps = spans(without, PARA).filter((p) => p.start > m.end);
  if (!ps.length) return null;
  const p = ps[Math.min(ps.length - 1, rng.int(4))]!;
  const at = p.end - '</w:p>'.length;
  return { xml: splice(without, { start: at, end: at }, tag), what: `书签结束标记移到后面的段落（“${m.text.slice(0, 12)}”）` };
};

const TR = /<w:tr(?:\s[^>]*)?>[\s\S]*?<\/w:tr>/g;
const bodyRows = (xml: string) => spans(xml, TR).filter((r) => !/<w:tblHeader/.test(xml.slice(r.start, r.end)));

/** A table's body row deleted. */
const deleteRow: Edit = (xml, rng) => {
  const rows = bodyRows(xml);
  if (rows.length < 2) return null;
  const r = rng.pick(rows);
  return { xml: splice(xml, r, ''), what: `删除表格行“${cellTextsOf(xml.slice(r.start, r.end)).join(' ').slice(0, 20)}”` };
};

const cellTextsOf = (rowXml: string) => [...rowXml.matchAll(/<w:tc(?:\s[^>]*)?>[\s\S]*?<\/w:tc>/g)].map((c) => xmlText(c[0]));

/** A row inserted after a body row: the row's copy, bookmarks dropped, its texts typed anew. */
const insertRow: Edit = (xml, rng) => {
  const rows = bodyRows(xml);
  if (!rows.length) return null;
  const r = rng.pick(rows);
  let k = 0;
  const copy = xml
    .slice(r.start, r.end)
    .replace(/<w:bookmark(?:Start|End)\b[^>]*\/>/g, '')
    .replace(/(<w:t(?:\s[^>]*)?>)([^<]*)(<\/w:t>)/g, (_m, a: string, t: string, b: string) => `${a}${t ? (k++ === 0 ? '撰稿人新增项目' : '88') : ''}${b}`);
  return { xml: splice(xml, { start: r.end, end: r.end }, copy), what: `表格中插入一行（在“${cellTextsOf(xml.slice(r.start, r.end))[0]?.slice(0, 12)}”后）` };
};

/** A writer's comment on a paragraph, or on a run inside a binding (a figure, a data-dependent sentence). */
const addComment: Edit = (xml, rng, files) => {
  const id = 900 + rng.int(50);
  if (new RegExp(`<w:comment\\w*\\b[^>]*w:id="${id}"`).test(xml)) return null;
  const a = commentAnchors(id);
  const add = () => addComments(files, [{ id, text: '请再核实口径。' }], '撰稿人', '2025-08-20T00:00:00Z', strToU8, strFromU8);
  if (rng.chance(0.5)) {
    const marks = bindings(xml);
    const runs = spans(xml, RUN).filter((r) => insideAny(marks, r));
    if (!runs.length) return null;
    const r = rng.pick(runs);
    add();
    return { xml: splice(xml, r, a.before + xml.slice(r.start, r.end) + a.after), what: `撰稿人在书签内加批注（“${xmlText(xml.slice(r.start, r.end)).slice(0, 12)}”）` };
  }
  const ps = spans(xml, PARA).filter((p) => xmlText(xml.slice(p.start, p.end)) !== '');
  if (!ps.length) return null;
  const p = rng.pick(ps);
  const para = xml.slice(p.start, p.end);
  const edited = para.replace(/^(<w:p(?:\s[^>]*)?>(?:<w:pPr>[\s\S]*?<\/w:pPr>)?)/, `$1${a.before}`).replace(/<\/w:p>$/, `${a.after}</w:p>`);
  add();
  return { xml: splice(xml, p, edited), what: '撰稿人加批注' };
};

/** Word's litter: rsid attributes, proofErr marks and w:lang in run properties, inside and outside bindings. */
const wordLitter: Edit = (xml, rng) => {
  let n = 0;
  const rsid = () => (0x00100000 + rng.int(0xeffff0)).toString(16).toUpperCase().padStart(8, '0');
  let out = xml.replace(/<w:p>|<w:r>/g, (t) => {
    if (!rng.chance(0.3)) return t;
    n++;
    return t === '<w:p>' ? `<w:p w:rsidR="${rsid()}" w:rsidRDefault="${rsid()}">` : `<w:r w:rsidRPr="${rsid()}">`;
  });
  // w:lang near the end of a run's properties, as the schema orders them (not in a paragraph mark's, which may end in w:specVanish).
  out = out.replace(/<w:rPr>((?:(?!<\/w:rPr>)[\s\S])*?)<\/w:rPr>/g, (t, inner: string) => (!inner.includes('Vanish') && !inner.includes('<w:lang') && rng.chance(0.2) ? (n++, `<w:rPr>${inner}<w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr>`) : t));
  out = out.replace(/(<w:r(?:\s[^>]*)?>(?:(?!<\/w:r>)[\s\S])*?<\/w:r>)/g, (run) => (rng.chance(0.05) ? (n++, `<w:proofErr w:type="spellStart"/>${run}<w:proofErr w:type="spellEnd"/>`) : run));
  return n ? { xml: out, what: `Word 的 rsid、proofErr、lang 标记（${n} 处）` } : null;
};

const EDITS: [number, Edit][] = [
  [3, insertParagraph],
  [2, changeUnbound],
  [2, splitRun(false)],
  [3, splitRun(true)],
  [2, boldInside],
  [1, deleteParagraph(false)],
  [2, deleteParagraph(true)],
  [1, copyParagraph(false)],
  [1, copyParagraph(true)],
  [3, overwriteFigure],
  [1, deleteMarkTag('start')],
  [1, deleteMarkTag('end')],
  [2, moveMarkEnd],
  [2, deleteRow],
  [2, insertRow],
  [1, addComment],
  [2, wordLitter],
];
const EDIT_WEIGHT = EDITS.reduce((s, [w]) => s + w, 0);

function pickEdit(rng: Rng): Edit {
  let k = rng.int(EDIT_WEIGHT);
  for (const [w, e] of EDITS) if ((k -= w) < 0) return e;
  return EDITS[0]![1];
}

export function editDraft(bytes: Uint8Array, rng: Rng): { bytes: Uint8Array; what: string[] } {
  const files: Files = unzipSync(bytes);
  let xml = strFromU8(files['word/document.xml']!);
  const what: string[] = [];
  const want = 1 + rng.int(4);
  for (let tries = 0; what.length < want && tries < 20; tries++) {
    const r = pickEdit(rng)(xml, rng, files);
    if (!r) continue;
    xml = r.xml;
    what.push(r.what);
  }
  files['word/document.xml'] = strToU8(xml);
  return { bytes: zipSync(files), what };
}

// ---------------------------------------------------------------- checks

const docXml = (bytes: Uint8Array) => strFromU8(unzipSync(bytes)['word/document.xml']!);
const paragraphsText = (xml: string) => spans(xml, PARA).map((p) => xmlText(xml.slice(p.start, p.end)));
const NUMBER = /\d[\d,.]*\d|\d/g;

/** The rows of the band starting at a B bookmark: to the next band's row or the table's end. */
function bandRows(xml: string, bm: BookmarkRange, next: number): string[][] | null {
  const rows = tableRowsFrom(xml, bm.start, (r) => next >= r.start && next < r.end);
  return rows ? rows.map((r) => cellTexts(xml, r)) : null;
}

/** Table context of an offset: its row's cell texts, the table's header rows, the paragraphs above. */
function rowSignature(xml: string, at: number): string | null {
  if (!inTable(xml, at)) return null;
  const row = tableRowAt(xml, at);
  const tbl = xml.lastIndexOf('<w:tbl>', at);
  const end = xml.indexOf('</w:tbl>', at);
  const headers = spans(xml.slice(tbl, end), TR).map((r) => xml.slice(tbl + r.start, tbl + r.end)).filter((r) => /<w:tblHeader/.test(r)).map((r) => cellTextsOf(r).join('\t'));
  // The paragraphs above the table's first piece: a long table goes on in pieces after an empty or 续表 paragraph.
  let first = tbl;
  for (;;) {
    const prevEnd = xml.lastIndexOf('</w:tbl>', first);
    if (prevEnd < 0) break;
    const between = paragraphsText(xml.slice(prevEnd, first));
    if (between.length > 3 || !between.every((t) => t === '' || t.startsWith('续'))) break;
    first = xml.lastIndexOf('<w:tbl>', prevEnd);
  }
  const before = paragraphsText(xml.slice(Math.max(0, first - 20000), first)).slice(-4);
  return JSON.stringify([row ? cellTexts(xml, row) : null, headers, before]);
}

/** A fresh build's figure rows: for each key hash, its row's unbound cells (null: not in a table). */
function unboundCells(xml: string, at: number, marks: BookmarkRange[]): string[] | null {
  const row = tableRowAt(xml, at);
  if (!row || !inTable(xml, at)) return null;
  return row.cells.map((c) => (marks.some((m) => m.start >= c.start && m.start < c.end) ? '…' : xmlText(xml.slice(c.start, c.end))));
}

/** A draft's notice paragraph (【草稿】本稿数据尚有…) taken out, as refresh takes it out once the data are corrected. */
function withoutNotice(xml: string, own: Set<string>): string {
  const p = spans(xml, PARA).find((q) => xmlText(xml.slice(q.start, q.end)).startsWith('【草稿】本稿数据尚有'));
  if (!p) return xml;
  // A writer's comment marked in the notice is kept: its marks move to the start of the next paragraph.
  const marks = [...xml.slice(p.start, p.end).matchAll(/<w:commentRange(?:Start|End)\b[^>]*w:id="(\d+)"[^>]*\/>|<w:r\b(?:(?!<\/w:r>)[\s\S])*?<w:commentReference\b[^>]*w:id="(\d+)"(?:(?!<\/w:r>)[\s\S])*?<\/w:r>/g)]
    .filter((m) => !own.has(m[1] ?? m[2]!))
    .map((m) => m[0])
    .join('');
  const out = splice(xml, p, '');
  if (!marks) return out;
  const next = /<w:p(?:\s[^>]*)?>(?:<w:pPr>(?:(?!<\/w:pPr>)[\s\S])*<\/w:pPr>|<w:pPr\/>)?/g;
  next.lastIndex = p.start;
  const n = next.exec(out);
  const at = n ? n.index + n[0].length : p.start;
  return splice(out, { start: at, end: at }, n ? marks : `<w:p>${marks}</w:p>`);
}

/** The XML with binding ranges and band rows cut, and the anchors of these comments (refresh's own) dropped. */
function outside(xml: string, newCommentIds: Set<string>): string {
  let s = xml;
  if (newCommentIds.size) {
    s = s.replace(/<w:commentRange(?:Start|End) w:id="(\d+)"\/>/g, (t, id: string) => (newCommentIds.has(id) ? '' : t));
    s = s.replace(/<w:r\b[^>]*>(?:(?!<\/w:r>)[\s\S])*?<w:commentReference w:id="(\d+)"\/>(?:(?!<\/w:r>)[\s\S])*?<\/w:r>/g, (t, id: string) => (newCommentIds.has(id) ? '' : t));
  }
  const marks = bindings(s).sort((a, b) => a.start - b.start);
  const cuts: Span[] = [];
  const bands = marks.filter((m) => m.name.startsWith('B'));
  bands.forEach((b, k) => {
    const rows = tableRowsFrom(s, b.start, (r) => (bands[k + 1]?.start ?? Infinity) >= r.start && (bands[k + 1]?.start ?? Infinity) < r.end);
    if (rows?.length) cuts.push({ start: rows[0]!.start, end: rows[rows.length - 1]!.end });
  });
  for (const m of marks) cuts.push({ start: m.start, end: m.endEnd });
  cuts.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const c of cuts) {
    if (c.start < at) {
      at = Math.max(at, c.end);
      continue;
    }
    out += s.slice(at, c.start) + '⟦⟧';
    at = c.end;
  }
  return out + s.slice(at);
}

/** A binding's text without the text of other bindings within or across its range. */
function ownText(xml: string, m: BookmarkRange, marks: BookmarkRange[]): string {
  const cuts = marks
    .filter((o) => o !== m && o.id !== m.id && o.startEnd < m.end && o.end > m.startEnd)
    .map((o) => ({ start: Math.max(o.startEnd, m.startEnd), end: Math.min(o.end, m.end) }))
    .sort((a, b) => a.start - b.start);
  let out = '';
  let at = m.startEnd;
  for (const c of cuts) {
    if (c.start > at) out += xmlText(xml.slice(at, c.start)) + '⟦⟧';
    at = Math.max(at, c.end);
  }
  return out + xmlText(xml.slice(at, m.end));
}

function firstDiff(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `…${a.slice(Math.max(0, i - 80), i + 80)}… ≠ …${b.slice(Math.max(0, i - 80), i + 80)}…`;
}

interface Outcome {
  exit: number;
  bytes?: Uint8Array;
  conflicts: RefreshConflict[];
  changes: number;
  rewordings: number;
  messages: string[];
}

function checkCase(o: { original: Uint8Array; edited: Uint8Array; out: Outcome; newDoc: ReportDoc; fresh: Uint8Array; same: boolean }, failures: string[]): void {
  const { out } = o;
  if (out.exit !== 0) {
    // The edits keep the XML whole and the data validate: refusing is a defect too (the writer has no way on).
    failures.push(`退出码 ${out.exit}：${out.messages.join(' ').slice(0, 300)}`);
    return;
  }
  if (!out.bytes) return void failures.push('退出码 0，却没有写出文件');
  let parts: Files;
  try {
    parts = unzipSync(out.bytes);
  } catch (e) {
    return void failures.push(`输出不是有效的压缩包：${(e as Error).message}`);
  }
  for (const [name, data] of Object.entries(parts)) {
    if (!/\.(xml|rels)$/.test(name)) continue;
    const x = strFromU8(data);
    const err = xmlError(x);
    if (err) failures.push(`输出部件 ${name} 不能解析为 XML：${err}`);
    if (x.includes('\ufffd')) failures.push(`输出部件 ${name} 含 U+FFFD`);
  }
  const outXml = strFromU8(parts['word/document.xml']!);
  const editXml = docXml(o.edited);
  const origXml = docXml(o.original);
  const freshXml = docXml(o.fresh);
  const outText = paragraphsText(outXml).join('\n');
  const editText = paragraphsText(editXml).join('\n');
  for (const bad of ['undefined', 'NaN', '[object Object]']) if (outText.includes(bad) && !editText.includes(bad)) failures.push(`输出文字含“${bad}”`);

  // Text is never set in the style of a comment's reference mark.
  const styled = (x: string) => (x.match(/<w:rStyle w:val="CommentReference"\/><\/w:rPr><w:t[\s>]/g) ?? []).length;
  if (styled(outXml) > styled(editXml)) failures.push('输出中有文字设成了批注引用标记的样式（CommentReference）');

  // The program's own comments (a draft's errors), which refresh takes out with the draft's notice.
  const editParts = unzipSync(o.edited);
  const commentsName = Object.keys(editParts).find((n) => /^word\/comments\d*\.xml$/.test(n));
  const own = new Set(
    [...(commentsName ? strFromU8(editParts[commentsName]!) : '').matchAll(/<w:comment\b[^>]*>/g)]
      .filter((m) => m[0].includes(`w:author="${COMMENT_AUTHOR}"`))
      .map((m) => /w:id="(\d+)"/.exec(m[0])![1]!),
  );
  // Every comment of the writer still anchored: its range marks and its reference.
  for (const m of editXml.matchAll(/<w:(commentRangeStart|commentRangeEnd|commentReference) w:id="(\d+)"\/>/g))
    if (!own.has(m[2]!) && !outXml.includes(m[0])) failures.push(`撰稿人的批注（编号 ${m[2]}）的 ${m[1]} 不见了`);
  // None of the draft's error comments is left (refresh's own comments now are its conflicts).
  const outComments = Object.entries(parts).find(([n]) => /^word\/comments\d*\.xml$/.test(n))?.[1];
  for (const m of (outComments ? strFromU8(outComments) : '').matchAll(/<w:comment\b([^>]*)>([\s\S]*?)<\/w:comment>/g))
    if (m[1]!.includes(`w:author="${COMMENT_AUTHOR}"`) && !xmlText(m[2]!).startsWith(CONFLICT_PREFIX)) failures.push(`草稿的错误批注在改正数据后仍在：${xmlText(m[2]!).slice(0, 60)}`);

  // Outside the bindings, byte for byte the edited draft's.
  const editIds = new Set([...editXml.matchAll(/<w:comment(?:RangeStart|RangeEnd|Reference)\b[^>]*w:id="(\d+)"/g)].map((m) => m[1]!));
  // Refresh's own comment ids may be those of the draft's comments it took out.
  const newIds = new Set([...outXml.matchAll(/<w:comment(?:RangeStart|Reference) w:id="(\d+)"/g)].map((m) => m[1]!).filter((id) => !editIds.has(id) || own.has(id)));
  const a = outside(outXml, newIds);
  const b = outside(withoutNotice(editXml, own), own);
  if (a !== b) failures.push(`书签之外的内容变了：${firstDiff(b, a)}`);

  if (o.same) {
    if (outText !== editText) failures.push(`同一数据更新后文字变了：${firstDiff(editText, outText)}`);
    if (out.changes || out.rewordings) failures.push(`同一数据更新却报告了 ${out.changes} 处数字、${out.rewordings} 处文字变化`);
  }

  // Every binding: the fresh build's text at its key, or the edited draft's kept and reported.
  const fresh = new Map(documentFigures(o.newDoc).map((f) => [keyHash(f.key), f.text]));
  const freshMarks = bindings(freshXml);
  const freshRow = new Map<string, string[] | null>();
  for (const m of freshMarks) if (m.name.startsWith('F')) freshRow.set(parseBindingName(m.name)!.keyHash, unboundCells(freshXml, m.start, freshMarks));
  const editMarks = bindings(editXml);
  // A pasted copy that kept its bookmarks repeats their ids: which copy is which cannot be told, so those are not compared.
  const dupIds = new Set(editMarks.map((m) => m.id).filter((id, i, all) => all.indexOf(id) !== i));
  const editById = new Map(editMarks.filter((m) => !dupIds.has(m.id)).map((m) => [m.id, m]));
  const origById = new Map(bindings(origXml).map((m) => [m.id, m]));
  const outMarks = bindings(outXml);
  const reported = (text: string) => out.conflicts.some((c) => (c.draftText ?? '').includes(text) || (c.newText ?? '') === text);
  const dupNames = new Set(editMarks.map((m) => m.name).filter((n, i, all) => all.indexOf(n) !== i));
  const touched = (e: BookmarkRange): string | null => {
    const parsed = parseBindingName(e.name)!;
    if (!textMatches(e.text, parsed.textHash)) return '文字已改';
    const orig = origById.get(e.id);
    if (!orig || orig.name !== e.name) return '书签是复制的';
    if (dupNames.has(e.name)) return '书签重名';
    if (rowSignature(editXml, e.start) !== rowSignature(origXml, orig.start)) return '所在的行或表格已改';
    const slot = editMarks.find((s) => s.name.startsWith('S') && e.start >= s.startEnd && e.end <= s.end);
    if (slot && !textMatches(slot.text, parseBindingName(slot.name)!.textHash)) return '所在的句子已改';
    const origSlot = bindings(origXml).find((s) => s.name.startsWith('S') && orig.start >= s.startEnd && orig.end <= s.end);
    if (origSlot && !slot) return '所在句子的书签已删';
    return null;
  };
  const seenKeys = new Set<string>();
  for (const m of outMarks) {
    const parsed = parseBindingName(m.name)!;
    if (parsed.kind !== 'F') continue;
    seenKeys.add(parsed.keyHash);
    const want = fresh.get(parsed.keyHash);
    if (dupIds.has(m.id)) continue;
    const e = editById.get(m.id);
    const where = `“${m.text.slice(0, 20)}”（书签 ${m.id}）`;
    if (e && ownText(editXml, e, editMarks) !== ownText(outXml, m, outMarks) && !textMatches(e.text, parseBindingName(e.name)!.textHash)) {
      // The writer typed there: refresh must keep it (bindings within its range, such as where the
      // writer moved its end past other figures, are updated on their own).
      const slot = editMarks.find((s) => s.name.startsWith('S') && e.start >= s.startEnd && e.end <= s.end);
      failures.push(`撰稿人改写的数字“${e.text}”被改成了“${m.text}”${slot ? `（在随数据变化的句子“${slot.text.slice(0, 30)}”中）` : ''}`);
      continue;
    }
    if (want === undefined) {
      if (e && ownText(editXml, e, editMarks) !== ownText(outXml, m, outMarks)) failures.push(`新数据中已没有的数字${where}被改动（原为“${e.text}”）`);
      continue;
    }
    if (m.text === want) {
      // Updated in a table: its row must be the new data's row of that key.
      if (e && e.text !== m.text && inTable(outXml, m.start)) {
        const now = unboundCells(outXml, m.start, outMarks);
        const should = freshRow.get(parsed.keyHash);
        if (should !== undefined && JSON.stringify(now) !== JSON.stringify(should)) failures.push(`表格数字${where}更新了，所在行却是“${now?.join(' ')}”，新数据该数字所在行是“${should?.join(' ')}”`);
      }
      continue;
    }
    // Not the new text: kept as the edited draft had it, reported, and only where the writer touched it.
    if (!e) {
      failures.push(`新写入的数字${where}与新数据（“${want}”）不同`);
      continue;
    }
    if (ownText(editXml, e, editMarks) !== ownText(outXml, m, outMarks)) failures.push(`数字${where}既不是新数据的“${want}”，也不是稿件中的“${e.text}”`);
    else if (!reported(e.text) && !reported(m.text)) failures.push(`数字${where}未更新为“${want}”，也未列为冲突`);
    else {
      const why = touched(e);
      const rowMoved = inTable(editXml, e.start) && JSON.stringify(unboundCells(editXml, e.start, editMarks)) !== JSON.stringify(freshRow.get(parsed.keyHash));
      if (!why && !rowMoved && !o.same) failures.push(`撰稿人没有动过的数字${where}未更新为“${want}”（列为冲突）`);
    }
  }
  // A figure of the new build without a place in the output: reported.
  const missing = [...fresh.keys()].filter((h) => !seenKeys.has(h));
  if (missing.length && !out.conflicts.some((c) => c.kind === 'deleted') && !outMarks.some((m) => m.name.startsWith('B'))) failures.push(`新数据的 ${missing.length} 个数字在输出中没有位置，却没有列为冲突（如“${fresh.get(missing[0]!)}”）`);

  // Bands: each reads as the new build's band of the same place, or is reported.
  const bandsOf = (xml: string) => {
    const bs = bindings(xml).filter((m) => m.name.startsWith('B'));
    return new Map(bs.map((bm, k) => [parseBindingName(bm.name)!.keyHash, bandRows(xml, bm, bs[k + 1]?.start ?? Infinity)]));
  };
  if (outMarks.some((m) => m.name.startsWith('B'))) {
    const freshBands = bandsOf(freshXml);
    for (const [h, rows] of bandsOf(outXml)) {
      const want = freshBands.get(h);
      if (!want || !rows) continue;
      const n = Math.min(rows.length, want.length);
      if (JSON.stringify(rows.slice(0, n)) !== JSON.stringify(want.slice(0, n)) && !out.conflicts.some((c) => c.source.startsWith('表格') || c.source.includes('表格'))) failures.push(`长表格一段（“${rows[0]?.join(' ').slice(0, 20)}”起）与新数据不同，也未列为冲突`);
    }
  }

  // No number the edited draft and a fresh build both lack. Numbers are read within a binding or
  // between bindings: a digit the writer typed against a bound figure ("9" + "2021") is the writer's.
  const segmented = (xml: string) => paragraphsText(xml.replace(/<w:bookmark(?:Start|End)\b[^>]*\/>/g, '<w:t>|</w:t>')).join('\n');
  const known = new Set([...segmented(editXml).matchAll(NUMBER), ...segmented(freshXml).matchAll(NUMBER)].map((m) => m[0]));
  const outSegmented = segmented(outXml);
  const stray = [...new Set([...outSegmented.matchAll(NUMBER)].map((m) => m[0]))].filter((n) => !known.has(n));
  if (stray.length) {
    const at = outSegmented.indexOf(stray[0]!);
    failures.push(`输出中有稿件和新数据都没有的数字“${stray[0]}”：…${outSegmented.slice(Math.max(0, at - 30), at + 30)}…`);
  }
}

// ---------------------------------------------------------------- running

function copyData(dir: string): void {
  mkdirSync(join(dir, 'styles'), { recursive: true });
  for (const f of readdirSync(DATA)) if (f.endsWith('.json')) copyFileSync(join(DATA, f), join(dir, f));
  for (const f of readdirSync(join(DATA, 'styles'))) copyFileSync(join(DATA, 'styles', f), join(dir, 'styles', f));
}

async function refreshByCli(dir: string, file: string, draft: Uint8Array, raw: Raw, comments: boolean): Promise<Outcome> {
  copyData(dir);
  const draftFile = join(dir, '稿件.docx');
  writeFileSync(draftFile, draft);
  const dataFile = join(dir, file);
  writeFileSync(dataFile, JSON.stringify(raw, null, 2));
  const lines: string[] = [];
  const errors: string[] = [];
  const exit = await main(['refresh', draftFile, '--data', dataFile, '--json', ...(comments ? ['--draft'] : [])], { log: (s) => lines.push(s), error: (s) => errors.push(s) });
  const target = join(dir, '稿件（更新）.docx');
  if (exit !== 0) return { exit, conflicts: [], changes: 0, rewordings: 0, messages: [...errors, ...lines] };
  let report: { conflicts: RefreshConflict[]; changes: unknown[]; rewordings: unknown[] };
  try {
    report = JSON.parse(lines.join('\n'));
  } catch {
    return { exit: -1, conflicts: [], changes: 0, rewordings: 0, messages: ['--json 输出不是 JSON', ...lines] };
  }
  return { exit, ...(existsSync(target) ? { bytes: readFileSync(target) } : {}), conflicts: report.conflicts, changes: report.changes.length, rewordings: report.rewordings.length, messages: [] };
}

function refreshInProcess(draft: Uint8Array, doc: ReportDoc, comments: boolean): Outcome {
  try {
    const r = refreshDraft(draft, doc, { comments });
    return { exit: 0, bytes: r.bytes, conflicts: r.conflicts, changes: r.changes.length, rewordings: r.rewordings.length, messages: [] };
  } catch (e) {
    if (e instanceof FiscalError) return { exit: e.exitCode ?? 1, conflicts: [], changes: 0, rewordings: 0, messages: [e.message, ...e.issues.map((i) => i.message)] };
    return { exit: -1, conflicts: [], changes: 0, rewordings: 0, messages: [`异常：${(e as Error)?.stack?.slice(0, 500) ?? String(e)}`] };
  }
}

const STACK = /\n\s+at [^\n]*[:(]\d+|\b(?:TypeError|RangeError|ReferenceError|SyntaxError)\b|\.(?:ts|js):\d+:\d+/;

export interface RefreshFuzzOptions {
  seed: number;
  cases: number;
  work: string;
  /** Runs only the case of this number (the cases before it are made, not run); its files are kept. */
  only?: number;
  onCase?: (c: RefreshCase) => void;
  onStart?: (c: Pick<RefreshCase, 'id' | 'source'>) => void;
  /** Also validate each output against the ECMA-376 schemas (test/ooxml-xsd.ts; seconds a case: FUZZ_XSD=1). */
  xsd?: boolean;
}

export async function runRefreshFuzz(opts: RefreshFuzzOptions): Promise<RefreshFuzzRun> {
  const t0 = performance.now();
  const rng = new Rng(opts.seed);
  const all = sources();
  const cases: RefreshCase[] = [];
  const counts = { exit0: 0, exit1: 0, other: 0, same: 0, revised: 0, conflicts: 0, cli: 0 };
  const baseDocs = new Map<string, { raw: Raw; doc: ReportDoc; bytes: Uint8Array }>();
  for (let id = 0; id < opts.cases; id++) {
    if (opts.only !== undefined && id > opts.only) break;
    // Each case draws from its own generator, seeded from the run's: a case is made the same way alone (FUZZ_ONLY).
    const caseSeed = rng.int(0x7fffffff);
    if (opts.only !== undefined && id !== opts.only) continue;
    const r = new Rng(caseSeed);
    const src = all[r.int(all.length)]!;
    opts.onStart?.({ id, source: src.name });
    const c: RefreshCase = { id, source: src.name, edits: [], revision: [], via: r.chance(0.25) ? 'cli' : 'api', comments: r.chance(0.4), exit: -1, conflicts: 0, changes: 0, failures: [] };
    const dir = join(opts.work, `r${id}`);
    try {
      let base = baseDocs.get(src.name);
      if (!base) {
        const raw = src.raw();
        const b = build(raw, src.file, !!src.corrected);
        if (!b.doc || (b.errors && !src.corrected)) throw new Error(`${src.name} 不能生成`);
        base = { raw, doc: b.doc, bytes: await packReport(b.doc) };
        baseDocs.set(src.name, base);
      }
      const edited = editDraft(base.bytes, r);
      c.edits = edited.what;
      let rev: { raw: Raw; what: string[] };
      if (src.corrected) {
        const fixed = src.corrected();
        const more = r.chance(0.5) ? revise(src, fixed, r) : { raw: fixed, what: [] };
        rev = { raw: more.raw, what: ['改正错误', ...more.what] };
      } else rev = r.chance(0.3) ? { raw: base.raw, what: [] } : revise(src, base.raw, r);
      c.revision = rev.what.length ? rev.what : ['同一数据'];
      const isSame = rev.what.length === 0;
      const nb = isSame ? { doc: base.doc, errors: 0 } : build(rev.raw, src.file);
      if (!nb.doc || nb.errors) throw new Error('修订后的数据不能生成');
      const fresh = isSame ? base.bytes : await packReport(nb.doc);
      const out = c.via === 'cli' ? await refreshByCli(dir, src.file, edited.bytes, rev.raw, c.comments) : refreshInProcess(edited.bytes, nb.doc, c.comments);
      c.exit = out.exit;
      c.conflicts = out.conflicts.length;
      c.changes = out.changes;
      for (const m of out.messages) if (STACK.test(m)) c.failures.push(`输出含堆栈：${m.slice(0, 300)}`);
      if (![0, 1].includes(out.exit)) c.failures.push(`退出码 ${out.exit}：${out.messages.join(' ').slice(0, 500)}`);
      else checkCase({ original: base.bytes, edited: edited.bytes, out, newDoc: nb.doc, fresh, same: isSame }, c.failures);
      if (opts.xsd && out.exit === 0 && out.bytes) {
        // Valid against the ECMA-376 schemas wherever the edited draft is: what refresh adds, Word must read.
        const problems = await validatePackages([
          { label: 'edited', bytes: edited.bytes },
          { label: 'out', bytes: out.bytes },
        ]);
        const strip = (m: string) => m.replace(/^line \d+: /, '');
        const before = new Set(problems.filter((p) => p.part.startsWith('edited')).map((p) => strip(p.message)));
        for (const p of problems) if (p.part.startsWith('out') && !before.has(strip(p.message))) c.failures.push(`输出不符合 OOXML 架构（${p.part}）：${p.message.slice(0, 300)}`);
      }
      if (out.exit === 0 && out.bytes && !c.failures.length) {
        // Refreshing the output again with the same data changes nothing.
        const again = refreshInProcess(out.bytes, nb.doc, c.comments);
        if (again.exit !== 0) c.failures.push(`再次更新退出码 ${again.exit}：${again.messages.join(' ').slice(0, 200)}`);
        else if (again.changes || again.rewordings) c.failures.push(`用同一数据再次更新，又改了 ${again.changes} 处数字、${again.rewordings} 处文字`);
      }
      if (isSame) counts.same++;
      else counts.revised++;
      if (opts.only !== undefined) {
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'original.docx'), base.bytes);
        writeFileSync(join(dir, 'edited.docx'), edited.bytes);
        writeFileSync(join(dir, 'fresh.docx'), fresh);
        writeFileSync(join(dir, 'data.json'), JSON.stringify(rev.raw, null, 2));
        if (out.bytes) writeFileSync(join(dir, 'refreshed.docx'), out.bytes);
      }
    } catch (e) {
      c.failures.push(`异常：${(e as Error)?.stack?.slice(0, 500) ?? String(e)}`);
    }
    if (c.exit === 0) counts.exit0++;
    else if (c.exit === 1) counts.exit1++;
    else counts.other++;
    if (c.conflicts) counts.conflicts++;
    if (c.via === 'cli') counts.cli++;
    cases.push(c);
    opts.onCase?.(c);
    if (opts.only === undefined) rmSync(dir, { recursive: true, force: true });
  }
  return { seed: opts.seed, cases, failed: cases.filter((c) => c.failures.length), ms: performance.now() - t0, counts };
}

export function describeRefreshCase(run: Pick<RefreshFuzzRun, 'seed'>, c: RefreshCase): string {
  return `种子 ${run.seed} 第 ${c.id} 例（${c.source}；${c.via === 'cli' ? 'CLI' : '进程内'}${c.comments ? '，加批注' : ''}；修改：${c.edits.join('；') || '无'}；新数据：${c.revision.join('；')}）退出码 ${c.exit}\n  ${c.failures.join('\n  ')}`;
}
