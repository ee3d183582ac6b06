import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { runBatch } from '../src/batch/run';
import { writeDatasets } from '../scripts/generate-datasets';
import { ROOT } from './helpers';

const walk = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)])) : [];

describe('kill -9 in the middle of a batch', () => {
  it('leaves no partial file, and a rerun finishes the work', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fiscal-kill-'));
    const count = 24;
    writeDatasets(dir, count, { seed: 23, config: 'fiscal-report.batch.json' });
    const config = join(dir, 'fiscal-report.batch.json');
    const out = join(dir, 'output');

    // A real process, killed with SIGKILL once a few reports are on disk.
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', join(ROOT, 'test', 'run-cli.ts'), 'batch', config, '--jobs', '2'], { cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    let killedWith = 0;
    for (let i = 0; i < 2400; i++) {
      const done = walk(out).filter((f) => f.endsWith('.docx')).length;
      if (done >= 3) {
        killedWith = done;
        child.kill('SIGKILL');
        break;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    const { signal } = await exited;
    expect(signal).toBe('SIGKILL');
    expect(killedWith).toBeGreaterThanOrEqual(3);
    const afterKill = walk(out).filter((f) => f.endsWith('.docx'));
    expect(afterKill.length).toBeLessThan(count); // it really was stopped mid-way

    // Every report on disk is whole: a complete zip with its document part.
    for (const f of afterKill) expect(Object.keys(unzipSync(readFileSync(f)))).toContain('word/document.xml');
    // Manifests are whole JSON.
    for (const m of walk(out).filter((f) => f.endsWith('.fiscal-report.json'))) expect(() => JSON.parse(readFileSync(m, 'utf8'))).not.toThrow();

    // The rerun builds the rest, rewrites nothing twice, writes nothing beside, leaves no temporary file.
    const lines: string[] = [];
    const r = await runBatch(config, { concurrency: 2, log: (s) => lines.push(s), error: (s) => lines.push(s) });
    expect(r.code).toBe(0);
    expect(r.summary.counts.failed).toBe(0);
    expect(r.summary.counts.kept).toBe(0);
    expect(r.summary.counts.built + r.summary.counts.unchanged).toBe(count);
    expect(r.summary.counts.built).toBeGreaterThan(0);
    const files = walk(out);
    expect(files.filter((f) => f.endsWith('.docx'))).toHaveLength(count);
    expect(files.filter((f) => /\.tmp-/.test(f))).toEqual([]);
    expect(files.filter((f) => f.includes('（新版'))).toEqual([]);
    for (const f of files.filter((f) => f.endsWith('.docx'))) expect(Object.keys(unzipSync(readFileSync(f)))).toContain('word/document.xml');
    // And a third run has nothing to do.
    const again = await runBatch(config, { concurrency: 2, log: () => {}, error: () => {} });
    expect(again.summary.counts.unchanged).toBe(count);
  });
});
