import { statSync } from 'node:fs';
import { isMainThread, Worker } from 'node:worker_threads';
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

type Out = { log: (s: string) => void; error: (s: string) => void };

/** Whether `build` of this dataset file goes to a worker thread: a large file, from the main thread. */
export function buildsInWorker(file: string): boolean {
  if (!isMainThread) return false;
  try {
    return statSync(file).size >= (/\.xlsx$/i.test(file) ? LARGE_WORKBOOK_BYTES : LARGE_DATASET_BYTES);
  } catch {
    return false; // the build itself reports a missing file
  }
}

/**
 * Runs the command line `argv` (a `build`) in a worker thread: its lines come back to `out` in
 * order, its exit code is the result. An error that escapes the worker's own handling rejects.
 */
export function runInWorker(argv: readonly string[], out: Out): Promise<number> {
  const entry = workerEntry(__dirname, 'index');
  return new Promise((resolve, reject) => {
    const worker = new Worker(entry.script, {
      eval: entry.eval,
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
