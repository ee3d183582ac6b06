import { statSync } from 'node:fs';
import { workerEntry } from '../worker-entry';

/**
 * A dataset file this large (about 25,000 table rows of JSON; a workbook, LARGE_WORKBOOK_BYTES) is built in a worker thread, the
 * command's own work moved whole: a thread's young generation can be capped where the main
 * thread's cannot (V8 sizes it when the process starts). Building a 100,000-row table, V8 grew the
 * main thread's young generation to about 100 MB; capped at 16 MB the build peaks at about 500 MB
 * instead of 610–670 MB, taking about a fifth longer. Ordinary datasets (tens of KB) stay on the
 * main thread, which starts quicker.
 */
export const LARGE_DATASET_BYTES = 2 << 20;
/** The same for a workbook, about as many rows: a workbook's table rows take about 40 bytes each (compressed), JSON's about 80. */
export const LARGE_WORKBOOK_BYTES = 1 << 20;
const YOUNG_MB = 16;

/** workerData.role of the CLI run in a worker thread (cli/index.ts starts it). */
export const LARGE_BUILD_ROLE = 'fiscal-report-large-build';

/**
 * Set in the large build's worker thread only (its own copy of the environment): the CLI module
 * learns it runs there without loading node:worker_threads, which an ordinary build does not need
 * (loading it took about 5 ms of a cold build, module graph and all).
 */
export const LARGE_BUILD_ENV = 'FISCAL_REPORT_LARGE_BUILD_THREAD';

type WorkerThreads = typeof import('node:worker_threads');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const workerThreads = (): WorkerThreads => require('node:worker_threads') as WorkerThreads;

/** The CLI's work handed to it when this is the large build's worker thread, else null. */
export function largeBuildThread(): { argv: string[]; port: import('node:worker_threads').MessagePort } | null {
  if (process.env[LARGE_BUILD_ENV] !== '1') return null;
  const { isMainThread, parentPort, workerData } = workerThreads();
  if (isMainThread || !parentPort || (workerData as { role?: string } | undefined)?.role !== LARGE_BUILD_ROLE) return null;
  return { argv: (workerData as { argv: string[] }).argv, port: parentPort };
}

type Out = { log: (s: string) => void; error: (s: string) => void };

/** The dataset file's size as a share of the size built in a worker thread; 0 for a file not there (the build itself reports it). */
function shareOfLarge(file: string): number {
  try {
    return statSync(file).size / (/\.xlsx$/i.test(file) ? LARGE_WORKBOOK_BYTES : LARGE_DATASET_BYTES);
  } catch {
    return 0;
  }
}

/**
 * Whether `build` of this dataset file should favour memory over speed (heap.ts favourMemory): a file
 * an eighth of the size that goes to a worker thread (some 3,000 table rows of JSON). An ordinary
 * report peaks at a few tens of MB with or without it, and leaving it unset spares a start node:v8.
 */
export const favoursMemory = (file: string): boolean => shareOfLarge(file) >= 1 / 8;

/** Whether `build` of this dataset file goes to a worker thread: a large file, not already in that thread. */
export const buildsInWorker = (file: string): boolean => !largeBuildThread() && shareOfLarge(file) >= 1;

/**
 * Runs the command line `argv` (a `build`) in a worker thread: its lines come back to `out` in
 * order, its exit code is the result. An error that escapes the worker's own handling rejects.
 */
export function runInWorker(argv: readonly string[], out: Out): Promise<number> {
  const entry = workerEntry(__dirname, 'index');
  return new Promise((resolve, reject) => {
    const worker = new (workerThreads().Worker)(entry.script, {
      eval: entry.eval,
      env: { ...process.env, [LARGE_BUILD_ENV]: '1' },
      workerData: { role: LARGE_BUILD_ROLE, argv: [...argv], ...entry.bundle },
      execArgv: entry.execArgv,
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB },
    });
    let code: number | null = null;
    let failed: unknown = null;
    worker.on('message', (m: { log?: string; error?: string; code?: number }) => {
      if (m.log !== undefined) out.log(m.log);
      else if (m.error !== undefined) out.error(m.error);
      else if (m.code !== undefined) code = m.code;
    });
    worker.on('error', (e) => (failed = e));
    worker.on('exit', (exit) => {
      if (code !== null) resolve(code);
      else reject(failed ?? new Error(`生成报告的工作线程意外退出（退出码 ${exit}）`));
    });
  });
}
