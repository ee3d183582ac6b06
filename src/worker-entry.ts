import { join } from 'node:path';

declare const FISCAL_REPORT_BUNDLE: boolean | undefined;

/**
 * Loads a worker bundle with a V8 code cache beside it (bin/load-bundle.js, as the CLI loads its
 * own): a worker then starts in about half the time and runs its first task from compiled code.
 * Without a usable cache, the worker writes one after its first task (batch/worker.ts,
 * web/build-worker.ts), so that the cache holds the functions a build runs.
 */
const BUNDLE_LOADER = `
const { threadId, workerData } = require('node:worker_threads');
const { saveCache } = require(workerData.loader).loadBundle(workerData.file, threadId);
if (saveCache) globalThis.__fiscalReportSaveCodeCache = saveCache;
`;

export interface WorkerEntry {
  script: string;
  eval: boolean;
  execArgv: string[];
  bundle?: { file: string; loader: string };
}

/**
 * The script of the worker `name` in `dir` (the caller's __dirname): its bundle beside the CLI
 * bundle (dist/bundle), through the loader above; the compiled .js from dist; or the .ts through
 * tsx when running from source (tests).
 */
export function workerEntry(dir: string, name: string): WorkerEntry {
  if (typeof FISCAL_REPORT_BUNDLE !== 'undefined' && FISCAL_REPORT_BUNDLE)
    return { script: BUNDLE_LOADER, eval: true, execArgv: [], bundle: { file: join(dir, `${name}.cjs`), loader: join(dir, '..', '..', 'bin', 'load-bundle.js') } };
  if (__filename.endsWith('.ts')) return { script: join(dir, `${name}.ts`), eval: false, execArgv: ['--require', 'tsx/cjs'] };
  return { script: join(dir, `${name}.js`), eval: false, execArgv: [] };
}

/** The environment variable that starts the CLI (bin/fiscal-report.js) as a worker process: the worker's name. */
export const WORKER_PROCESS_ENV = 'FISCAL_REPORT_WORKER_PROCESS';

export interface ProcessEntry {
  command: string;
  args: string[];
  /** Added to the environment: which worker to run. */
  env: Record<string, string>;
}

/** Running as a single executable (scripts/sea-main.js): the executable takes no script argument. */
function isSea(): boolean {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('node:sea') as { isSea(): boolean }).isSea();
  } catch {
    return false;
  }
}

/**
 * How to start the worker `name` of `dir` as a process of its own (web/jobs.ts): through the CLI's
 * launcher when bundled (it loads `name`.cjs with its code cache, also inside the single
 * executable), else the compiled .js, or the .ts through tsx from source (tests). The worker sees
 * WORKER_PROCESS_ENV and answers on its IPC channel.
 */
export function processEntry(dir: string, name: string): ProcessEntry {
  const env = { [WORKER_PROCESS_ENV]: name };
  if (typeof FISCAL_REPORT_BUNDLE !== 'undefined' && FISCAL_REPORT_BUNDLE)
    return { command: process.execPath, args: isSea() ? [] : [join(dir, '..', '..', 'bin', 'fiscal-report.js')], env };
  if (__filename.endsWith('.ts')) return { command: process.execPath, args: ['--require', 'tsx/cjs', join(dir, `${name}.ts`)], env };
  return { command: process.execPath, args: [join(dir, `${name}.js`)], env };
}
