import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDatasets } from '../scripts/generate-datasets';
import type { JobOutcome, JobTask } from '../src/batch/job';
import { WorkerPool } from '../src/batch/pool';

// The pool sends each worker its next job before the current one is done (pool.ts DEPTH). A worker
// that dies fails only the job it was running; the one waiting in it runs on the replacement.
describe('batch worker pool', () => {
  jest.setTimeout(60_000);

  it('runs jobs in order per worker, reports starts as they happen, and survives a dead worker', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fiscal-pool-'));
    const names = writeDatasets(dir, 3, { seed: 5 });
    const task = (i: number): JobTask => ({
      job: { index: i, name: `job-${i}`, dataset: join(dir, names[i]!), out: join(dir, 'out') },
      force: true,
      tool: 'test',
      templatesHash: 'default',
    });
    const pool = new WorkerPool(1);
    const started: number[] = [];
    try {
      const results: Promise<JobOutcome>[] = [];
      // The first job's start kills the worker: the job fails, the two behind it still build.
      const slots = (pool as unknown as { slots: { worker: { terminate(): Promise<number> } }[] }).slots;
      results.push(
        pool.run(task(0), () => {
          started.push(0);
          void slots[0]!.worker.terminate();
        }),
      );
      results.push(pool.run(task(1), () => started.push(1)));
      results.push(pool.run(task(2), () => started.push(2)));
      const [first, second, third] = await Promise.all(results);
      expect(first!.status).toBe('failed');
      expect(first!.status === 'failed' && first!.issues[0]!.code).toBe('worker-died');
      expect(second!.status).toBe('built');
      expect(third!.status).toBe('built');
      // One start per job, in order: the job waiting in the dead worker started once, on the new one.
      expect(started).toEqual([0, 1, 2]);
    } finally {
      await pool.close();
    }
  });
});
