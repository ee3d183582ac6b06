import { createHash } from 'node:crypto';
import { basename, extname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { FiscalError, type Issue, type Place } from '../model/issue';
import type { ReportDoc, Run } from '../model/doc';
import { blockRunLists } from '../model/doc';
import type { Source } from '../model/source';
import type { Loaded } from '../load/json';
import { loadDatasetBytes } from '../load/dataset';
import { linkedEntries, loadLinkedReportsWith, STYLE_ENTRY } from '../load/linked';
import { parsePath, type PathSegment } from '../load/path';
import { assertWorkbookBytes, decodeUtf8, sniffContent, type ZipLimits } from '../load/sniff';
import { loadTemplates } from '../load/templates';
import type { TemplateSet } from '../render/engine';
import { buildReportDoc, type ComposeResult } from '../pipeline';
import { packReport } from '../docx/pack';
import { writeUtf8Into } from '../docx/zip';
import { auditReport, type AuditMap } from '../audit';
import { labelPath } from '../validate/labels';
import { PREVIOUS_PREFIX, valueAt } from '../validate/previous';
import { sortIssues } from '../validate';
import { exportDataset } from '../workbook/export';
import { findWorkbook } from '../workbook/kinds';
import { safeFileName } from '../write/outputs';
import type { PageChrome } from './views';

/**
 * What the web page's builds run, in a worker process (build-worker.ts): uploaded bytes → the same
 * pipeline as the CLI → the document model, its DOCX, the numbers audit and every figure's source
 * placed in the uploaded files. Pure apart from reading the templates: the uploads come as bytes.
 */

/** An uploaded file: the name the writer's browser gave (a label for messages, never a path) and its bytes. */
export interface UploadFile {
  name: string;
  bytes: Uint8Array;
}

export interface BuildRequest {
  dataset: UploadFile;
  previous?: UploadFile;
  /** Reports the dataset attaches by file name ({"report": "x.json"}), matched by name. */
  attachments: UploadFile[];
  /**
   * The district's house-style file (格式文件), chosen on its own: used whatever its name, even when
   * the dataset names none, and over the dataset's own style (final-accounts reports only).
   */
  style?: UploadFile;
  zip: ZipLimits;
}

/** The house style a final-accounts report was written in, for the page to say. */
export interface StyleUsed {
  /** The style's own name (style.name), if it has one. */
  name: string | null;
  /** default: none given; dataset: written in the dataset; file: a style file (its upload name). */
  from: 'default' | 'dataset' | 'file';
  file?: string;
}

/** One step of a figure's source: a value of an uploaded file at its place, or a named computation. */
export type FigureTrace =
  | { data: true; path: string; label: string; file: string; place: Place; value?: string; previous?: boolean }
  | { data: false; derivation: string; inputs: FigureTrace[] };

export type BuildStage = 'read' | 'compose' | 'pack';

export interface BuildResult {
  /** The report kind of the dataset, when it could be read. */
  kind?: string;
  title: string;
  doc: ReportDoc | null;
  /** The document is a draft written despite errors, with comments. */
  draft: boolean;
  issues: Issue[];
  docx?: Uint8Array;
  audit?: AuditMap;
  /** By figure id (Run.fig.id): where each printed figure comes from. */
  figures: Record<number, FigureTrace>;
  files: { dataset: string; previous?: string; style?: { name: string; used: boolean }; attachments: { name: string; used: boolean }[] };
  /** The house style the report is written in (final-accounts reports that were composed). */
  style?: StyleUsed;
  /** A dataset and last year's that can be written as filled workbooks (export). */
  exportable: { dataset: boolean; previous: boolean };
}

const WORKBOOK_EXT = new Set(['.xlsx', '.xlsm']);

function refuse(file: string, code: string, message: string): never {
  throw new FiscalError(`无法读取 ${file}：${message}`, [{ code, severity: 'error', message, place: { file } }]);
}

/**
 * Checks an upload's content against its name before any reader sees it: magic bytes (a workbook
 * is a zip of the OOXML kind; a JSON file is UTF-8 text starting with "{"), so a renamed, foreign
 * or hostile file is refused with what it is and what to do. The workbook reader then checks the
 * inflation limits, as it does for every workbook (load/sniff.ts WORKBOOK_ZIP_LIMITS).
 */
export function checkUpload(file: UploadFile): void {
  const ext = extname(file.name).toLowerCase();
  const content = sniffContent(file.bytes);
  if (content === 'empty') refuse(file.name, 'upload-empty', '文件是空的（0 字节）：请确认选对了文件，或重新保存后再上传。');
  if (ext === '.json') {
    if (content === 'zip' || content === 'ole')
      refuse(file.name, 'upload-type', '文件扩展名是 .json，内容却是 Excel 工作簿或其他 Office 文件：如是数据工作簿，请把扩展名改为 .xlsx 后再上传。');
    if (content !== 'json') refuse(file.name, 'upload-type', 'JSON 数据文件应以“{”开头，这个文件不是：请确认选对了文件（数据文件由 fiscal-report 的示例或 export 得到）。');
    // The same check and message as the CLI's (load/sniff.ts).
    decodeUtf8(file.bytes, file.name);
    return;
  }
  // What the bytes are decides the message for anything else: a workbook saved in an old format,
  // a Word document, a web page named .xlsx.
  assertWorkbookBytes(file.bytes, file.name);
  if (!WORKBOOK_EXT.has(ext))
    refuse(file.name, 'upload-type', `文件内容是 Excel 工作簿，扩展名却是“${ext || '无'}”：请把扩展名改为 .xlsx 后再上传。`);
}

export async function loadUpload(file: UploadFile, zip: ZipLimits): Promise<Loaded> {
  checkUpload(file);
  // The inflation limits (zip bombs) are checked by the workbook reader, for the CLI and the batch too.
  return loadDatasetBytes(file.bytes, file.name, { zip });
}

/** Issues of a FiscalError thrown while reading; anything else is a fault of the tool and is rethrown. */
export function readIssues(e: unknown): Issue[] {
  if (e instanceof FiscalError) return e.issues.length ? e.issues : [{ code: 'file-read', severity: 'error', message: e.message }];
  throw e;
}

const fmt = (v: unknown): string | undefined => (typeof v === 'number' || typeof v === 'string' ? String(v) : undefined);

/** Where figure sources point: this year's dataset, last year's (previous: prefix), attached reports (by entry). */
class Locator {
  constructor(
    private readonly current: Loaded,
    private readonly previous: Loaded | undefined,
    /** Attached reports loaded from their own files, by the attachments entry index. */
    private readonly linked: Map<number, Loaded>,
  ) {}

  /** Each place traced once: a report's figures come from a few hundred values, many used again and again. */
  private readonly traced = new Map<string, FigureTrace>();

  trace(src: Source): FigureTrace {
    if (!('path' in src)) return { data: false, derivation: src.derivation, inputs: src.inputs.map((s) => this.trace(s)) };
    let t = this.traced.get(src.path);
    if (!t) this.traced.set(src.path, (t = this.place(src.path)));
    return t;
  }

  private place(path: string): FigureTrace {
    let set = this.current;
    let previous = false;
    if (path.startsWith(PREVIOUS_PREFIX) && this.previous) {
      set = this.previous;
      path = path.slice(PREVIOUS_PREFIX.length);
      previous = true;
    }
    let named = pathNamed(path);
    // meta.attachments[i].report.<path in that report>, when the report came from its own file.
    const segs = named.segs;
    if (!previous && segs[0] === 'meta' && segs[1] === 'attachments' && typeof segs[2] === 'number' && segs[3] === 'report') {
      const att = this.linked.get(segs[2]);
      if (att) {
        set = att;
        const inReport = segs.slice(4);
        named = { segs: inReport, label: labelPath(inReport) };
      }
    }
    const place = set.sourceMap.locate(named.segs);
    const value = fmt(valueAt(set.value, named.segs));
    return { data: true, path: place.path ?? path, label: named.label, file: set.sourceMap.file, place, ...(value !== undefined ? { value } : {}), ...(previous ? { previous } : {}) };
  }
}

/**
 * A data path's segments and label, which depend on the path alone: kept across builds (a worker
 * builds one upload after another, and their figures come from the same few hundred paths).
 */
const named = new Map<string, { segs: PathSegment[]; label: string }>();
function pathNamed(path: string): { segs: PathSegment[]; label: string } {
  let n = named.get(path);
  if (!n) {
    if (named.size >= 50_000) named.clear();
    const segs = parsePath(path);
    named.set(path, (n = { segs, label: labelPath(segs) }));
  }
  return n;
}

function figureTraces(doc: ReportDoc, locator: Locator): Record<number, FigureTrace> {
  const out: Record<number, FigureTrace> = {};
  const visit = (runs: Run[]) => {
    for (const r of runs) if (r.fig && !(r.fig.id in out)) out[r.fig.id] = locator.trace(r.fig.source);
  };
  for (const b of doc.blocks) blockRunLists(b).forEach(visit);
  return out;
}

/**
 * The files a dataset names beside itself (attached reports, its style file), matched to uploads by
 * file name (the name only: no directories). Not its style file when one was chosen on its own.
 */
export function attachmentIndex(loaded: Loaded, uploads: UploadFile[], ownStyle: boolean): Map<string, { index: number; upload: UploadFile }> {
  const out = new Map<string, { index: number; upload: UploadFile }>();
  for (const { index, report } of linkedEntries(loaded)) {
    if (ownStyle && index === STYLE_ENTRY) continue;
    const want = basename(report.replace(/\\/g, '/'));
    const upload = uploads.find((u) => u.name === want) ?? uploads.find((u) => u.name.toLowerCase() === want.toLowerCase());
    if (upload) out.set(report, { index, upload });
  }
  return out;
}

/**
 * attachment-missing and style-missing, said for the page: the file is chosen beside the dataset,
 * not found in a directory.
 */
function forThePage(issue: Issue): Issue {
  if (issue.code === 'style-missing') {
    const name = basename((issue.actual ?? '').replace(/\\/g, '/'));
    const fix = `请在上传页面的“格式文件”中选择“${name}”，与数据文件一并上传；或删除数据中的格式文件名（style），按默认格式生成。`;
    return { ...issue, message: issue.message.replace(/：请检查文件名.*$/, `：${fix}`), fix };
  }
  if (issue.code !== 'attachment-missing') return issue;
  const name = issue.actual ?? '';
  const fix = `请在上传页面的“附件报告文件”中选择“${basename(name)}”，与数据文件一并上传；或在数据的附件中改为只写附件名称。`;
  return { ...issue, message: issue.message.replace(/：请检查文件名.*$/, `：${fix}`), fix };
}

let defaultTemplates: TemplateSet | undefined;

/** The style a build used, as the page names it: a style file by its upload name. */
function styleUsed(built: ComposeResult): StyleUsed | undefined {
  if (!built.style) return undefined;
  const { name, origin } = built.style;
  return origin.from === 'file' ? { name, from: 'file', file: basename(origin.file) } : { name, from: origin.from };
}

/**
 * Builds this process has made, by their inputs: the last few. The same uploads again (the page
 * reloaded and sent once more, several writers of a bureau uploading the one workbook) are not
 * validated, composed and packed again: the build is pure, so the same inputs give the same
 * result. A kept result holds its document model and figure sources too, some 25–30 times its
 * DOCX's bytes (a 458 KB DOCX keeps about 11 MB): the DOCX sizes of all kept results stay within
 * MADE_BUDGET (about 15 MB a process), and a larger report is not kept at all.
 */
const made = new Map<string, BuildResult>();
const MAX_MADE = 4;
const MADE_BUDGET = 512 << 10;
let madeBytes = 0;
const docxBytes = (r: BuildResult) => r.docx?.length ?? 0;

/** Everything a web build depends on besides the program: each upload's role, name and bytes, and the limits. */
function requestKey(req: BuildRequest): string {
  const h = createHash('sha256');
  const add = (role: string, f: UploadFile | undefined) => {
    h.update(`${role}\0`);
    if (f) h.update(`${f.name}\0${f.bytes.length}\0`).update(f.bytes);
  };
  add('dataset', req.dataset);
  add('previous', req.previous);
  add('style', req.style);
  for (const a of req.attachments) add('attachment', a);
  h.update(`${req.zip.maxInflated}\0${req.zip.maxEntries}`);
  return h.digest('hex');
}

/**
 * Runs one build on uploaded files for the result page; `stage` is told as the work moves on (the
 * page shows it). Without the numbers audit: the page does not need it, and the audit files are
 * made on request from the kept uploads (runWebAudit), a quarter of a flow's work saved for a
 * download few ask for.
 */
export async function runWebBuild(req: BuildRequest, stage: (s: BuildStage) => void = () => {}): Promise<BuildResult> {
  const key = requestKey(req);
  const hit = made.get(key);
  if (hit) {
    made.delete(key); // the most recently used goes last
    made.set(key, hit);
    return hit;
  }
  const result = await buildFromUploads(req, stage, {});
  const size = docxBytes(result);
  if (size > MADE_BUDGET / 2) return result;
  for (const [k, r] of made) {
    if (made.size < MAX_MADE && madeBytes + size <= MADE_BUDGET) break;
    made.delete(k); // the least recently used first
    madeBytes -= docxBytes(r);
  }
  made.set(key, result);
  madeBytes += size;
  return result;
}

async function buildFromUploads(req: BuildRequest, stage: (s: BuildStage) => void, options: { audit?: boolean; pack?: boolean }): Promise<BuildResult> {
  const files: BuildResult['files'] = {
    dataset: req.dataset.name,
    ...(req.previous ? { previous: req.previous.name } : {}),
    ...(req.style ? { style: { name: req.style.name, used: false } } : {}),
    attachments: req.attachments.map((a) => ({ name: a.name, used: false })),
  };
  const empty = (issues: Issue[], kind?: string): BuildResult => ({
    ...(kind ? { kind } : {}),
    title: '',
    doc: null,
    draft: false,
    issues: sortIssues(issues),
    figures: {},
    files,
    exportable: { dataset: false, previous: false },
  });
  stage('read');
  let loaded: Loaded;
  try {
    loaded = await loadUpload(req.dataset, req.zip);
  } catch (e) {
    return empty(readIssues(e));
  }
  const kind = (loaded.value as { kind?: unknown } | null)?.kind;
  const kindName = typeof kind === 'string' ? kind : undefined;
  let previous: Loaded | undefined;
  if (req.previous) {
    try {
      previous = await loadUpload(req.previous, req.zip);
    } catch (e) {
      return empty(readIssues(e), kindName);
    }
  }
  // The style file chosen on its own serves a final-accounts report (the other kinds have no style).
  let style: Loaded | undefined;
  if (req.style && kind === 'final-accounts') {
    try {
      style = await loadUpload(req.style, req.zip);
    } catch (e) {
      return empty(readIssues(e), kindName);
    }
    files.style!.used = true;
  }
  const byName = attachmentIndex(loaded, req.attachments, !!style);
  const linkedLoaded = new Map<number, Loaded>();
  const linked = await loadLinkedReportsWith(loaded, async (report) => {
    const hit = byName.get(report);
    if (!hit) return undefined;
    const at = files.attachments.find((a) => a.name === hit.upload.name);
    if (at) at.used = true;
    const l = await loadUpload(hit.upload, req.zip);
    linkedLoaded.set(hit.index, l);
    return l;
  });

  stage('compose');
  // One template set per process: its compiled templates are kept with it (render/engine.ts), and a
  // warm worker process builds one upload after another.
  const templates = (defaultTemplates ??= loadTemplates());
  const built = buildReportDoc(loaded, templates, { ...(previous ? { previous } : {}), draft: true, audit: options.audit === true, linked, ...(style ? { style } : {}) });
  const issues = built.issues.map(forThePage);
  const exportable = {
    dataset: !!kindName && !!findWorkbook(kindName) && extname(req.dataset.name).toLowerCase() === '.json',
    previous: !!previous && !!findWorkbook(String((previous.value as { kind?: unknown } | null)?.kind ?? '')),
  };
  if (!built.doc) return { ...empty(issues, kindName), exportable };
  const doc = built.doc;
  // The narrative kinds have no audit of their own in the pipeline; the same audit serves them.
  const audit = options.audit ? (built.audit ?? auditReport(doc, { input: loaded.value, sourceMap: loaded.sourceMap }, { dataset: loaded.sourceMap.file })) : undefined;
  stage('pack');
  const docx = options.pack === false ? undefined : await packReport(doc);
  return {
    ...(kindName ? { kind: kindName } : {}),
    title: doc.properties.title,
    doc,
    draft: !!built.draft,
    issues,
    ...(docx ? { docx } : {}),
    ...(audit ? { audit } : {}),
    figures: figureTraces(doc, new Locator(loaded, previous, linkedLoaded)),
    files,
    ...(built.style ? { style: styleUsed(built)! } : {}),
    exportable,
  };
}

/** What the result page needs besides the build: known to the server when the build is started. */
export interface PageRequest {
  chrome: PageChrome;
  /** The job's id, which the page's links carry. */
  id: string;
  /** LibreOffice is installed: the page offers the PDF. */
  pdf: boolean;
  pdfHint: string;
}

/**
 * What the server keeps of a build: the result page already rendered, the DOCX as it is downloaded,
 * and what the routes ask. Made in the build's process, so the server neither renders
 * the page nor holds the document model (about 1 MB of objects a build): it sends bytes. The page
 * is kept gzipped (151 KB of HTML for the Laiwu report is 26 KB): sent as it is to a browser that
 * accepts gzip (all do), unpacked for a client that does not. The audit files are not made here:
 * runWebAudit makes them from the kept uploads when one is asked for.
 */
export interface ServedResult {
  kind?: string;
  title: string;
  draft: boolean;
  /** A document was made (a report or a draft): its downloads exist. */
  hasDoc: boolean;
  docx?: Uint8Array;
  exportable: { dataset: boolean; previous: boolean };
  /** The result page's HTML, gzipped. */
  pageGz: Uint8Array;
}

/** The buffer result pages are encoded into, reused: a process builds one page at a time. */
let pageScratch: Buffer = Buffer.allocUnsafe(1 << 18);

/**
 * A page's pieces as UTF-8, gzipped. Each piece is written into a reused buffer: no flat copy of
 * the whole page and no fresh buffer per page (fresh memory is slow to touch on small machines).
 * Level 1: a third faster than the default for these texts, and the page still about 30 KB.
 */
export function gzipPieces(pieces: readonly string[]): Uint8Array {
  let at = 0;
  for (const piece of pieces) ({ buf: pageScratch, at } = writeUtf8Into(pageScratch, at, piece));
  const gz = new Uint8Array(gzipSync(pageScratch.subarray(0, at), { level: 1 }));
  // A very long page (a table of thousands of rows) does not keep its buffer for the process's life.
  if (pageScratch.length > 1 << 22) pageScratch = Buffer.allocUnsafe(1 << 18);
  return gz;
}

export function servedResult(r: BuildResult, page: PageRequest): ServedResult {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { resultPageParts } = require('./views') as typeof import('./views');
  return {
    ...(r.kind ? { kind: r.kind } : {}),
    title: r.title,
    draft: r.draft,
    hasDoc: !!r.doc,
    ...(r.docx ? { docx: r.docx } : {}),
    exportable: r.exportable,
    pageGz: gzipPieces(resultPageParts(page.chrome, r, { id: page.id, pdf: page.pdf, pdfHint: page.pdfHint })),
  };
}

/** The name a result's downloads share: the report's title, （草稿） for a draft. */
export const documentName = (r: { title: string; draft: boolean }) => `${safeFileName(r.title || '报告')}${r.draft ? '（草稿）' : ''}`;

/**
 * The numbers audit of a build, as the file downloaded: JSON (<title>.audit.json, gzipped) or the workbook
 * (数字来源表). Made from the uploads the result was built from, built again: the build is pure,
 * so this is the audit of the very document the writer downloaded. null when no document is made.
 */
export async function runWebAudit(req: BuildRequest, format: 'json' | 'xlsx'): Promise<{ bytes: Uint8Array } | null> {
  // Asked for once per result and needing no DOCX: built apart, not packed, not kept.
  const r = await buildFromUploads(req, () => {}, { audit: true, pack: false });
  if (!r.audit || !r.doc) return null;
  const document = `${documentName(r)}.docx`;
  // The JSON gzipped, as the result page is kept (app.ts sends it as it is, or unpacked).
  if (format === 'json') return { bytes: new Uint8Array(gzipSync(JSON.stringify({ document, ...r.audit }, null, 2) + '\n', { level: 1 })) };
  // Required lazily: a build's worker does not load exceljs unless an audit workbook is asked for.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { auditWorkbook } = require('../audit/xlsx') as typeof import('../audit/xlsx');
  return { bytes: new Uint8Array(await auditWorkbook(r.audit, r.doc, document)) };
}

/** A dataset upload written as a filled workbook (export); data issues come back instead of bytes. */
export async function runWebExport(file: UploadFile, zip: ZipLimits): Promise<{ bytes: Uint8Array; name: string } | { issues: Issue[] }> {
  let loaded: Loaded;
  try {
    loaded = await loadUpload(file, zip);
  } catch (e) {
    return { issues: readIssues(e) };
  }
  try {
    const r = await exportDataset(loaded, file.name);
    if (!r.ok) return { issues: r.issues };
    return { bytes: r.bytes, name: `${basename(file.name, extname(file.name))}.xlsx` };
  } catch (e) {
    return { issues: readIssues(e) };
  }
}

/** A blank workbook of a kind (init), with the district and year filled in when given. */
export async function runWebBlank(kind: string, district?: string, year?: number): Promise<{ bytes: Uint8Array; name: string }> {
  const spec = findWorkbook(kind);
  if (!spec) throw new FiscalError(`没有“${kind}”的工作簿`, [], 2);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildWorkbook } = require('../workbook/build') as typeof import('../workbook/build');
  const bytes = await buildWorkbook(spec, { prefill: spec.prefill?.({ district, year }) ?? {} });
  return { bytes, name: `${safeFileName(spec.fileName({ district, year }))}.xlsx` };
}
