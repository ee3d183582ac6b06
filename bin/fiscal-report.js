#!/usr/bin/env node
'use strict';
// Starts the bundled CLI (dist/bundle/index.cjs, one file: quick to load) with a V8 code cache
// beside it, so later starts skip parsing and compiling; falls back to the tsc output in dist/.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { loadBundle } = require('./load-bundle');

function loadCli(bundle) {
  const { exports, saveCache } = loadBundle(bundle);
  // After the run, so the cache holds the functions the run compiled too; with the V8 flags a
  // fresh start has (the run may have changed some), or the next start would reject the cache.
  if (saveCache)
    process.once('beforeExit', () => {
      if (typeof exports.freshFlags === 'function') exports.freshFlags();
      saveCache();
    });
  return exports;
}

// A worker process of the web server (src/web/jobs.ts, src/worker-entry.ts processEntry): the
// named worker bundle, which answers on its IPC channel; no command runs.
const workerProcess = process.env.FISCAL_REPORT_WORKER_PROCESS;
if (workerProcess !== undefined) {
  if (!/^[a-z][a-z-]*$/.test(workerProcess) || !process.send) {
    console.error('fiscal-report：FISCAL_REPORT_WORKER_PROCESS 只供网页服务内部使用，请不要设置这个环境变量。');
    process.exit(2);
  }
  const { saveCache } = loadBundle(join(__dirname, '..', 'dist', 'bundle', `${workerProcess}.cjs`));
  // The worker writes the cache after its first build, so that it holds what a build runs.
  if (saveCache) globalThis.__fiscalReportSaveCodeCache = saveCache;
  return;
}

// The web server runs for days and, under a burst of uploads, takes and frees many buffers of
// 32 KB–1 MB (uploads, result pages, messages from its worker processes). glibc's malloc serves
// those below its threshold from its heap, which it cannot give back while a later small
// allocation sits above them: after 50 writers at once the server stayed 25–80 MB above its start
// for good. Mapped on their own, they go back when freed. The threshold is read when the process
// starts, so `serve` starts itself once more with it (execve: the same process id, nothing left
// behind), unless it is set already. Linux only; elsewhere, or without execve (Node < 22.15), the
// server runs as it is. (The worker processes and LibreOffice do without: src/child-env.ts.)
// Not when started with an IPC channel (a process manager's fork): the channel would not survive.
if (process.argv[2] === 'serve' && process.platform === 'linux' && process.env.MALLOC_MMAP_THRESHOLD_ === undefined && typeof process.execve === 'function' && !process.channel) {
  let sea = false;
  try {
    sea = require('node:sea').isSea();
  } catch {
    /* an older Node: not a single executable */
  }
  // In a single executable the executable is the script (scripts/sea-main.js set argv[1] to this file).
  const args = sea ? process.argv.slice(2) : [...process.execArgv, process.argv[1], ...process.argv.slice(2)];
  try {
    // FISCAL_REPORT_MALLOC_SET: the setting is this program's, not the administrator's (src/child-env.ts).
    process.execve(process.execPath, [process.execPath, ...args], { ...process.env, MALLOC_MMAP_THRESHOLD_: '32768', FISCAL_REPORT_MALLOC_SET: '1' });
  } catch {
    /* not allowed here: run as it is */
  }
}

// `batch` builds on this thread as well as on worker threads (src/batch/run.ts), which is faster
// than worker threads alone, but V8 lets a thread building one report after another grow its young
// generation to 128 MB, and its size can only be set when Node starts: a batch of 1,000 then peaked
// at about 360 MB instead of 220. So `batch` starts itself once more with the young generation
// capped (execve, as `serve` does above: the same process id; the flag leaves the code cache
// valid), and builds on this thread only when the cap is in force (src/heap.ts). Where it cannot (Windows,
// a single executable, Node without execve), the batch builds on worker threads alone, as before.
// In the same start, on Linux, glibc's malloc is held to two arenas (unless the administrator set how
// many, by MALLOC_ARENA_MAX or glibc's tunables; musl and the others ignore it):
// by default each thread that allocates gets an arena of its own, up to eight per core, and keeps
// what was freed in it, and a batch has many (this one, its worker, V8's compiler and collector
// threads, libuv's). A batch of 1,000 peaked at 249–263 MB with them and 218–249 MB with two, a
// batch of 300 at 189–196 and 177–182 MB, in the same time (five runs each on 2 cores).
const YOUNG_CAP = '--max-semi-space-size=8';
const arenasSet = process.env.MALLOC_ARENA_MAX !== undefined || /glibc\.malloc\.arena_max=/.test(process.env.GLIBC_TUNABLES ?? '');
const ARENAS = process.platform === 'linux' && !arenasSet ? { MALLOC_ARENA_MAX: '2', FISCAL_REPORT_MALLOC_ARENAS_SET: '1' } : {};
if (process.argv[2] === 'batch' && typeof process.execve === 'function' && process.platform !== 'win32' && !process.channel && !process.execArgv.some((a) => /^--max[-_]semi[-_]space[-_]size/.test(a))) {
  let sea = false;
  try {
    sea = require('node:sea').isSea();
  } catch {
    /* an older Node: not a single executable */
  }
  if (!sea)
    try {
      process.execve(process.execPath, [process.execPath, YOUNG_CAP, ...process.execArgv, process.argv[1], ...process.argv.slice(2)], { ...process.env, ...ARENAS });
    } catch {
      /* not allowed here: run as it is */
    }
}

// One command, one or two datasets: zod's compiled parsers (code generated and compiled on first
// use) cost a single build more than they save, about 60 ms. zod reads this shared configuration
// when the schemas are made, so it is set before the CLI loads. The batch, which validates hundreds
// of datasets per worker, keeps them.
if (process.argv[2] !== 'batch') globalThis.__zod_globalConfig = { ...globalThis.__zod_globalConfig, jitless: true };

let cli;
try {
  const bundle = join(__dirname, '..', 'dist', 'bundle', 'index.cjs');
  cli = existsSync(bundle) && !process.env.FISCAL_REPORT_NO_BUNDLE ? loadCli(bundle) : require('../dist/cli/index.js');
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND') {
    console.error('fiscal-report 尚未编译：请在项目目录运行 npm install（会自动编译），或运行 npm run build。');
    process.exit(2);
  }
  console.error('fiscal-report 无法启动：程序文件已损坏或不完整。请在项目目录重新运行 npm install（会重新编译）；仍然如此时，加 --debug 运行，把显示的信息发给负责 fiscal-report 的技术人员。');
  if (process.argv.includes('--debug')) console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
}
// main() answers every error itself; what escapes it (an error thrown later from a callback) gets
// the same one Chinese line and a log file, not a stack trace with the bundle's minified source.
const argv = process.argv.slice(2);
const unexpected = (e) => {
  try {
    cli.reportInternalError(e, argv, undefined, argv.includes('--debug') || process.env.FISCAL_REPORT_DEBUG === '1');
  } catch {
    console.error('程序内部错误：出现了本工具自身的问题（不是数据填写的问题），操作没有完成。请加 --debug 重新运行，把显示的信息连同所用的命令和数据文件发给负责 fiscal-report 的技术人员。');
  }
  process.exit(1);
};
process.on('uncaughtException', unexpected);
process.on('unhandledRejection', unexpected);
cli.main(argv).then((code) => {
  process.exitCode = code;
}, unexpected);
