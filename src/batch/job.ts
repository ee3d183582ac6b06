import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { errorsSummary, FiscalError, type Issue } from '../model/issue';
import { parseJsonBytes, type Loaded } from '../load/json';
import { loadDatasetFile } from '../load/dataset';
import { linkedEntries, loadLinkedReports, STYLE_ENTRY } from '../load/linked';
import { DEFAULT_TEMPLATES, loadTemplates } from '../load/templates';
import { packReport } from '../docx/pack';
import { safeFileName } from '../write/outputs';
import { internalErrorLine, writeErrorLog } from '../write/error-log';
import { VERSION } from '../cli/help';
import type { TemplateSet } from '../render/engine';
import type { ResolvedJob } from './config';
import { isKind, REPORT_KINDS, type KindId } from './kinds';

/**
 * One batch job, as a worker runs it: read the inputs, compute their key, and either say they are
 * unchanged since the recorded build or build every report. Nothing is written here: the bytes go
 * back to the main thread, the only writer of output directories and their manifests.
 */

export interface JobTask {
  job: ResolvedJob;
  /** The key recorded by the last successful build of this job, if all its outputs still exist. */
  recordedKey?: string;
  force: boolean;
  /** Tool version and code identity: a new version rebuilds everything. */
  tool: string;
  /** Hash of the template set the job uses (defaults plus its override directory). */
  templatesHash: string;
}

export interface BuiltOutput {
  kind: KindId;
  /** File name in the job's output directory (from the report title). */
  name: string;
  bytes: Uint8Array;
}

export type JobOutcome =
  | { status: 'skipped'; key: string; ms: number }
  | { status: 'built'; key: string; outputs: BuiltOutput[]; warnings: Issue[]; ms: number }
  | { status: 'failed'; key?: string; issues: Issue[]; message: string; ms: number };

export const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

/** A path as messages show it: relative to the working directory when inside it. */
export function displayPath(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel && !rel.startsWith('..') ? rel : p;
}

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = join(dir, name);
      return statSync(full).isDirectory() ? walk(full) : [full];
    });
}

/** The hash of a template set: every file's relative name and bytes, defaults then the override. */
export function hashTemplates(overrideDir?: string): string {
  const h = createHash('sha256');
  for (const dir of overrideDir ? [DEFAULT_TEMPLATES, overrideDir] : [DEFAULT_TEMPLATES]) {
    h.update(`dir\0${dir === DEFAULT_TEMPLATES ? 'default' : 'override'}\0`);
    let files: string[] = [];
    try {
      files = walk(dir);
    } catch {
      h.update('missing\0'); // the job reports the missing directory itself
    }
    for (const f of files) h.update(`${relative(dir, f).split(sep).join('/')}\0`).update(readFileSync(f)).update('\0');
  }
  return h.digest('hex');
}

/** The key of a job's inputs: when it equals the recorded one, the outputs are up to date. */
export function inputKey(parts: { tool: string; dataset: Uint8Array; previous?: Uint8Array; attached?: Uint8Array[]; style?: Uint8Array; templatesHash: string; kinds?: readonly string[] }): string {
  return sha256(
    JSON.stringify({
      v: 1,
      tool: parts.tool,
      dataset: sha256(parts.dataset),
      previous: parts.previous ? sha256(parts.previous) : null,
      attached: (parts.attached ?? []).map(sha256),
      style: parts.style ? sha256(parts.style) : null,
      templates: parts.templatesHash,
      kinds: parts.kinds ?? null,
    }),
  );
}

function whyUnreadable(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? '文件不存在' : code === 'EISDIR' ? '这是一个目录，不是文件' : code === 'EACCES' ? '没有读取权限' : String(code);
}

function readInput(file: string, what: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (e) {
    const why = whyUnreadable(e);
    throw new FiscalError(`无法读取${what} ${displayPath(file)}：${why}`, [
      { code: 'file-read', severity: 'error', message: `无法读取${what}：${why}。请检查批量配置中的路径。`, place: { file: displayPath(file) } },
    ]);
  }
}

/** The job's house-style file (config `style`): unreadable, it fails the job at the config entry naming it. */
function readStyle(job: ResolvedJob & { style: string }): Uint8Array {
  try {
    return readFileSync(job.style);
  } catch (e) {
    const why = whyUnreadable(e);
    const file = displayPath(job.style);
    const fix = '请检查批量配置中的 style：路径相对于配置文件所在目录';
    throw new FiscalError(`无法读取格式文件 ${file}：${why}`, [
      { code: 'style-file', severity: 'error', message: `无法读取格式文件“${file}”（${why}）：${fix}。`, place: job.stylePlace ?? { file }, actual: file, fix },
    ]);
  }
}

async function load(file: string, bytes: Uint8Array): Promise<Loaded> {
  // JSON from the bytes already read (and hashed); other formats through their loaders.
  if (extname(file).toLowerCase() === '.json') return parseJsonBytes(bytes, displayPath(file));
  return loadDatasetFile(file);
}

/**
 * The files the dataset names beside itself (attached reports, the house-style file): inputs of the
 * job. Not the dataset's style file when the job names one of its own, which overrides it.
 */
function attachedFiles(loaded: Loaded, file: string, ownStyle: boolean): string[] {
  return linkedEntries(loaded)
    .filter((e) => !(ownStyle && e.index === STYLE_ENTRY))
    .map((e) => resolve(dirname(file), e.report));
}

const templateSets = new Map<string, TemplateSet>();
/** Template sets are read once per worker and content (and compiled once, by the engine). */
function templatesFor(dir: string | undefined, hash: string): TemplateSet {
  const key = `${dir ?? ''}\0${hash}`;
  let set = templateSets.get(key);
  if (!set) {
    set = loadTemplates(dir);
    templateSets.set(key, set);
  }
  return set;
}

/** Reports made in this worker, by their inputs (runJobTask), the last few dozen. */
const madeReports = new Map<string, { title?: string; bytes?: Uint8Array; issues: Issue[] }>();
const MAX_MADE = 32;
const MAX_MADE_BYTES = 1 << 20;

export async function runJobTask(task: JobTask): Promise<JobOutcome> {
  const started = performance.now();
  const ms = () => Math.round((performance.now() - started) * 10) / 10;
  const { job } = task;
  let key: string | undefined;
  try {
    const dataset = readInput(job.dataset, '数据文件');
    const previous = job.previous ? readInput(job.previous, '上年数据文件') : undefined;
    // Parsed before the skip decision: the reports it attaches are inputs of the job as well.
    const loaded = await load(job.dataset, dataset);
    const declared = (loaded.value as { kind?: unknown } | null)?.kind;
    // The config's style file serves final-accounts reports only (the other kinds have no style).
    const styleJob = job.style !== undefined && declared === 'final-accounts' ? (job as ResolvedJob & { style: string }) : undefined;
    const style = styleJob ? readStyle(styleJob) : undefined;
    const attached = attachedFiles(loaded, job.dataset, !!style).flatMap((f) => {
      try {
        return [readFileSync(f)];
      } catch {
        return []; // reported by the build, with the entry's place
      }
    });
    key = inputKey({ tool: task.tool, dataset, ...(previous ? { previous } : {}), attached, ...(style ? { style } : {}), templatesHash: task.templatesHash, ...(job.kinds ? { kinds: job.kinds } : {}) });
    if (!task.force && task.recordedKey === key) return { status: 'skipped', key, ms: ms() };

    const previousLoaded = previous && job.previous ? await load(job.previous, previous) : undefined;
    const styleLoaded = style && styleJob ? await load(styleJob.style, style) : undefined;
    const linked = await loadLinkedReports(loaded, job.dataset);
    const kinds: KindId[] = job.kinds ?? (isKind(declared) ? [declared] : ['final-accounts']);
    const templates = templatesFor(job.templates, task.templatesHash);
    const outputs: BuiltOutput[] = [];
    const warnings: Issue[] = [];
    for (const kind of kinds) {
      if (isKind(declared) && kind !== declared)
        return {
          status: 'failed',
          key,
          issues: [{ code: 'batch-kind', severity: 'error', message: `批量配置要求生成“${REPORT_KINDS[kind].name}”（${kind}），但数据文件的类型为 ${declared}：请改正配置中的 kinds，或换用对应的数据文件。`, place: loaded.sourceMap.locate(['kind']) }],
          message: `数据文件类型 ${declared} 与配置的 ${kind} 不符`,
          ms: ms(),
        };
      // The same inputs in the same places (another job of the batch naming them) are validated,
      // composed and written once per worker: the key hashes every input's bytes.
      const reuse = `${key}\0${kind}\0${[job.dataset, job.previous ?? '', styleJob?.style ?? '', job.templates ?? '', ...attachedFiles(loaded, job.dataset, !!style)].join('\0')}`;
      let made = madeReports.get(reuse);
      if (!made) {
        const { doc, issues } = REPORT_KINDS[kind].build(loaded, templates, { ...(previousLoaded ? { previous: previousLoaded } : {}), linked, ...(styleLoaded ? { style: styleLoaded } : {}) });
        made = doc ? { title: doc.properties.title, bytes: await packReport(doc), issues } : { issues };
        // Kept small: a report of a few hundred KB is worth keeping, a 100,000-row one is not.
        if ((made.bytes?.length ?? 0) <= MAX_MADE_BYTES) {
          if (madeReports.size >= MAX_MADE) madeReports.delete(madeReports.keys().next().value!);
          madeReports.set(reuse, made);
        }
      }
      // Copies: the worker transfers output bytes away, and the caller may change its issues.
      const issues = structuredClone(made.issues);
      if (!made.bytes) {
        return { status: 'failed', key, issues, message: `${errorsSummary(issues)}，未生成报告`, ms: ms() };
      }
      warnings.push(...issues);
      outputs.push({ kind, name: `${safeFileName(made.title || job.name)}.docx`, bytes: new Uint8Array(made.bytes) });
    }
    return { status: 'built', key, outputs, warnings, ms: ms() };
  } catch (e) {
    if (e instanceof FiscalError) return { status: 'failed', ...(key ? { key } : {}), issues: e.issues, message: e.message, ms: ms() };
    // The tool's fault, not the data's: one Chinese line, the details in a log file it names.
    const ctx = { argv: ['batch', `（任务“${job.name}”）`], target: displayPath(job.dataset), version: VERSION };
    const message = internalErrorLine(ctx, writeErrorLog(e, ctx), false);
    return {
      status: 'failed',
      ...(key ? { key } : {}),
      issues: [{ code: 'internal', severity: 'error', message, place: { file: displayPath(job.dataset) } }],
      message,
      ms: ms(),
    };
  }
}
