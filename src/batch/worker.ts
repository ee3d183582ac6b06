import { isMainThread, parentPort, threadId, workerData } from 'node:worker_threads';
import { setWriterThread } from '../write/atomic';
import { runJobTask, type JobTask } from './job';

/** The role a worker is started with, so that a bundle can also serve as the worker script. */
export const WORKER_ROLE = 'fiscal-report-batch-worker';

export interface TaskMessage {
  id: number;
  task: JobTask;
}

/**
 * Runs tasks one at a time, in the order the main thread sends them (it may send the next before
 * this one is done); output bytes are transferred, not copied.
 */
export function startWorker(): void {
  const port = parentPort!;
  setWriterThread(threadId);
  const cache = globalThis as { __fiscalReportSaveCodeCache?: () => void };
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (message: TaskMessage) => {
    // An error that escapes a job ends the worker, as before: the pool fails that job and replaces it.
    queue = queue
      .then(() => run(message))
      .catch((e: unknown) => {
        setImmediate(() => {
          throw e;
        });
      });
  });
  const run = async ({ id, task }: TaskMessage) => {
    const result = await runJobTask(task);
    const transfer = result.status === 'built' ? result.outputs.map((o) => o.bytes.buffer as ArrayBuffer) : [];
    port.postMessage({ id, result }, transfer);
    // After the first job, the code cache (pool.ts) holds what a job runs.
    if (cache.__fiscalReportSaveCodeCache && result.status !== 'skipped') {
      cache.__fiscalReportSaveCodeCache();
      delete cache.__fiscalReportSaveCodeCache;
    }
  };
}

if (!isMainThread && (workerData as { role?: string } | undefined)?.role === WORKER_ROLE) startWorker();
