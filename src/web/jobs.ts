import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BuildRequest, BuildResult, BuildStage, UploadFile } from './build';
import { WEB_WORKER_ROLE, type WebTask, type WorkerMessage } from './build-worker';

declare const FISCAL_REPORT_BUNDLE: boolean | undefined;

/**
 * Builds run in worker threads, one thread per task that ends with it: the server's event loop
 * keeps serving other writers meanwhile, and a hostile upload that makes a reader run out of
 * memory or time ends only its own thread (memory capped, a time limit), reported as a clear page.
 */

/** The worker script: beside the CLI bundle, the compiled .js, or the .ts through tsx (tests). */
function workerEntry(): { file: string; execArgv: string[] } {
  if (typeof FISCAL_REPORT_BUNDLE !== 'undefined' && FISCAL_REPORT_BUNDLE) return { file: join(__dirname, 'build-worker.cjs'), execArgv: [] };
  if (__filename.endsWith('.ts')) return { file: join(__dirname, 'build-worker.ts'), execArgv: ['--require', 'tsx/cjs'] };
  return { file: join(__dirname, 'build-worker.js'), execArgv: [] };
}

export interface TaskLimits {
  /** Heap of one worker thread, MB. */
  memoryMb: number;
  timeoutMs: number;
  /** Tasks running at once; more wait in a queue. */
  concurrency: number;
  /** Tasks waiting at most; past that the server says it is busy. */
  maxQueued: number;
}

/** Why a task gave no result, in Chinese for the page. */
export class TaskFailed extends Error {
  constructor(
    readonly reason: 'memory' | 'timeout' | 'crash' | 'busy',
    message: string,
    readonly detail = '',
  ) {
    super(message);
  }
}

const FAILURES: Record<TaskFailed['reason'], string> = {
  memory: '处理这个文件所需的内存超过了上限：文件可能已损坏，或不是数据工作簿（如解压后极大的压缩包）。请选择由 fiscal-report 生成、在 Excel 或 WPS 中填写保存的工作簿。',
  timeout: '处理时间超过了上限：文件可能过大或已损坏。请检查文件后重试。',
  crash: '处理这个文件时程序出错：请把这个文件和出错时间告诉管理员。',
  busy: '服务器正忙（同时处理的文件过多）：请稍等一分钟后重试。',
};

export class TaskRunner {
  private running = 0;
  private queue: (() => void)[] = [];

  constructor(readonly limits: TaskLimits) {}

  /** Every slot busy and the queue full: a new task would be refused. */
  full(): boolean {
    return this.running >= this.limits.concurrency && this.queue.length >= this.limits.maxQueued;
  }

  /** Runs a task in a thread of its own when a slot is free; `onStart` is told when it starts. */
  run<T>(task: WebTask, hooks: { onStage?: (s: BuildStage) => void; onStart?: () => void } = {}): Promise<T> {
    if (this.full()) return Promise.reject(new TaskFailed('busy', FAILURES.busy));
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.running++;
        hooks.onStart?.();
        this.spawn<T>(task, hooks.onStage).then(resolve, reject).finally(() => {
          this.running--;
          this.queue.shift()?.();
        });
      };
      if (this.running < this.limits.concurrency) start();
      else this.queue.push(start);
    });
  }

  private spawn<T>(task: WebTask, onStage?: (s: BuildStage) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const { file, execArgv } = workerEntry();
      const worker = new Worker(file, {
        execArgv,
        workerData: { role: WEB_WORKER_ROLE, task },
        resourceLimits: { maxOldGenerationSizeMb: this.limits.memoryMb, maxYoungGenerationSizeMb: 64 },
        stdout: false,
        stderr: false,
      });
      let settled = false;
      const settle = (f: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        f();
        void worker.terminate();
      };
      const timer = setTimeout(() => settle(() => reject(new TaskFailed('timeout', FAILURES.timeout))), this.limits.timeoutMs);
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'stage') onStage?.(m.stage);
        else if (m.type === 'done') settle(() => resolve(m.result as T));
        else settle(() => reject(new TaskFailed('crash', FAILURES.crash, m.message)));
      });
      worker.on('error', (e: Error & { code?: string }) =>
        settle(() => reject(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new TaskFailed('memory', FAILURES.memory, e.message) : new TaskFailed('crash', FAILURES.crash, e.stack ?? e.message))),
      );
      worker.on('exit', (code) => settle(() => reject(new TaskFailed('crash', FAILURES.crash, `worker exited with code ${code}`))));
    });
  }
}

export type JobState = 'queued' | 'running' | 'done' | 'failed';

/** A build the page started, and afterwards its result (kept for a while, for the downloads). */
export interface Job {
  id: string;
  created: number;
  state: JobState;
  stage?: BuildStage;
  result?: BuildResult;
  failure?: TaskFailed;
  /** The uploads, for exporting them as workbooks on request. */
  uploads: { dataset: UploadFile; previous?: UploadFile };
  /** The PDF, converted once on the first request. */
  pdf?: Promise<Buffer>;
  /** Settles when the build has finished, either way. */
  finished: Promise<void>;
}

/** Random, unguessable ids: a result is reached only by whoever uploaded its data. */
export const newId = () => randomBytes(16).toString('base64url');

export class JobStore {
  private jobs = new Map<string, Job>();

  constructor(
    private readonly runner: TaskRunner,
    private readonly keep: { max: number; ttlMs: number },
    /** Told why a build failed, for the server's log. */
    private readonly onFailure: (e: TaskFailed) => void = () => {},
  ) {}

  get(id: string): Job | undefined {
    this.prune();
    return this.jobs.get(id);
  }

  /** Starts a build; throws TaskFailed('busy') when the queue is full. */
  start(request: BuildRequest): Job {
    this.prune();
    if (this.runner.full()) throw new TaskFailed('busy', FAILURES.busy);
    const job: Job = {
      id: newId(),
      created: Date.now(),
      state: 'queued',
      uploads: { dataset: request.dataset, ...(request.previous ? { previous: request.previous } : {}) },
      finished: Promise.resolve(),
    };
    const run = this.runner.run<BuildResult>({ type: 'build', request }, {
      onStart: () => {
        job.state = 'running';
      },
      onStage: (s) => {
        job.stage = s;
      },
    });
    job.finished = run.then(
      (result) => {
        job.state = 'done';
        job.result = result;
      },
      (e: unknown) => {
        job.state = 'failed';
        job.failure = e instanceof TaskFailed ? e : new TaskFailed('crash', FAILURES.crash, String(e));
        this.onFailure(job.failure);
      },
    );
    this.jobs.set(job.id, job);
    return job;
  }

  /** Finished jobs past their time are dropped, and the oldest beyond the count. */
  private prune(): void {
    const now = Date.now();
    for (const [id, job] of this.jobs) if (job.state !== 'queued' && job.state !== 'running' && now - job.created > this.keep.ttlMs) this.jobs.delete(id);
    const extra = this.jobs.size - this.keep.max;
    if (extra > 0) {
      const done = [...this.jobs.values()].filter((j) => j.state === 'done' || j.state === 'failed').sort((a, b) => a.created - b.created);
      for (const j of done.slice(0, extra)) this.jobs.delete(j.id);
    }
  }
}
