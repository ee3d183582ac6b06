import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers';
import { appInternals } from '../src/web/app';
import { build, file, form, serve } from './web-helpers';
import { withoutOwnMalloc } from '../src/child-env';

// The web server's builds run in worker processes of their own (src/web/jobs.ts): what they held
// goes back to the system when they end, and none outlives the server. The server itself starts
// with glibc's mmap threshold set (bin/fiscal-report.js), so that the buffers of a burst of uploads
// go back when freed. Memory itself is measured by npm run bench, not asserted here.

const linux = process.platform === 'linux';
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
/** A process's children, from /proc. */
const childrenOf = (pid: number): number[] =>
  readdirSync(`/proc/${pid}/task`).flatMap((t) => readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
const until = async (what: () => boolean, ms: number) => {
  for (const end = Date.now() + ms; !what() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 50));
  return what();
};
const laiwu = () => [
  { field: 'dataset', name: 'laiwu-2024.json', bytes: file('laiwu-2024.json') },
  { field: 'attachments', name: 'laiwu-2024-performance.json', bytes: file('laiwu-2024-performance.json') },
];

/** `fiscal-report serve` as a real process on a free port; its address once it listens. */
async function startServer(args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [...args, 'serve', '--port', '0', '--jobs', '1'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  await until(() => out.includes('按 Ctrl+C 停止'), 30_000);
  const url = /网页已启动：(http:\/\/127\.0\.0\.1:\d+)\//.exec(out)?.[1];
  if (!url) throw new Error(`serve did not start: ${out}`);
  return { child, url };
}

describe('builds in worker processes', () => {
  it('a build runs in a process of its own, kept warm for the next upload and ended when idle', async () => {
    const s = await serve({ limits: { concurrency: 1, idleMs: 800 } });
    try {
      const { runner } = appInternals.get(s.app)!;
      expect((await build(s, laiwu())).status).toBe(200);
      const [pid] = runner.pids();
      expect(pid).toBeDefined();
      expect(pid).not.toBe(process.pid);
      expect(alive(pid!)).toBe(true);
      expect((await build(s, laiwu())).status).toBe(200);
      expect(runner.pids()).toEqual([pid]);
      expect(runner.started).toBe(1);
      // Idle past idleMs: ended, its memory the system's again.
      expect(await until(() => !alive(pid!), 10_000)).toBe(true);
      expect(runner.pids()).toEqual([]);
      // The next upload starts a fresh one.
      expect((await build(s, laiwu())).status).toBe(200);
      expect(runner.started).toBe(2);
    } finally {
      await s.app.close();
    }
  });

  it('closing the server ends its worker processes', async () => {
    const s = await serve({ limits: { concurrency: 2 } });
    const { runner } = appInternals.get(s.app)!;
    await Promise.all([build(s, laiwu()), build(s, laiwu())]);
    const pids = runner.pids();
    expect(pids.length).toBeGreaterThanOrEqual(1);
    await s.app.close();
    for (const pid of pids) expect(alive(pid)).toBe(false);
  });

  (linux ? it : it.skip)('a worker process killed while idle is replaced: the next upload, sent at once, is built', async () => {
    const s = await serve({ limits: { concurrency: 1 } });
    try {
      const { runner } = appInternals.get(s.app)!;
      expect((await build(s, laiwu())).status).toBe(200);
      const [pid] = runner.pids();
      process.kill(pid!, 'SIGKILL');
      const again = await build(s, laiwu());
      expect(again.status).toBe(200);
      expect(runner.pids()).not.toContain(pid);
    } finally {
      await s.app.close();
    }
  });

  it('when no worker process can be started, the upload fails with a message of its own and the server goes on', async () => {
    const cp = require('node:child_process') as typeof import('node:child_process');
    const original = cp.spawn;
    const spy = jest.spyOn(cp, 'spawn').mockImplementation(((_cmd: string, args: string[], opts: object) => original('/nonexistent/fiscal-report-node', args, opts)) as typeof cp.spawn);
    const s = await serve({ limits: { concurrency: 1 } });
    try {
      const failed = await build(s, laiwu());
      expect(failed.status).toBe(422);
      expect(failed.html).toContain('程序出错');
      spy.mockRestore();
      expect((await build(s, laiwu())).status).toBe(200);
    } finally {
      spy.mockRestore();
      await s.app.close();
    }
  });

  (linux ? it : it.skip)('a server killed outright (kill -9) leaves no worker process behind', async () => {
    const env = { ...process.env };
    delete env.FISCAL_REPORT_TOKEN;
    const { child, url } = await startServer(['--require', 'tsx/cjs', join(ROOT, 'test', 'run-cli.ts')], env);
    try {
      const res = await fetch(`${url}/build`, { method: 'POST', body: form(laiwu()) });
      expect(res.status).toBe(200);
      // (Other children come and go: the search for LibreOffice.)
      const workers = childrenOf(child.pid!).filter((p) => readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('build-worker'));
      expect(workers.length).toBe(1);
      child.kill('SIGKILL');
      // Its channel to the server closed, the worker ends itself.
      expect(await until(() => workers.every((p) => !alive(p)), 10_000)).toBe(true);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('the server process', () => {
  const bin = join(ROOT, 'bin', 'fiscal-report.js');
  const ready = linux && typeof (process as { execve?: unknown }).execve === 'function' && existsSync(join(ROOT, 'dist', 'bundle', 'index.cjs'));
  const environ = (pid: number) => readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');

  (ready ? it : it.skip)('serve starts itself once more with glibc\'s mmap threshold (the same process), and keeps one the administrator set', async () => {
    const env = { ...process.env };
    delete env.FISCAL_REPORT_TOKEN;
    delete env.MALLOC_MMAP_THRESHOLD_;
    for (const [given, expected] of [[undefined, '32768'], ['131072', '131072']] as const) {
      const { child, url } = await startServer([bin], { ...env, ...(given ? { MALLOC_MMAP_THRESHOLD_: given } : {}) });
      try {
        // The process spawned is the one serving: execve replaced its program, not its id.
        expect(environ(child.pid!)).toContain(`MALLOC_MMAP_THRESHOLD_=${expected}`);
        expect(environ(child.pid!).includes('FISCAL_REPORT_MALLOC_SET=1')).toBe(given === undefined);
        expect(readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0')).toEqual([process.execPath, bin, 'serve', '--port', '0', '--jobs', '1', '']);
        const res = await fetch(`${url}/build`, { method: 'POST', body: form(laiwu()) });
        expect(res.status).toBe(200);
        // Its worker process runs the bundled build worker through the same launcher.
        const launched = (p: number) => readFileSync(`/proc/${p}/cmdline`, 'utf8') === [process.execPath, bin, ''].join('\0');
        const worker = childrenOf(child.pid!).find(launched);
        expect(worker).toBeDefined();
        // Without the server's own malloc setting (a build would map and unmap buffers by the thousand); with the administrator's.
        expect(environ(worker!).filter((e) => e.startsWith('MALLOC_MMAP_THRESHOLD_='))).toEqual(given ? [`MALLOC_MMAP_THRESHOLD_=${given}`] : []);
        const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
        expect(alive(worker!)).toBe(false);
      } finally {
        child.kill('SIGKILL');
      }
    }
  });

  (ready ? it : it.skip)('serve started with an IPC channel (a process manager\'s fork) keeps it: no second start', async () => {
    const env = { ...process.env };
    delete env.FISCAL_REPORT_TOKEN;
    delete env.MALLOC_MMAP_THRESHOLD_;
    const child = fork(bin, ['serve', '--port', '0', '--jobs', '1'], { cwd: ROOT, env, silent: true });
    try {
      let out = '';
      child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
      expect(await until(() => out.includes('按 Ctrl+C 停止'), 30_000)).toBe(true);
      expect(child.connected).toBe(true);
      expect(environ(child.pid!).filter((e) => e.startsWith('MALLOC_MMAP_THRESHOLD_='))).toEqual([]);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('LibreOffice and the worker processes do without this program\'s own malloc settings, not without the administrator\'s', () => {
    expect(withoutOwnMalloc({ MALLOC_MMAP_THRESHOLD_: '32768', FISCAL_REPORT_MALLOC_SET: '1', PATH: '/bin' })).toEqual({ PATH: '/bin' });
    expect(withoutOwnMalloc({ MALLOC_MMAP_THRESHOLD_: '131072', PATH: '/bin' })).toEqual({ MALLOC_MMAP_THRESHOLD_: '131072', PATH: '/bin' });
    // The batch's arena count likewise (bin/fiscal-report.js), each setting by its own mark.
    expect(withoutOwnMalloc({ MALLOC_ARENA_MAX: '2', FISCAL_REPORT_MALLOC_ARENAS_SET: '1', PATH: '/bin' })).toEqual({ PATH: '/bin' });
    expect(withoutOwnMalloc({ MALLOC_ARENA_MAX: '4', PATH: '/bin' })).toEqual({ MALLOC_ARENA_MAX: '4', PATH: '/bin' });
    expect(withoutOwnMalloc({ MALLOC_ARENA_MAX: '4', MALLOC_MMAP_THRESHOLD_: '32768', FISCAL_REPORT_MALLOC_SET: '1', PATH: '/bin' })).toEqual({ MALLOC_ARENA_MAX: '4', PATH: '/bin' });
  });

  (ready ? it : it.skip)('the worker launcher refuses to run outside the server', () => {
    const r = require('node:child_process').spawnSync(process.execPath, [bin], { env: { ...process.env, FISCAL_REPORT_WORKER_PROCESS: 'build-worker' }, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('只供网页服务内部使用');
  });
});
