import { Worker } from 'node:worker_threads';
import { workerEntry } from '../worker-entry';
import type { JobOutcome, JobTask } from './job';
import { WORKER_ROLE, type TaskMessage } from './worker';
import { internalErrorLine, writeErrorLog } from '../write/error-log';
import { VERSION } from '../cli/help';

interface Pending {
  id: number;
  resolve: (r: JobOutcome) => void;
  task: JobTask;
  /** Called when the worker starts the job (for the progress display), then dropped. */
  onStart?: (() => void) | undefined;
}

interface Slot {
  worker: Worker;
  /** Jobs sent to the worker, in the order it runs them: the first is running, the rest wait there. */
  sent: Pending[];
}

/**
 * Jobs a worker holds at once: the one it runs and the next ones, so that it goes on without
 * waiting for this thread to take its result and hand it another. This thread handles every worker
 * between its own builds and the writes' steps, so it answers only after a build (5–15 ms): with
 * two places, the worker of a 300-job batch on 2 cores sat idle for 0.2–0.5 s of its 3 s; with four,
 * 30–60 ms (its start/done times logged, with JOBS_UNDER_WAY_PER_THREAD at 32).
 */
export const WORKER_DEPTH = 4;

/**
 * The young generation of each batch worker: V8 grew it to tens of MB in a thread building one
 * report after another. With 6 MB and the old generation's growth held back (heap.ts, which the
 * CLI sets for the batch command), a batch of 1,000 on two workers peaks at about 230 MB instead of
 * 520 MB, at the same speed (npm run bench). Measured on that batch, three runs each: 4 MB 223–236 MB
 * but 8 % slower, 6 MB 222–232 MB, 8 MB 240–257 MB, 16 MB 258–262 MB; the time the same from 6 MB up.
 */
const YOUNG_MB = 6;

/**
 * A fixed number of worker threads, each running one job at a time. A worker that dies (a crash,
 * running out of memory) fails only the jobs it had, and is replaced.
 */
export class WorkerPool {
  private slots: Slot[] = [];
  private queue: { task: JobTask; resolve: (r: JobOutcome) => void; onStart?: () => void }[] = [];
  private nextId = 1;
  private closed = false;

  constructor(readonly size: number) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const entry = workerEntry(__dirname, 'worker');
    const worker = new Worker(entry.script, { eval: entry.eval, workerData: { role: WORKER_ROLE, ...entry.bundle }, execArgv: entry.execArgv, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB } });
    const slot: Slot = { worker, sent: [] };
    worker.on('message', ({ id, result }: { id: number; result: JobOutcome }) => {
      const at = slot.sent.findIndex((p) => p.id === id);
      if (at < 0) return;
      const [done] = slot.sent.splice(at, 1);
      const next = slot.sent[0];
      next?.onStart?.();
      if (next) next.onStart = undefined;
      this.pump();
      done!.resolve(result);
    });
    const died = (why: string) => {
      if (this.closed) return;
      const lost = slot.sent;
      slot.sent = [];
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots[i] = this.spawn();
      // The job it was running failed with it; the ones waiting there go to the queue again.
      const [running, ...waiting] = lost;
      this.queue.unshift(...waiting.map(({ task, resolve, onStart }) => ({ task, resolve, ...(onStart ? { onStart } : {}) })));
      if (running)
        running.resolve({
          status: 'failed',
          issues: [{ code: 'worker-died', severity: 'error', message: `生成进程意外退出：${why}`, place: { file: running.task.job.dataset } }],
          message: `生成进程意外退出：${why}`,
          ms: 0,
        });
      this.pump();
    };
    worker.on('error', (e) => {
      // The worker's own words (English, a stack) go into a log file; the job's message is Chinese.
      const job = slot.sent[0]?.task.job;
      const ctx = { argv: ['batch'], ...(job ? { target: job.dataset } : {}), version: VERSION };
      died(internalErrorLine(ctx, writeErrorLog(e, ctx), false));
    });
    worker.on('exit', (code) => died(`退出码 ${code}`));
    return slot;
  }

  /** Runs a task on the next free worker; `onStart` is called when a worker takes it. */
  run(task: JobTask, onStart?: () => void): Promise<JobOutcome> {
    return new Promise((resolve) => {
      this.queue.push({ task, resolve, ...(onStart ? { onStart } : {}) });
      this.pump();
    });
  }

  private pump(): void {
    // Each worker gets one job before any gets a second.
    for (let depth = 1; depth <= WORKER_DEPTH; depth++)
      for (const slot of this.slots) {
        if (slot.sent.length >= depth || !this.queue.length) continue;
        const { task, resolve, onStart } = this.queue.shift()!;
        const id = this.nextId++;
        const running = slot.sent.length === 0;
        slot.sent.push({ id, resolve, task, onStart: running ? undefined : onStart });
        if (running) onStart?.();
        slot.worker.postMessage({ id, task } satisfies TaskMessage);
      }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
