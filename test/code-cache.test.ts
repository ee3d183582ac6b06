import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LAIWU, ROOT } from './helpers';
import { writeDatasets } from '../scripts/generate-datasets';

// The bundled CLI starts from a V8 code cache (bin/load-bundle.js), made at the end of a run. V8
// rejects a cache made under other flags than the loading process's: a build sets one at run time
// (heap.ts), and the cache it made was rejected by every next start, which compiled the whole
// bundle again and rewrote the cache. Run on a copy of the bundle, so no other test's runs meet it.

const bundled = existsSync(join(ROOT, 'dist', 'bundle', 'index.cjs'));

/** bin/ and dist/bundle/ copied without their caches, templates beside them as in the package. */
function copyOfTheCli(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fiscal-code-cache-'));
  cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  mkdirSync(join(dir, 'dist', 'bundle'), { recursive: true });
  for (const f of readdirSync(join(ROOT, 'dist', 'bundle')).filter((f) => f.endsWith('.cjs'))) cpSync(join(ROOT, 'dist', 'bundle', f), join(dir, 'dist', 'bundle', f));
  cpSync(join(ROOT, 'templates'), join(dir, 'templates'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  return dir;
}

(bundled ? describe : describe.skip)('the CLI\'s code cache', () => {
  it('made at the end of a build is accepted by the next start, which then leaves it as it is', () => {
    const dir = copyOfTheCli();
    const cache = join(dir, 'dist', 'bundle', 'index.cjs.v8cache');
    const build = (out: string) => spawnSync(process.execPath, [join(dir, 'bin', 'fiscal-report.js'), 'build', LAIWU, '--out', join(dir, out)], { cwd: dir, encoding: 'utf8' });
    expect(build('first').status).toBe(0);
    expect(existsSync(cache)).toBe(true);
    const made = statSync(cache);
    // The loader says whether V8 took the cache: no saveCache when it did.
    const probe = spawnSync(process.execPath, ['-e', `const { saveCache } = require(${JSON.stringify(join(dir, 'bin', 'load-bundle.js'))}).loadBundle(${JSON.stringify(join(dir, 'dist', 'bundle', 'index.cjs'))}); console.log(saveCache === null ? 'accepted' : 'rejected');`], { encoding: 'utf8' });
    expect(probe.stdout.trim()).toBe('accepted');
    expect(build('second').status).toBe(0);
    const after = statSync(cache);
    expect([after.mtimeMs, after.size]).toEqual([made.mtimeMs, made.size]);
  });

  it('is taken by a batch, which starts itself with its young generation capped, and left for the next build as it is', () => {
    const dir = copyOfTheCli();
    const cache = join(dir, 'dist', 'bundle', 'index.cjs.v8cache');
    const cli = (...args: string[]) => spawnSync(process.execPath, [join(dir, 'bin', 'fiscal-report.js'), ...args], { cwd: dir, encoding: 'utf8' });
    expect(cli('build', LAIWU, '--out', join(dir, 'first')).status).toBe(0);
    const made = statSync(cache);
    const data = join(dir, 'batch');
    writeDatasets(data, 2, { seed: 3, config: 'fiscal-report.batch.json' });
    expect(cli('batch', join(data, 'fiscal-report.batch.json'), '--jobs', '2').status).toBe(0);
    // The batch ran with the cap (it built on its own thread too) and did not rewrite the cache.
    expect(JSON.parse(readFileSync(join(data, 'fiscal-report.summary.json'), 'utf8')).builders.thisThread).toBe(process.platform !== 'win32');
    expect(cli('build', LAIWU, '--out', join(dir, 'second')).status).toBe(0);
    const after = statSync(cache);
    expect([after.mtimeMs, after.size]).toEqual([made.mtimeMs, made.size]);
  });
});
