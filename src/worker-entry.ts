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
