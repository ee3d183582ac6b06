import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { runWebAudit, runWebBlank, runWebBuild, runWebExport, servedResult, type BuildRequest, type BuildStage, type PageRequest, type UploadFile } from './build';
import type { ZipLimits } from '../load/sniff';
import type { AdoptRequest } from './adopt';

/** The role a web worker is started with, so that a bundle can also serve as the worker script. */
export const WEB_WORKER_ROLE = 'fiscal-report-web-worker';

/** One piece of work for a worker thread (threads are kept warm and run one task after another). */
export type WebTask =
  /** With `page`, the thread also renders the result page and the audit file, and sends those (not the document model). */
  | { type: 'build'; request: BuildRequest; page?: PageRequest }
  | { type: 'export'; file: UploadFile; zip: ZipLimits }
  | { type: 'blank'; kind: string; district?: string; year?: number }
  | { type: 'adopt'; request: AdoptRequest }
  /** The numbers audit of a finished build, made again from its uploads when a writer asks for it. */
  | { type: 'audit'; request: BuildRequest; format: 'json' | 'xlsx' };

export type WorkerMessage = { type: 'stage'; stage: BuildStage } | { type: 'done'; result: unknown } | { type: 'failed'; message: string };

/** The buffer of bytes that own it whole (a pooled Buffer's is shared and is copied instead). */
function own(bytes: Uint8Array | undefined): ArrayBuffer[] {
  return bytes && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? [bytes.buffer as ArrayBuffer] : [];
}

/** Runs the task, posting stages as it goes and the result at the end (bytes transferred, not copied). */
export async function runTask(task: WebTask, post: (m: WorkerMessage, transfer?: ArrayBuffer[]) => void): Promise<void> {
  try {
    if (task.type === 'build') {
      const built = await runWebBuild(task.request, (stage) => post({ type: 'stage', stage }));
      if (task.page) {
        const result = servedResult(built, task.page);
        post({ type: 'done', result }, [...own(result.docx), ...own(result.pageGz)]);
      } else post({ type: 'done', result: built }, own(built.docx));
    } else if (task.type === 'export') {
      const result = await runWebExport(task.file, task.zip);
      post({ type: 'done', result }, 'bytes' in result ? own(result.bytes) : []);
    } else if (task.type === 'audit') {
      const result = await runWebAudit(task.request, task.format);
      post({ type: 'done', result }, own(result?.bytes));
    } else if (task.type === 'adopt') {
      // Required lazily, as the build's modules are: a build's worker does not load the report reader.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { runWebAdopt } = require('./adopt') as typeof import('./adopt');
      post({ type: 'done', result: await runWebAdopt(task.request) });
    } else {
      const result = await runWebBlank(task.kind, task.district, task.year);
      post({ type: 'done', result }, own(result.bytes));
    }
  } catch (e) {
    post({ type: 'failed', message: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) });
  }
}

if (!isMainThread && (workerData as { role?: string } | undefined)?.role === WEB_WORKER_ROLE) {
  const port = parentPort!;
  const cache = globalThis as { __fiscalReportSaveCodeCache?: () => void };
  // The pool (jobs.ts) sends one task at a time and waits for its answer before the next.
  port.on('message', ({ id, task }: { id: number; task: WebTask }) => {
    void runTask(task, (m, transfer) => port.postMessage({ ...m, id }, transfer ?? [])).then(() => {
      // After the first task, the code cache (jobs.ts loads the bundle through it) holds what a build runs.
      if (cache.__fiscalReportSaveCodeCache && task.type === 'build') {
        cache.__fiscalReportSaveCodeCache();
        delete cache.__fiscalReportSaveCodeCache;
      }
    });
  });
}
