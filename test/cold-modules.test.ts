import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA, LAIWU, laiwuRaw, ROOT } from './helpers';

// A cold build of an ordinary report loads only the Node modules it uses: each of node:v8,
// node:worker_threads and node:os costs a start a few ms. They are loaded when a large dataset
// needs them (its build favours memory: heap.ts; it runs in a worker thread: large-build.ts).

const bundled = existsSync(join(ROOT, 'dist', 'bundle', 'index.cjs'));
const LAZY = ['v8', 'worker_threads', 'os'];

/** The built-in modules a CLI build of `dataset` loaded, by their names (node:v8 → v8). */
function builtinsLoaded(dataset: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'fiscal-cold-modules-'));
  const probe = join(dir, 'probe.cjs');
  const list = join(dir, 'modules.json');
  writeFileSync(probe, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(list)}, JSON.stringify(process.moduleLoadList)));`);
  const r = spawnSync(process.execPath, ['-r', probe, join(ROOT, 'bin', 'fiscal-report.js'), 'build', dataset, '--out', join(dir, 'out')], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return (JSON.parse(readFileSync(list, 'utf8')) as string[]).filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice('NativeModule '.length));
}

(bundled ? describe : describe.skip)('the Node modules a cold build loads', () => {
  it('an ordinary report loads none of node:v8, node:worker_threads, node:os', () => {
    const loaded = builtinsLoaded(LAIWU);
    expect(loaded).toEqual(expect.arrayContaining(['zlib', 'fs']));
    expect(LAZY.filter((m) => loaded.includes(m))).toEqual([]);
  });

  it('a dataset large enough to favour memory loads node:v8 to say so (and stays in this thread)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fiscal-cold-large-'));
    const raw = laiwuRaw();
    raw.tables = [{ title: '附加明细表', unit: '万元', header: [['项目', '金额', '占比（%）']], rows: Array.from({ length: 10000 }, (_, k) => [`明细项目${k + 1}`, 1000 + k, (k % 100) / 10]) }];
    copyFileSync(join(DATA, 'laiwu-2024-performance.json'), join(dir, 'laiwu-2024-performance.json'));
    const file = join(dir, 'large.json');
    writeFileSync(file, JSON.stringify(raw));
    expect(statSync(file).size).toBeGreaterThan(256 << 10);
    expect(statSync(file).size).toBeLessThan(2 << 20);
    const loaded = builtinsLoaded(file);
    expect(loaded).toContain('v8');
    expect(loaded).not.toContain('worker_threads');
  });
});
