import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { SaxesParser } from 'saxes';
import { main } from '../../src/cli';
import { parsePath } from '../../src/load/path';
import { loadDatasetFile } from '../../src/load/dataset';
import type { Loaded } from '../../src/load/json';
import { loadLinkedReports, type LinkedReport } from '../../src/load/linked';
import { fieldKind, type FieldKind } from '../../src/validate/field-kinds';
import { FinalAccountsSchema } from '../../src/validate/schema/final-accounts';
import { mutateJson, mutateXlsx, places, Rng, setAt, show, withNumberFormat } from './mutate';

/**
 * The fuzzer: mutates the example datasets (data/*.json, data/*.xlsx) and runs `validate --json`
 * and `build --draft --audit` on each through the CLI, asserting for every case what issue 18
 * asks: exit code 0, 1 or 2 only; no stack trace; every problem placed (its file, and a line or a
 * sheet where it has one); every message Chinese, without a library's English, and short; and
 * when a DOCX is written, every XML part parses and its text holds no U+FFFD, "undefined", "NaN",
 * "[object Object]" or raw "{{", and no figure carries a unit that disagrees with its source.
 * The same seed gives the same cases. Used by test/fuzz.test.ts (a few hundred cases) and
 * `npm run fuzz` (thousands).
 */

const ROOT = join(__dirname, '..', '..');
const DATA = join(ROOT, 'data');

export interface FuzzCase {
  id: number;
  source: string;
  mutations: string[];
  exits: { validate: number; build: number };
  /** A DOCX was written: final (exit 0) or a draft. */
  docx: 'final' | 'draft' | null;
  failures: string[];
}

export interface FuzzRun {
  seed: number;
  cases: FuzzCase[];
  failed: FuzzCase[];
  ms: number;
  /** Cases by outcome, for the README's record. */
  counts: { json: number; xlsx: number; exit0: number; exit1: number; exit2: number; finals: number; drafts: number };
}

/** A stack trace, or a bundle's or library's source, in what a person reads. */
const STACK = /\n\s+at [^\n]*[:(]\d+|\b(?:TypeError|RangeError|ReferenceError|SyntaxError|DecimalError)\b|node_modules\/|dist\/bundle|\.(?:ts|js|cjs):\d+:\d+/;
/** English a library says (the project's own messages are Chinese; field paths and file names are not sentences). */
const ENGLISH = /\b(?:Cannot|Unexpected|Invalid|Maximum call stack|not defined|is not a|must be|expected|received|undefined|Error:|doesn't|could not|Missing|Parse error|Lexical error|End of data|Unclosed|Unmatched)\b/;
const CJK = /[\u4e00-\u9fff]/;
/** Longest message allowed: the longest rule message in the project runs to about 400 characters. */
const MAX_MESSAGE = 900;
/** Issues about a whole file, which has no line or sheet to point at. */
const WHOLE_FILE = new Set([
  'file-read', 'file-type', 'file-encoding', 'json-syntax', 'xlsx-empty', 'xlsx-encrypted', 'xlsx-legacy-xls', 'xlsx-legacy-ole', 'xlsx-not-workbook', 'xlsx-corrupt', 'xlsx-binary',
  'xlsx-ods', 'xlsx-too-large', 'xlsx-no-kind', 'internal', 'attachment-missing', 'attachment-file', 'style-file',
]);

interface IssueJson {
  code: string;
  severity: string;
  message: string;
  place?: { file?: string; line?: number; sheet?: string; cell?: string; path?: string };
}

function checkMessage(where: string, text: string, failures: string[]): void {
  if (STACK.test(text)) failures.push(`${where}：含堆栈或源代码：${text.slice(0, 300)}`);
  if (ENGLISH.test(text)) failures.push(`${where}：含英文库消息：${text.slice(0, 300)}`);
}

/** validate --json: the exit code, and every issue placed, Chinese and short. */
async function checkValidate(file: string, failures: string[]): Promise<number> {
  const lines: string[] = [];
  const code = await main(['validate', file, '--json'], { log: (s) => lines.push(s), error: (s) => lines.push(s) });
  const text = lines.join('\n');
  if (![0, 1, 2].includes(code)) failures.push(`validate 退出码 ${code}`);
  let report: { issues?: IssueJson[] } | null = null;
  try {
    report = JSON.parse(text) as { issues?: IssueJson[] };
  } catch {
    // Usage errors (exit 2) and internal errors print a line, not JSON.
    checkMessage('validate 输出', text, failures);
    if (code !== 2 && !/^程序内部错误/.test(text)) failures.push(`validate --json 输出不是 JSON：${text.slice(0, 200)}`);
    if (/^程序内部错误/.test(text)) failures.push(`validate 程序内部错误：${text.slice(0, 300)}`);
    return code;
  }
  for (const i of report.issues ?? []) {
    const where = `validate [${i.code}]`;
    checkMessage(where, i.message, failures);
    if (!CJK.test(i.message)) failures.push(`${where}：消息不是中文：${i.message.slice(0, 200)}`);
    if (i.message.length > MAX_MESSAGE) failures.push(`${where}：消息过长（${i.message.length} 字）：${i.message.slice(0, 120)}…`);
    if (!i.place?.file) failures.push(`${where}：没有位置（文件）：${i.message.slice(0, 200)}`);
    else if (i.place.line === undefined && i.place.sheet === undefined && !WHOLE_FILE.has(i.code)) failures.push(`${where}：没有行号或工作表：${i.message.slice(0, 200)}`);
    if (i.code === 'internal') failures.push(`${where}：程序内部错误：${i.message.slice(0, 200)}`);
  }
  return code;
}

/** The text of a DOCX part's runs (w:t) and of every attribute-free text node, joined. */
function partText(xml: string): string {
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')).join('');
}

/** Every XML part parses with a strict, independent parser (saxes). */
export function xmlError(xml: string): string | null {
  const parser = new SaxesParser({ xmlns: false });
  let error: string | null = null;
  parser.on('error', (e) => {
    error ??= e.message;
  });
  try {
    parser.write(xml).close();
  } catch (e) {
    error ??= (e as Error).message;
  }
  return error;
}

/** A printed figure's unit, from its text: what kind of number it says it is. */
function unitOfText(text: string): 'amount' | 'rate' | 'points' | 'other' | 'bare' {
  if (/(万元|亿元)$/.test(text)) return 'amount';
  if (/%$/.test(text) || /^(增长|下降|持平)/.test(text)) return /个百分点$/.test(text) ? 'points' : 'rate';
  if (/个百分点$/.test(text)) return 'points';
  if (/^[-\d,.]+$/.test(text)) return 'bare';
  return 'other';
}

const AGREES: Record<FieldKind, (u: ReturnType<typeof unitOfText>) => boolean> = {
  amount: (u) => u === 'amount' || u === 'bare',
  rate: (u) => u === 'rate' || u === 'bare' || u === 'points',
  count: (u) => u === 'other' || u === 'bare',
  year: (u) => u === 'other' || u === 'bare',
};

interface AuditSourceJson {
  path?: string;
  dataset?: string;
  derivation?: string;
  value?: unknown;
  inputs?: AuditSourceJson[];
}

interface AuditJson {
  numbers: { text: string; kind: string; source: AuditSourceJson }[];
  unsourced: unknown[];
}

/** A printed figure as a number: 增长0.21% → 0.21, 下降1.4个百分点 / 降低1.4个百分点 → −1.4, 47.04亿元 → 47.04 (亿元); null for 持平, dates, words. */
export function printedNumber(text: string): { value: number; decimals: number; unit: string; signed: boolean } | null {
  const m = /^(增长|下降|提高|降低)?([-\u2212]?)([0-9][0-9,]*)(?:\.([0-9]+))?(.*)$/.exec(text);
  if (!m) return null;
  const value = Number(`${m[3]!.replace(/,/g, '')}${m[4] ? `.${m[4]}` : ''}`);
  return { value: m[1] === '下降' || m[1] === '降低' || m[2] ? -value : value, decimals: m[4]?.length ?? 0, unit: m[5]!, signed: !!(m[1] || m[2]) };
}

/**
 * Whether a printed figure says the value its source holds: in the unit printed (a 万元 source
 * printed in 亿元 is divided by 10,000), rounded to the decimals printed, with the sign 增长/下降 or
 * a minus says (without either, the words around it carry the sign: only the size is compared).
 * `sourceUnit`: the unit of a figures-table entry (万元 or 亿元), null where not known. A bare
 * number (a table cell) may be an amount shown in the other of 万元 and 亿元.
 */
export function valueAgrees(text: string, value: number, sourceUnit: string | null): boolean {
  const p = printedNumber(text);
  if (!p) return true;
  const scales = p.unit.startsWith('亿元')
    ? sourceUnit === '亿元' ? [1] : sourceUnit === '万元' ? [1e-4] : [1, 1e-4]
    : p.unit.startsWith('万元')
      ? sourceUnit === '亿元' ? [1e4] : [1]
      : p.unit === '' ? (sourceUnit === '亿元' ? [1, 1e4] : [1, 1e-4]) : [1];
  const tolerance = 0.5 * 10 ** -p.decimals;
  return scales.some((k) => {
    const e = value * k;
    const slack = tolerance * (1 + 1e-9) + 1e-9 * Math.abs(e);
    return p.signed ? Math.abs(e - p.value) <= slack : Math.abs(Math.abs(e) - Math.abs(p.value)) <= slack;
  });
}

function checkDocx(bytes: Uint8Array, audit: AuditJson | null, final: boolean, input: string, failures: string[], units: FigureUnits = () => null): void {
  let parts: Record<string, Uint8Array>;
  try {
    parts = unzipSync(bytes);
  } catch (e) {
    failures.push(`DOCX 不是有效的压缩包：${(e as Error).message}`);
    return;
  }
  if (!parts['word/document.xml']) failures.push('DOCX 中没有 word/document.xml');
  let text = '';
  for (const [name, data] of Object.entries(parts)) {
    if (!/\.(xml|rels)$/.test(name)) continue;
    const xml = strFromU8(data);
    const err = xmlError(xml);
    if (err) failures.push(`DOCX 部件 ${name} 不能解析为 XML：${err}`);
    if (/\ufffd/.test(xml)) failures.push(`DOCX 部件 ${name} 含 U+FFFD`);
    if (name === 'word/document.xml' || name === 'word/comments.xml' || name.startsWith('word/footer')) text += partText(xml);
    if (name === 'docProps/core.xml' || name === 'docProps/custom.xml') text += xml.replace(/<[^>]+>/g, ' ');
  }
  // (A word the data itself holds, say in a text a mutation typed it into, prints as typed.)
  for (const bad of ['undefined', 'NaN', '[object Object]', 'Infinity']) if (text.includes(bad) && !input.includes(bad)) failures.push(`DOCX 文字含“${bad}”：…${text.slice(Math.max(0, text.indexOf(bad) - 40), text.indexOf(bad) + 40)}…`);
  // A draft prints a writer's unmatched brace where it stands, with the error's comment on it: only
  // a report that passed validation must be free of them.
  if (final && /\{\{|\}\}/.test(text)) {
    const at = text.search(/\{\{|\}\}/);
    failures.push(`DOCX 文字含未替换的花括号：…${text.slice(Math.max(0, at - 40), at + 40)}…`);
  }
  if (!audit) return;
  if (final && audit.unsourced.length) failures.push(`数字来源表中有 ${audit.unsourced.length} 个没有来源的数字`);
  if (!final) return;
  for (const n of audit.numbers) {
    // Derived figures whose value is their input's: the year after (次年), and a figure the text
    // prints as the writer filled it in, checked against its computation (填报数（经核对）).
    const input = n.source.inputs?.[0];
    if (n.kind === 'figure' && n.source.derivation === '次年' && typeof input?.value === 'number' && Number(n.text) !== input.value + 1)
      failures.push(`年份“${n.text}”不是来源 ${input.path} 的 ${input.value} 的次年`);
    if (n.kind === 'figure' && n.source.derivation === '填报数（经核对）' && input?.path && typeof input.value === 'number' && !valueAgrees(n.text, input.value, units(input.path)))
      failures.push(`数字“${n.text}”与填报数 ${input.path} 的值 ${input.value}${units(input.path) ?? ''} 不符`);
    if (n.kind !== 'figure' || !n.source.path || n.source.dataset === 'previous') continue;
    let kind: FieldKind | null = null;
    try {
      kind = fieldKind(FinalAccountsSchema, parsePath(n.source.path));
    } catch {
      kind = null;
    }
    if (kind && !AGREES[kind](unitOfText(n.text))) failures.push(`数字“${n.text}”的单位与来源 ${n.source.path}（${kind}）不符`);
    // The number itself: what the source holds, in the unit and decimals printed.
    const unit = units(n.source.path) ?? (kind === 'amount' ? '万元' : null);
    if (typeof n.source.value === 'number' && !valueAgrees(n.text, n.source.value, unit)) failures.push(`数字“${n.text}”与来源 ${n.source.path} 的值 ${n.source.value}${unit ?? ''} 不符`);
    if (typeof n.source.value === 'string' && !dateAgrees(n.text, n.source.value)) failures.push(`日期“${n.text}”与来源 ${n.source.path} 的值 ${n.source.value} 不符`);
  }
}

/** A date printed 2025年8月29日 says the source's 2025-08-29 (other texts are not dates). */
export function dateAgrees(text: string, value: string): boolean {
  const printed = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(text);
  const held = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!printed || !held) return true;
  return [1, 2, 3].every((k) => Number(printed[k]) === Number(held[k]));
}

/** The unit of a figures-table entry by its audit path (figures.名称.value), from the dataset built. */
type FigureUnits = (path: string) => string | null;

async function figureUnits(file: string): Promise<FigureUnits> {
  type Figures = Record<string, { unit?: unknown }>;
  const figuresOf = (value: unknown): Figures => ((value as { figures?: Figures } | null)?.figures ?? {}) as Figures;
  let main: Loaded | null = null;
  let linked = new Map<string, LinkedReport>();
  try {
    main = await loadDatasetFile(file);
    // The reports it attaches by file name, read as the CLI reads them.
    linked = await loadLinkedReports(main, file);
  } catch {
    /* not readable: units unknown, both 万元 and 亿元 are taken */
  }
  const entries = ((main?.value as { meta?: { attachments?: unknown[] } } | null)?.meta?.attachments ?? []) as unknown[];
  /** An attached report's figures: embedded in the dataset, or in the file it names. */
  const attached = (i: number): Figures | undefined => {
    const report = (entries[i] as { report?: unknown } | null)?.report;
    if (report && typeof report === 'object') return figuresOf(report);
    const hit = typeof report === 'string' ? linked.get(report) : undefined;
    return hit && !('failed' in hit) ? figuresOf(hit.value) : undefined;
  };
  return (path) => {
    const m = /^meta\.attachments\[(\d+)\]\.report\.(.*)$/.exec(path);
    const figures = m ? attached(Number(m[1])) : figuresOf(main?.value);
    const segs = parsePath(m ? m[2]! : path);
    if (!figures || segs[0] !== 'figures' || segs.length !== 3 || segs[2] !== 'value') return null;
    const unit = Object.hasOwn(figures, String(segs[1])) ? figures[String(segs[1])]?.unit : undefined;
    return typeof unit === 'string' ? unit : null;
  };
}

/** build --draft --audit into a fresh directory: exit code, messages, and the DOCX if one was written. */
async function checkBuild(file: string, outDir: string, input: string, failures: string[]): Promise<{ code: number; docx: FuzzCase['docx'] }> {
  const errs: string[] = [];
  const logs: string[] = [];
  const code = await main(['build', file, '--out', outDir, '--draft', '--audit'], { log: (s) => logs.push(s), error: (s) => errs.push(s) });
  if (![0, 1, 2].includes(code)) failures.push(`build 退出码 ${code}`);
  for (const line of [...errs, ...logs]) {
    checkMessage('build 输出', line, failures);
    if (/^程序内部错误/.test(line)) failures.push(`build 程序内部错误：${line.slice(0, 300)}`);
    if (/^(错误|警告) \[/.test(line) && !line.includes('文件 ')) failures.push(`build：问题没有位置：${line.slice(0, 200)}`);
  }
  const docxs = existsSync(outDir) ? readdirSync(outDir).filter((f) => f.endsWith('.docx')) : [];
  if (!docxs.length) {
    if (code === 0) failures.push('build 退出码 0，却没有写出 DOCX');
    return { code, docx: null };
  }
  const draft = docxs.every((f) => f.includes('（草稿）'));
  if (code === 0 && draft) failures.push('build 退出码 0，写出的却是草稿');
  for (const f of docxs) {
    const auditFile = join(outDir, f.replace(/\.docx$/, '.audit.json'));
    const audit = existsSync(auditFile) ? (JSON.parse(readFileSync(auditFile, 'utf8')) as AuditJson) : null;
    checkDocx(readFileSync(join(outDir, f)), audit, code === 0, input, failures, code === 0 ? await figureUnits(file) : undefined);
  }
  return { code, docx: code === 0 ? 'final' : 'draft' };
}

/** The examples to mutate, and the files beside them a dataset may name (attached reports, style files). */
function examples(): { json: string[]; xlsx: string[] } {
  const files = readdirSync(DATA).sort();
  return { json: files.filter((f) => f.endsWith('.json')), xlsx: files.filter((f) => f.endsWith('.xlsx')) };
}

function copyData(dir: string): void {
  mkdirSync(join(dir, 'styles'), { recursive: true });
  for (const f of readdirSync(DATA)) if (/\.(json|xlsx)$/.test(f)) copyFileSync(join(DATA, f), join(dir, f));
  for (const f of readdirSync(join(DATA, 'styles'))) copyFileSync(join(DATA, 'styles', f), join(dir, 'styles', f));
}

export interface FuzzOptions {
  seed: number;
  cases: number;
  /** A directory of its own: the cases' files and outputs are written under it (and removed). */
  work: string;
  /** Share of cases made from a workbook (the rest from JSON). */
  xlsxShare?: number;
  /** Told each case as it finishes (npm run fuzz prints progress). */
  onCase?: (c: FuzzCase) => void;
  /** Told each case before it runs (FUZZ_VERBOSE=1: to see which case hangs or exhausts memory). */
  onStart?: (c: Pick<FuzzCase, 'id' | 'source' | 'mutations'>) => void;
  /**
   * Runs only the case of this number (FUZZ_ONLY): the cases before it are made, not run, so it is
   * the same case as in the full run, and its directory is kept to look at.
   */
  only?: number;
}

/** The outcomes a run counts, for the README's record. */
const newCounts = (): FuzzRun['counts'] => ({ json: 0, xlsx: 0, exit0: 0, exit1: 0, exit2: 0, finals: 0, drafts: 0 });

/**
 * One case: the examples copied into `dir`, `target` replaced by `bytes`, then validate and build
 * of `source` with every check above; validate must pass no less than build does.
 */
async function runCase(id: number, dir: string, source: string, target: string, bytes: Buffer, what: string[], label: string): Promise<FuzzCase> {
  copyData(dir);
  writeFileSync(join(dir, target), bytes);
  const file = join(dir, source);
  const failures: string[] = [];
  let exits = { validate: -1, build: -1 };
  let docx: FuzzCase['docx'] = null;
  try {
    const v = await checkValidate(file, failures);
    const b = await checkBuild(file, join(dir, 'out'), bytes.toString('utf8'), failures);
    exits = { validate: v, build: b.code };
    docx = b.docx;
    if (v === 0 && b.code !== 0) failures.push(`validate 通过（0），build 却退出 ${b.code}`);
  } catch (e) {
    failures.push(`main() 抛出异常：${(e as Error)?.stack?.slice(0, 500) ?? String(e)}`);
  }
  return { id, source: label, mutations: what, exits, docx, failures };
}

function count(counts: FuzzRun['counts'], c: FuzzCase, xlsx: boolean): void {
  if (xlsx) counts.xlsx++;
  else counts.json++;
  if (c.exits.build === 0) counts.exit0++;
  else if (c.exits.build === 1) counts.exit1++;
  else if (c.exits.build === 2) counts.exit2++;
  if (c.docx === 'final') counts.finals++;
  if (c.docx === 'draft') counts.drafts++;
}

export async function runFuzz(opts: FuzzOptions): Promise<FuzzRun> {
  const t0 = performance.now();
  const rng = new Rng(opts.seed);
  const { json, xlsx } = examples();
  const cases: FuzzCase[] = [];
  const counts = newCounts();
  for (let id = 0; id < opts.cases; id++) {
    if (opts.only !== undefined && id > opts.only) break;
    const dir = join(opts.work, `c${id}`);
    const useXlsx = rng.chance(opts.xlsxShare ?? 0.3);
    const source = useXlsx ? rng.pick(xlsx) : rng.pick(json);
    // Now and then the file a dataset names (its attached report, its style file) is the one mutated.
    const companion = !useXlsx && source === 'laiwu-2024.json' && rng.chance(0.15) ? 'laiwu-2024-performance.json' : !useXlsx && source === 'lanxi-2024.json' && rng.chance(0.3) ? 'styles/lanxi.style.json' : null;
    const target = companion ?? source;
    const original = readFileSync(join(DATA, target));
    let m = useXlsx ? mutateXlsx(original, rng) : mutateJson(original, rng);
    // A number format on a cell now and then (since 2026-12-07), from a stream of its own: the
    // mutations each seed made before stay as they were.
    const formats = new Rng((opts.seed * 2654435761 + id * 40503) >>> 0);
    if (useXlsx && formats.chance(0.3)) {
      const f = withNumberFormat(m.bytes, formats);
      m = { bytes: f.bytes, what: [...m.what, ...f.what] };
    }
    if (opts.only !== undefined && id !== opts.only) continue;
    const label = companion ? `${source}（改动 ${companion}）` : source;
    opts.onStart?.({ id, source: label, mutations: m.what });
    const c = await runCase(id, dir, source, target, m.bytes, m.what, label);
    cases.push(c);
    count(counts, c, useXlsx);
    opts.onCase?.(c);
    if (opts.only === undefined) rmSync(dir, { recursive: true, force: true });
  }
  return { seed: opts.seed, cases, failed: cases.filter((c) => c.failures.length), ms: performance.now() - t0, counts };
}

/**
 * Texts and numbers the sweep puts in every place (npm run fuzz with FUZZ_SWEEP=1): where random
 * cases land now and then, the sweep goes everywhere. Each text is added to what the place holds,
 * so a name stays a name with digits, braces, a control character or a great length in it.
 */
const SWEEP_TEXTS: readonly [string, (v: string) => string][] = [
  ['后加“含3个单位”', (v) => `${v}含3个单位`],
  ['前加全角数字“１２３”', (v) => `１２３${v}`],
  ['只有数字“12”', () => '12'],
  ['后加“{{”', (v) => `${v}{{`],
  ['后加垂直制表符', (v) => `${v}\u000b`],
  ['后加 3,000 字', (v) => `${v}${'很长'.repeat(1500)}`],
];
const SWEEP_NUMBERS: readonly number[] = [0, -1, 1e15, 0.001, 123456789.123];

/**
 * The sweep: each JSON example, and the 澜溪 style file through its dataset, with every text and
 * number place given each of SWEEP_TEXTS and SWEEP_NUMBERS in turn; the same checks as the random cases.
 */
export async function runSweep(opts: Pick<FuzzOptions, 'work' | 'onCase' | 'onStart'> & { targets?: [source: string, target: string][] }): Promise<FuzzRun> {
  const t0 = performance.now();
  const cases: FuzzCase[] = [];
  const counts = newCounts();
  const targets = opts.targets ?? [...examples().json.map((f): [string, string] => [f, f]), ['lanxi-2024.json', 'styles/lanxi.style.json']];
  let id = 0;
  for (const [source, target] of targets) {
    const original = JSON.parse(readFileSync(join(DATA, target), 'utf8')) as unknown;
    for (const leaf of places(original)) {
      // Texts and numbers; not the kind, and not dates (they have their own cases).
      if ((typeof leaf.value !== 'string' && typeof leaf.value !== 'number') || leaf.path[leaf.path.length - 1] === 'kind') continue;
      if (typeof leaf.value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(leaf.value)) continue;
      const changes: [string, string | number][] = typeof leaf.value === 'string' ? SWEEP_TEXTS.map(([what, f]) => [what, f(leaf.value as string)]) : SWEEP_NUMBERS.map((n) => [String(n), n]);
      for (const [what, value] of changes) {
        const copy = JSON.parse(JSON.stringify(original)) as unknown;
        setAt(copy, leaf.path, value);
        const label = target === source ? source : `${source}（改动 ${target}）`;
        const mutation = [`${show(leaf.path)} → ${what}`];
        opts.onStart?.({ id, source: label, mutations: mutation });
        const dir = join(opts.work, `s${id}`);
        const c = await runCase(id, dir, source, target, Buffer.from(JSON.stringify(copy, null, 2)), mutation, label);
        cases.push(c);
        count(counts, c, false);
        opts.onCase?.(c);
        rmSync(dir, { recursive: true, force: true });
        id++;
      }
    }
  }
  return { seed: 0, cases, failed: cases.filter((c) => c.failures.length), ms: performance.now() - t0, counts };
}

/** A failing case, told so it can be looked at again: its seed, number, source and mutations. */
export function describeCase(run: FuzzRun, c: FuzzCase): string {
  return `种子 ${run.seed} 第 ${c.id} 例（${basename(c.source)}：${c.mutations.join('；')}）退出码 validate ${c.exits.validate} / build ${c.exits.build}\n  ${c.failures.join('\n  ')}`;
}
