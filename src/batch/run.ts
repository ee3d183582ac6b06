import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { formatIssue, type Issue } from '../model/issue';
import { writeFileAtomic, removeStaleTemporaries } from '../write/atomic';
import { OutputDir, type WriteOutcome } from '../write/outputs';
import { packageRoot } from '../load/package-root';
import { VERSION } from '../cli/help';
import { loadBatchConfig, type BatchConfig, type ResolvedJob } from './config';
import { displayPath, hashTemplates, runJobTask, type JobOutcome, type JobTask } from './job';
import { WorkerPool, WORKER_DEPTH } from './pool';
import { youngGenerationCapped } from '../heap';
import { createProgress, STATUS_ZH, type Counts, type JobStatus } from './progress';
import { table } from './text';

/**
 * The batch builder: every job of a config, in parallel on worker threads; incremental (a job
 * whose inputs are unchanged is skipped); one failing job never stops the others. Workers only
 * read and compute; this thread alone writes, atomically, through one OutputDir per directory,
 * so manifests are never raced and a writer's edited draft is never overwritten. The writes wait
 * for the disk on libuv's threads (OutputDir.writeAllAsync), not in this one.
 */

export interface BatchOptions {
  force?: boolean;
  /** Reports built at once; default: the config's `concurrency`, else the number of cores. */
  concurrency?: number;
  /**
   * Whether this thread builds too (concurrency − 1 worker threads then) or only worker threads do;
   * default: when this thread's young generation is capped (heap.ts youngGenerationCapped).
   */
  buildHere?: boolean;
  /** Where to write the JSON summary instead of the config's. */
  summary?: string;
  allowAbsolutePaths?: boolean;
  /** A terminal: draw a progress bar on `stream` instead of log lines. */
  tty?: boolean;
  stream?: NodeJS.WriteStream;
  log: (s: string) => void;
  error: (s: string) => void;
}

export interface JobSummary {
  name: string;
  dataset: string;
  out: string;
  status: JobStatus;
  /** Why a job was not built: its inputs were unchanged since its recorded outputs. */
  reason?: 'inputs-unchanged' | 'same-bytes';
  ms: number;
  outputs: { file: string; status: WriteOutcome['status']; editedFile?: string }[];
  /** The first error, located, for a failed job; the number of errors and warnings. */
  error?: { code: string; message: string; text: string; file?: string; path?: string; line?: number; column?: number; sheet?: string; cell?: string };
  errors: number;
  warnings: number;
}

export interface BatchSummary {
  tool: 'fiscal-report';
  version: string;
  config: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  force: boolean;
  concurrency: number;
  /** Who built: this thread too (with its young generation capped, heap.ts) or worker threads only, and how many of those. */
  builders: { thisThread: boolean; workerThreads: number };
  exitCode: number;
  /** Peak resident memory of the batch process, workers included (threads share it), in KiB. */
  peakRssKb: number;
  counts: Omit<Counts, 'done'>;
  jobs: JobSummary[];
}

const h = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * The tool's identity for incremental builds: its version, its code and the versions of the
 * libraries that shape the output. A rebuilt tool rebuilds every report.
 */
export function toolFingerprint(): string {
  const hash = createHash('sha256').update(`fiscal-report ${VERSION}\0`);
  const codeRoot = __filename.endsWith('.cjs') ? null : join(__dirname, '..');
  const files = (dir: string): string[] =>
    readdirSync(dir)
      .sort()
      .flatMap((n) => {
        const f = join(dir, n);
        return statSync(f).isDirectory() ? files(f) : /\.(js|ts|cjs|json)$/.test(n) ? [f] : [];
      });
  for (const f of codeRoot ? files(codeRoot) : [__filename]) hash.update(f.slice(codeRoot?.length ?? 0)).update(readFileSync(f));
  // The DOCX package's shared parts are in src/docx/parts.generated.json (hashed above), its
  // compression is Node's zlib: another zlib may compress to other bytes.
  hash.update(`zlib@${process.versions.zlib}\0`);
  for (const dep of ['handlebars', 'markdown-it', 'fflate', 'zod', 'decimal.js']) {
    try {
      hash.update(`${dep}@${(JSON.parse(readFileSync(join(packageRoot(), 'node_modules', dep, 'package.json'), 'utf8')) as { version: string }).version}\0`);
    } catch {
      /* bundled: the bundle's bytes above cover it */
    }
  }
  return hash.digest('hex');
}

/**
 * Jobs under way at once per thread that builds: the one it runs, those it holds, and the rest
 * built and being written. Measured on 300 jobs with every fsync slowed to 8 ms: 4 took 9.4 s,
 * 8 9.1 s, 16 7.6–8.1 s, no bound 8.0–8.5 s. On an ordinary disk, 16 was still too few: a job's
 * three files take about fifteen steps on this thread, each waiting for its current build, so the
 * written jobs held the bound and the worker waited for jobs (see pool.ts WORKER_DEPTH). 64 waiting
 * reports of ordinary length are a few MB (a batch of 1,000 peaked the same, 241–249 MB).
 */
export const JOBS_UNDER_WAY_PER_THREAD = 32;

/** At most `n` holders at a time; the others wait, first come first served. */
function limiter(n: number): { acquire(): Promise<void>; release(): void } {
  let free = n;
  const waiting: (() => void)[] = [];
  return {
    acquire: () => (free > 0 ? (free--, Promise.resolve()) : new Promise<void>((resolve) => waiting.push(resolve))),
    release: () => {
      const next = waiting.shift();
      if (next) next();
      else free++;
    },
  };
}

/**
 * Hands each job to the first free builder: a worker thread with nothing to do, else this thread
 * (one job at a time, between which the event loop takes the workers' results and the writes'
 * completions), else a worker's second place (each holds its running job and the next:
 * WORKER_DEPTH). So a batch of as few jobs as builders builds them all at once.
 */
export function builders(
  pool: Pick<WorkerPool, 'run'> | null,
  workers: number,
  buildHere: boolean,
  buildOnThisThread: (task: JobTask) => Promise<JobOutcome> = runJobTask,
): (task: JobTask, onStart: () => void) => Promise<JobOutcome> {
  const waiting: { task: JobTask; onStart: () => void; resolve: (r: JobOutcome) => void }[] = [];
  // Whether this thread is building a job (or is not a builder at all).
  let here = !buildHere;
  let inPool = 0;
  const toPool = () => {
    const w = waiting.shift()!;
    inPool++;
    void pool!.run(w.task, w.onStart).then((r) => {
      inPool--;
      w.resolve(r);
      dispatch();
    });
  };
  const dispatch = (): void => {
    // The pool gives each worker one job before any gets a second (pool.ts pump).
    while (waiting.length && pool && inPool < workers) toPool();
    if (waiting.length && !here) {
      const w = waiting.shift()!;
      here = true;
      setImmediate(() => {
        Promise.resolve()
          .then(() => (w.onStart(), buildOnThisThread(w.task)))
          .catch((e: Error): JobOutcome => ({ status: 'failed', issues: [], message: e.message, ms: 0 }))
          .then((r) => {
            here = false;
            w.resolve(r);
            dispatch();
          });
      });
    }
    while (waiting.length && pool && inPool < workers * WORKER_DEPTH) toPool();
  };
  return (task, onStart) =>
    new Promise((resolve) => {
      waiting.push({ task, onStart, resolve });
      dispatch();
    });
}

function firstError(issues: Issue[]): Issue | undefined {
  return issues.find((i) => i.severity === 'error') ?? issues[0];
}

/** Runs a batch config; returns the exit code (0 all good, 1 some job failed) and the summary. */
export async function runBatch(configFile: string, options: BatchOptions): Promise<{ code: number; summary: BatchSummary }> {
  const startedAt = new Date();
  const cfg: BatchConfig = loadBatchConfig(configFile, { allowAbsolutePaths: !!options.allowAbsolutePaths });
  const concurrency = Math.max(1, Math.min(options.concurrency ?? cfg.concurrency, cfg.jobs.length));
  const tool = toolFingerprint();

  const dirs = new Map<string, OutputDir>();
  const outputDir = (dir: string) => {
    let od = dirs.get(dir);
    if (!od) {
      removeStaleTemporaries(dir); // left by a run that was killed mid-write
      od = new OutputDir(dir);
      dirs.set(dir, od);
    }
    return od;
  };
  const templateHashes = new Map<string, string>();
  const templatesHash = (dir?: string) => {
    const key = dir ?? '';
    if (!templateHashes.has(key)) templateHashes.set(key, hashTemplates(dir));
    return templateHashes.get(key)!;
  };

  const counts: Counts = { total: cfg.jobs.length, done: 0, built: 0, unchanged: 0, kept: 0, failed: 0 };
  const progress = createProgress({ tty: !!options.tty, ...(options.stream ? { stream: options.stream } : {}), log: options.log, error: options.error, total: counts.total });
  const summaries: JobSummary[] = new Array(cfg.jobs.length);
  /** Files written in this run, by absolute path → job: two jobs must not write the same file. */
  const claimed = new Map<string, string>();

  const finish = (job: ResolvedJob, s: JobSummary) => {
    summaries[job.index] = s;
    counts.done++;
    counts[s.status]++;
    const where = s.outputs.map((o) => displayPath(o.file)).join('、');
    let line = `${STATUS_ZH[s.status]}  ${job.name}`;
    if (s.status === 'failed') line += `：${s.error?.text ?? '未知错误'}`;
    else if (s.status === 'kept') line += ` → ${where}（${s.outputs.filter((o) => o.editedFile).map((o) => displayPath(o.editedFile!)).join('、')} 已被修改，未覆盖）`;
    else if (s.reason === 'inputs-unchanged') line += '（输入未变化，跳过）';
    else line += ` → ${where}`;
    progress.finished(job.name, s.status, line, counts);
  };

  const settle = async (job: ResolvedJob, od: OutputDir, r: JobOutcome): Promise<JobSummary> => {
    const base = { name: job.name, dataset: job.dataset, out: job.out, ms: r.ms, outputs: [] as JobSummary['outputs'], errors: 0, warnings: 0 };
    if (r.status === 'skipped') {
      const rec = od.job(job.name);
      return { ...base, status: 'unchanged', reason: 'inputs-unchanged', outputs: (rec?.outputs ?? []).map((n) => ({ file: join(job.out, n), status: 'unchanged' as const })) };
    }
    if (r.status === 'failed') {
      const first = firstError(r.issues);
      const text = first ? formatIssue(first) : r.message;
      return {
        ...base,
        status: 'failed',
        errors: Math.max(1, r.issues.filter((i) => i.severity === 'error').length),
        warnings: r.issues.filter((i) => i.severity === 'warning').length,
        error: { code: first?.code ?? 'error', message: first?.message ?? r.message, text, ...(first?.place ?? {}) },
      };
    }
    // Built: write the reports, never over another job's file of this run nor a writer's edits;
    // the job's key is recorded with them, so a rerun skips it.
    const outputs: JobSummary['outputs'] = [];
    try {
      for (const o of r.outputs) {
        const target = join(job.out, o.name);
        const other = claimed.get(target);
        if (other && other !== job.name) throw new Error(`输出文件 ${displayPath(target)} 与任务“${other}”的输出同名：请为两个任务指定不同的输出目录（out）。`);
        claimed.set(target, job.name);
      }
      const written = await od.writeAllAsync(r.outputs.map((o) => ({ name: o.name, data: o.bytes })), {}, { name: job.name, key: r.key });
      for (const w of written) outputs.push(w.status === 'kept' ? { file: w.file, status: w.status, editedFile: w.editedFile } : { file: w.file, status: w.status });
    } catch (e) {
      const message = (e as Error).message;
      const issue: Issue = { code: 'write', severity: 'error', message, place: { file: displayPath(job.out) } };
      return { ...base, outputs, status: 'failed', errors: 1, warnings: r.warnings.length, error: { code: 'write', message, text: formatIssue(issue), file: displayPath(job.out) } };
    }
    const status: JobStatus = outputs.some((o) => o.status === 'kept') ? 'kept' : outputs.some((o) => o.status === 'written') ? 'built' : 'unchanged';
    return { ...base, outputs, status, ...(status === 'unchanged' ? { reason: 'same-bytes' as const } : {}), warnings: r.warnings.length };
  };

  // This thread builds too, one job at a time, and concurrency − 1 worker threads beside it, where
  // its young generation is capped (bin/fiscal-report.js starts `batch` so): measured on 1,000
  // generated datasets with two builders, two worker threads took 10.5 s (peak 241 MB), this thread
  // and one worker 8.3 s (221 MB); it runs jobs while the worker warms up, and one fewer thread
  // compiles its code. Without the cap, worker threads only. Whichever builder is free takes the next job.
  const here = concurrency === 1 || (options.buildHere ?? youngGenerationCapped());
  const workers = here ? concurrency - 1 : concurrency;
  const pool = workers > 0 ? new WorkerPool(workers) : null;
  const execute = builders(pool, workers, here);
  // A job built and not yet written holds its reports in memory: when the disk is slower than the
  // workers (a network share), no more jobs than this are under way, handed out or being written.
  const underWay = limiter(JOBS_UNDER_WAY_PER_THREAD * concurrency);
  try {
    await Promise.all(
      cfg.jobs.map(async (job) => {
        const od = outputDir(job.out);
        const rec = od.job(job.name);
        const task: JobTask = { job, force: !!options.force, tool, templatesHash: templatesHash(job.templates) };
        if (rec && rec.outputs.every((n) => existsSync(join(job.out, n)))) task.recordedKey = rec.key;
        await underWay.acquire();
        try {
          const r = await execute(task, () => progress.started(job.name)).catch((e: Error): JobOutcome => ({ status: 'failed', issues: [], message: e.message, ms: 0 }));
          finish(job, await settle(job, od, r));
        } finally {
          underWay.release();
        }
      }),
    );
  } finally {
    progress.end();
    await pool?.close();
  }

  const finishedAt = new Date();
  const exitCode = counts.failed ? 1 : 0;
  const summary: BatchSummary = {
    tool: 'fiscal-report',
    version: VERSION,
    config: cfg.file,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    force: !!options.force,
    concurrency,
    builders: { thisThread: here, workerThreads: workers },
    exitCode,
    peakRssKb: process.resourceUsage().maxRSS,
    counts: { total: counts.total, built: counts.built, unchanged: counts.unchanged, kept: counts.kept, failed: counts.failed },
    jobs: summaries,
  };
  const summaryFile = options.summary ?? cfg.summary;
  writeFileAtomic(summaryFile, JSON.stringify(summary, null, 2) + '\n');
  options.log(summaryTable(summary));
  options.log(`汇总文件：${displayPath(summaryFile)}`);
  return { code: exitCode, summary };
}

/** The table printed at the end: counts, then every failed and kept job (all jobs when few). */
export function summaryTable(s: BatchSummary): string {
  const out: string[] = [];
  out.push(`批量生成完成：共 ${s.counts.total} 个任务，用时 ${(s.durationMs / 1000).toFixed(1)} 秒（${s.concurrency} 个并行）`);
  out.push(
    table(
      ['结果', '任务数'],
      (['built', 'unchanged', 'kept', 'failed'] as const).map((k) => [STATUS_ZH[k], String(s.counts[k])]),
    ),
  );
  const listAll = s.jobs.length <= 30;
  const rows = s.jobs
    .filter((j) => listAll || j.status === 'failed' || j.status === 'kept')
    .map((j) => {
      let note = '';
      if (j.status === 'failed') note = j.error?.text ?? '';
      else if (j.status === 'kept') note = j.outputs.filter((o) => o.editedFile).map((o) => `${displayPath(o.editedFile!)} 已被修改，新稿另存为 ${displayPath(o.file)}`).join('；');
      else if (j.reason === 'inputs-unchanged') note = '输入未变化，跳过';
      else note = j.outputs.map((o) => displayPath(o.file)).join('、');
      return [j.name, STATUS_ZH[j.status], note];
    });
  if (rows.length) {
    out.push('');
    out.push(table(['任务', '结果', listAll ? '说明' : '说明（仅列出失败和保留原稿的任务）'], rows, 160));
  }
  return out.join('\n');
}
