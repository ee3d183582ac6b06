import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { processEntry } from '../worker-entry';
import { setRuntimeFlag } from '../runtime-flags';
import { withoutOwnMalloc } from '../child-env';
import type { BuildRequest, BuildStage, PageRequest, ServedResult, UploadFile } from './build';
import { WEB_WORKER_NAME, type WebTask, type WorkerMessage } from './build-worker';

/**
 * Builds run in worker processes kept warm between builds: starting one and loading the pipeline
 * cost far more than a build (~0.4 s against ~10 ms), and paying it per upload made 50 writers at
 * once no faster than one. The server's event loop keeps serving other writers meanwhile. Each
 * process runs one task at a time with a heap limit; a task past its time limit has its process
 * killed, and a process that runs out of memory or dies fails only the task it had: either way a
 * fresh one takes its place for the next task. Processes left idle are ended, and all the memory
 * they held goes back to the system: worker threads gave back their heaps but not the memory the C
 * library kept for them (after 50 writers at once the server stayed at about 290 MB against 120).
 */

export interface TaskLimits {
  /** Heap of one worker process, MB. */
  memoryMb: number;
  timeoutMs: number;
  /** Worker processes, each running one task at a time (serve --jobs); more tasks wait in a queue. */
  concurrency: number;
  /** Tasks waiting at most; past that the server says it is busy. */
  maxQueued: number;
  /** A worker process idle this long is ended (its memory given back); the next task starts one. */
  idleMs: number;
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
  crash: '处理这个文件时程序出错（不是数据填写的问题）：请把这个文件和出错时间告诉管理员（负责 fiscal-report 的技术人员）。',
  busy: '服务器正忙（同时处理的文件过多）：请稍等一分钟后重试。',
};

/** What V8 prints when a heap limit is reached (the process then aborts). */
const OUT_OF_MEMORY = /heap out of memory|Allocation failed|Reached heap limit/i;
/** The end of a worker's error output kept, to tell running out of memory from other deaths. */
const STDERR_KEPT = 8192;

interface Pending {
  task: WebTask;
  /** Sent once already, to a process that went away before taking it. */
  resent?: boolean;
  onStage?: ((s: BuildStage) => void) | undefined;
  onStart?: (() => void) | undefined;
  resolve: (v: unknown) => void;
  reject: (e: TaskFailed) => void;
}

interface Slot {
  child: ChildProcess;
  /** The task it runs, with its id and time limit, and whether the process has said it has it. */
  running: (Pending & { id: number; timer: NodeJS.Timeout; taken?: boolean }) | null;
  idle?: NodeJS.Timeout | undefined;
  gone: boolean;
  /** The last of what it wrote to stderr. */
  stderr: string;
}

export class TaskRunner {
  private slots: Slot[] = [];
  private queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  /** Worker processes started so far (for tests and the benchmark: warm processes are reused). */
  started = 0;

  constructor(readonly limits: TaskLimits) {
    endWithServer();
  }

  /** Every process busy and the queue full: a new task would be refused. */
  full(): boolean {
    const busy = this.slots.filter((s) => s.running).length;
    return busy >= this.limits.concurrency && this.queue.length >= this.limits.maxQueued;
  }

  /** Tasks running and waiting, and the worker processes there are. */
  load(): { running: number; queued: number; threads: number } {
    return { running: this.slots.filter((s) => s.running).length, queued: this.queue.length, threads: this.slots.length };
  }

  /** The worker processes' ids (for tests and the benchmark). */
  pids(): number[] {
    return this.slots.map((s) => s.child.pid).filter((p): p is number => p !== undefined);
  }

  /**
   * Runs a task on a warm process when one is free; `onStart` is told when it starts. `always`: queued
   * even when the queue is full (a download of a finished result, which one click asks for once).
   */
  run<T>(task: WebTask, hooks: { onStage?: (s: BuildStage) => void; onStart?: () => void; always?: boolean } = {}): Promise<T> {
    if (this.closed) return Promise.reject(new TaskFailed('busy', FAILURES.busy));
    if (!hooks.always && this.full()) return Promise.reject(new TaskFailed('busy', FAILURES.busy));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ task, onStage: hooks.onStage, onStart: hooks.onStart, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  /** Ends every process; tasks waiting or running fail as busy. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new TaskFailed('busy', FAILURES.busy));
    await Promise.all(
      this.slots.splice(0).map((slot) => {
        slot.gone = true;
        if (slot.idle) clearTimeout(slot.idle);
        if (slot.running) {
          clearTimeout(slot.running.timer);
          slot.running.reject(new TaskFailed('busy', FAILURES.busy));
          slot.running = null;
        }
        return end(slot.child, 'SIGKILL');
      }),
    );
  }

  private pump(): void {
    while (this.queue.length && !this.closed) {
      // (A process that has exited but not yet closed its pipes is no use: its channel is gone.)
      let slot = this.slots.find((s) => !s.running && !s.gone && s.child.connected);
      if (!slot) {
        if (this.slots.length >= this.limits.concurrency) return;
        const started = this.spawn();
        if (typeof started === 'string') {
          // No process could be started (too many open files, no memory): this task fails, the server goes on.
          this.queue.shift()!.reject(new TaskFailed('crash', FAILURES.crash, `starting a worker process failed: ${started}`));
          continue;
        }
        slot = started;
      }
      this.assign(slot, this.queue.shift()!);
    }
  }

  private assign(slot: Slot, p: Pending): void {
    if (slot.idle) clearTimeout(slot.idle);
    slot.idle = undefined;
    const id = this.nextId++;
    const timer = setTimeout(() => this.retire(slot, new TaskFailed('timeout', FAILURES.timeout)), this.limits.timeoutMs);
    slot.running = { ...p, id, timer };
    p.onStart?.();
    try {
      slot.child.send({ id, task: p.task }, (e) => {
        if (!e) return;
        this.putBackUntaken(slot);
        this.retire(slot, new TaskFailed('crash', FAILURES.crash, `sending the task failed: ${e.message}`));
      });
    } catch (e) {
      // A task that cannot be sent at all (it cannot be serialized) fails on its own.
      clearTimeout(timer);
      slot.running = null;
      p.reject(new TaskFailed('crash', FAILURES.crash, `sending the task failed: ${(e as Error).message}`));
      this.release(slot);
    }
  }

  /**
   * The task sent to a process that went away before saying it had it (the send failed, or it died
   * first) waits for the next process: once, so a task that itself kills its process still fails.
   */
  private putBackUntaken(slot: Slot): void {
    const running = slot.running;
    if (!running || running.taken || running.resent) return;
    clearTimeout(running.timer);
    slot.running = null;
    const { task, onStage, onStart, resolve, reject } = running;
    this.queue.unshift({ task, onStage, onStart, resolve, reject, resent: true });
  }

  /** The task on this process is done: it takes the next one, or waits (ended when idle too long). */
  private release(slot: Slot): void {
    slot.running = null;
    if (this.queue.length) return this.pump();
    slot.idle = setTimeout(() => {
      if (slot.running || slot.gone) return;
      slot.gone = true;
      this.slots.splice(this.slots.indexOf(slot), 1);
      void end(slot.child, 'SIGTERM');
    }, this.limits.idleMs);
    slot.idle.unref();
  }

  /** Ends a process (its task failed as said); a fresh one is started for the tasks waiting. */
  private retire(slot: Slot, failure: TaskFailed): void {
    if (slot.gone) return;
    slot.gone = true;
    if (slot.idle) clearTimeout(slot.idle);
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    const running = slot.running;
    slot.running = null;
    if (running) {
      clearTimeout(running.timer);
      running.reject(failure);
    }
    void end(slot.child, 'SIGKILL');
    this.pump();
  }

  /** A fresh worker process, or why none could be started. */
  private spawn(): Slot | string {
    const entry = processEntry(__dirname, WEB_WORKER_NAME);
    // The heap limit as the worker threads had it: the old generation at memoryMb, the young one a
    // quarter of that within 8–64 MB (a semi-space is a third of the young generation).
    const young = Math.min(64, Math.max(8, this.limits.memoryMb >> 2));
    const options = `--max-old-space-size=${this.limits.memoryMb} --max-semi-space-size=${Math.max(1, Math.round(young / 3))}`;
    const env: NodeJS.ProcessEnv = { ...withoutOwnMalloc(), ...entry.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${options}`.trim() };
    let child: ChildProcess;
    try {
      child = spawn(entry.command, entry.args, { env, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced', windowsHide: true });
    } catch (e) {
      return (e as Error).message;
    }
    if (child.pid === undefined) {
      // Node reports the failure as an 'error' event on the next tick: heard (and dropped) here, not thrown.
      child.once('error', () => undefined);
      return 'the process did not start (too many open files or processes, or no memory)';
    }
    this.started++;
    live.add(child);
    const slot: Slot = { child, running: null, gone: false, stderr: '' };
    this.slots.push(slot);
    child.on('error', (e) => this.retire(slot, new TaskFailed('crash', FAILURES.crash, e.stack ?? e.message)));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      slot.stderr = (slot.stderr + d).slice(-STDERR_KEPT);
    });
    child.on('message', (m: WorkerMessage & { id: number }) => {
      const running = slot.running;
      if (!running || m.id !== running.id) return;
      if (m.type === 'taken') return void (running.taken = true);
      if (m.type === 'stage') return running.onStage?.(m.stage);
      clearTimeout(running.timer);
      if (m.type === 'done') running.resolve(m.result);
      else running.reject(new TaskFailed('crash', FAILURES.crash, m.message));
      this.release(slot);
    });
    // Ended while idle (killed from outside): no task to tell, so it is replaced at once.
    child.on('exit', (code, signal) => {
      live.delete(child);
      if (!slot.running) this.retire(slot, new TaskFailed('crash', FAILURES.crash, `worker process exited (${signal ?? `code ${code}`})`));
    });
    // 'close': the process has ended and its stderr is read to the end (what V8 says when it runs out of memory).
    child.on('close', (code, signal) => {
      // Died before it had the task (it was killed while idle, and the task went to it before the server heard).
      this.putBackUntaken(slot);
      const detail = `worker process exited (${signal ?? `code ${code}`}): ${slot.stderr.trim()}`;
      this.retire(slot, OUT_OF_MEMORY.test(slot.stderr) ? new TaskFailed('memory', FAILURES.memory, detail) : new TaskFailed('crash', FAILURES.crash, detail));
    });
    return slot;
  }
}

/**
 * Worker processes alive, ended when the server's process exits however it exits (an error that
 * ends it, process.exit): a worker in the middle of a build would not hear its channel close until
 * the build is done. (A server killed outright cannot do this; its workers end after their build.)
 */
const live = new Set<ChildProcess>();
let exitHook = false;
function endWithServer(): void {
  if (exitHook) return;
  exitHook = true;
  process.on('exit', () => {
    for (const c of live) c.kill('SIGKILL');
  });
}

/** Ends a worker process and settles when it has gone. */
function end(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/**
 * A full garbage collection, when the process can ask for one: V8's gc function, reached through
 * its flag at run time (node does not expose it otherwise). Without it, nothing happens. As V8
 * collects when memory runs short ('last-resort'): it also compacts the old generation and gives
 * back the pages it emptied, where a regular collection keeps them for the next allocations.
 */
let gc: ((options?: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void) | null | undefined;
export function collectGarbage(): void {
  if (gc === undefined) {
    try {
      setRuntimeFlag('--expose-gc', '--no-expose-gc');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      gc = (require('node:vm') as typeof import('node:vm')).runInNewContext('gc') as typeof gc;
    } catch {
      gc = null;
    }
  }
  gc?.({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}

/**
 * Gives back what expired results held: a collection frees them, the next ones free the buffers
 * they pointed to (their finalisers run after the first) and return the emptied heap pages.
 */
function releaseMemory(): void {
  collectGarbage();
  for (const ms of [500, 2000]) setTimeout(collectGarbage, ms).unref();
}

export type JobState = 'queued' | 'running' | 'done' | 'failed';

/** A build the page started, and afterwards its result (kept for a while, for the downloads). */
export interface Job {
  id: string;
  created: number;
  state: JobState;
  stage?: BuildStage;
  result?: ServedResult;
  failure?: TaskFailed;
  /** The uploads, for exporting them as workbooks and making the audit files on request. */
  request: BuildRequest;
  /** The audit files, made once on the first request of each (build.ts runWebAudit). */
  audit?: { json?: Promise<Uint8Array | null>; xlsx?: Promise<Uint8Array | null> };
  /** The PDF, converted once on the first request. */
  pdf?: Promise<Buffer>;
  /** Settles when the build has finished, either way. */
  finished: Promise<void>;
  /** When it finished: a result is kept for its time from then (a long wait in the queue does not shorten it). */
  finishedAt?: number;
}

/** Random, unguessable ids: a result is reached only by whoever uploaded its data. */
export const newId = () => randomBytes(16).toString('base64url');

export class JobStore {
  private jobs = new Map<string, Job>();
  /** Drops expired results even when no request comes: their memory goes back to the baseline. */
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly runner: TaskRunner,
    private readonly keep: { max: number; ttlMs: number },
    /** Told why a build failed, for the server's log. */
    private readonly onFailure: (e: TaskFailed) => void = () => {},
  ) {
    this.sweeper = setInterval(() => {
      const before = this.jobs.size;
      this.prune();
      // The last results gone and nothing building: collect now. V8 collects when a program
      // allocates, and an idle server allocates nothing, so what the results held would otherwise
      // stay in its heap until the next upload.
      if (before && !this.jobs.size && !this.runner.load().running) releaseMemory();
    }, Math.max(1000, Math.min(60_000, keep.ttlMs / 2)));
    this.sweeper.unref();
  }

  /** Results held (finished or not). */
  get size(): number {
    return this.jobs.size;
  }

  /** Stops the sweeper and drops every result (the server is closing). */
  close(): void {
    clearInterval(this.sweeper);
    this.jobs.clear();
  }

  get(id: string): Job | undefined {
    this.prune();
    return this.jobs.get(id);
  }

  /** Starts a build (its result page rendered with it); throws TaskFailed('busy') when the queue is full. */
  start(request: BuildRequest, page: Omit<PageRequest, 'id'>): Job {
    this.prune();
    if (this.runner.full()) throw new TaskFailed('busy', FAILURES.busy);
    const id = newId();
    const job: Job = {
      id,
      created: Date.now(),
      state: 'queued',
      request,
      finished: Promise.resolve(),
    };
    const run = this.runner.run<ServedResult>({ type: 'build', request, page: { ...page, id } }, {
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
        job.finishedAt = Date.now();
        // Without a document there is no audit to make: only what export offers is kept.
        if (!result.hasDoc) job.request = { dataset: request.dataset, ...(request.previous ? { previous: request.previous } : {}), attachments: [], zip: request.zip };
      },
      (e: unknown) => {
        job.state = 'failed';
        job.finishedAt = Date.now();
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
    for (const [id, job] of this.jobs) if (job.finishedAt !== undefined && now - job.finishedAt > this.keep.ttlMs) this.jobs.delete(id);
    const extra = this.jobs.size - this.keep.max;
    if (extra > 0) {
      const done = [...this.jobs.values()].filter((j) => j.finishedAt !== undefined).sort((a, b) => a.finishedAt! - b.finishedAt!);
      for (const j of done.slice(0, extra)) this.jobs.delete(j.id);
    }
  }
}
