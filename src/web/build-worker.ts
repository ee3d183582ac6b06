import { runWebAudit, runWebBlank, runWebBuild, runWebExport, servedResult, type BuildRequest, type BuildStage, type PageRequest, type UploadFile } from './build';
import type { ZipLimits } from '../load/sniff';
import type { AdoptRequest } from './adopt';
import { WORKER_PROCESS_ENV } from '../worker-entry';

/** The worker's name (worker-entry.ts processEntry): its bundle, build-worker.cjs, and its file. */
export const WEB_WORKER_NAME = 'build-worker';

/** One piece of work for a worker process (processes are kept warm and run one task after another). */
export type WebTask =
  /** With `page`, the thread also renders the result page and the audit file, and sends those (not the document model). */
  | { type: 'build'; request: BuildRequest; page?: PageRequest }
  | { type: 'export'; file: UploadFile; zip: ZipLimits }
  | { type: 'blank'; kind: string; district?: string; year?: number }
  | { type: 'adopt'; request: AdoptRequest }
  /** The numbers audit of a finished build, made again from its uploads when a writer asks for it. */
  | { type: 'audit'; request: BuildRequest; format: 'json' | 'xlsx' };

/** 'taken': the worker has the task (a process that dies before saying so never started it). */
export type WorkerMessage = { type: 'taken' } | { type: 'stage'; stage: BuildStage } | { type: 'done'; result: unknown } | { type: 'failed'; message: string };

/** Runs the task, posting stages as it goes and the result at the end. */
export async function runTask(task: WebTask, post: (m: WorkerMessage) => void): Promise<void> {
  try {
    if (task.type === 'build') {
      const built = await runWebBuild(task.request, (stage) => post({ type: 'stage', stage }));
      if (task.page) {
        const result = servedResult(built, task.page);
        post({ type: 'done', result });
      } else post({ type: 'done', result: built });
    } else if (task.type === 'export') {
      const result = await runWebExport(task.file, task.zip);
      post({ type: 'done', result });
    } else if (task.type === 'audit') {
      const result = await runWebAudit(task.request, task.format);
      post({ type: 'done', result });
    } else if (task.type === 'adopt') {
      // Required lazily, as the build's modules are: a build's worker does not load the report reader.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { runWebAdopt } = require('./adopt') as typeof import('./adopt');
      post({ type: 'done', result: await runWebAdopt(task.request) });
    } else {
      const result = await runWebBlank(task.kind, task.district, task.year);
      post({ type: 'done', result });
    }
  } catch (e) {
    post({ type: 'failed', message: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) });
  }
}

/**
 * A worker process of the web server (jobs.ts): one task at a time from its IPC channel, the answer
 * on it. It ends with the channel (the server ended it, or the server itself ended).
 */
if (process.env[WORKER_PROCESS_ENV] === WEB_WORKER_NAME && process.send) {
  delete process.env[WORKER_PROCESS_ENV];
  const cache = globalThis as { __fiscalReportSaveCodeCache?: () => void };
  const send = (m: unknown) => new Promise<void>((resolve) => process.send!(m, undefined, {}, () => resolve()));
  process.on('message', ({ id, task }: { id: number; task: WebTask }) => {
    const sent: Promise<void>[] = [send({ type: 'taken', id })];
    void runTask(task, (m) => void sent.push(send({ ...m, id }))).then(async () => {
      await Promise.all(sent);
      // After the first build, the code cache (bin/fiscal-report.js loads the bundle through it) holds what a build runs.
      if (cache.__fiscalReportSaveCodeCache && task.type === 'build') {
        cache.__fiscalReportSaveCodeCache();
        delete cache.__fiscalReportSaveCodeCache;
      }
    });
  });
  process.on('disconnect', () => process.exit(0));
}
