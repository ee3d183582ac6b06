'use strict';
/**
 * The entry of the single executable (scripts/release.js): Node's binary with this script and the
 * release's package folder (bin/, dist/bundle/, templates/, data/, tools/fonts.conf …) as assets.
 *
 * The package folder is written out once into a per-user cache (~/.cache/fiscal-report/<version>-<id>
 * on Linux, %LOCALAPPDATA%\fiscal-report\… on Windows; FISCAL_REPORT_CACHE to choose another
 * place), then the CLI runs from there exactly as from an installed package: the templates and
 * examples are read from it, worker threads load their bundles from it, and the V8 code caches are
 * written beside the bundles on the first runs. The folder's name carries a hash of its content,
 * so another release never meets it. Where no cache can be written, a folder of this run's own is
 * used and removed at exit.
 *
 * In a single executable `require` loads only Node's built-in modules; the CLI is loaded through
 * a require made for its file.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const Module = require('node:module');
const sea = require('node:sea');

/** { version, id, files: [relative path, …] }: each file is the asset of that name. */
const manifest = JSON.parse(sea.getAsset('manifest.json', 'utf8'));

function cacheBase() {
  const env = process.env;
  if (env.FISCAL_REPORT_CACHE) return path.resolve(env.FISCAL_REPORT_CACHE);
  if (process.platform === 'win32') return path.join(env.LOCALAPPDATA || path.join(os.homedir(), 'AppData', 'Local'), 'fiscal-report');
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'fiscal-report');
}

function extract(dir) {
  for (const rel of manifest.files) {
    const to = path.join(dir, ...rel.split('/'));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.writeFileSync(to, new Uint8Array(sea.getRawAsset(rel)));
  }
}

const complete = (dir) => manifest.files.every((rel) => fs.existsSync(path.join(dir, ...rel.split('/'))));

/** The package folder: written into the cache (whole, then renamed into place) unless there already. */
function packageDir() {
  const name = `${manifest.version}-${manifest.id}`;
  try {
    const base = cacheBase();
    const dir = path.join(base, name);
    if (complete(dir)) return dir;
    fs.mkdirSync(base, { recursive: true, mode: 0o700 });
    const tmp = fs.mkdtempSync(path.join(base, `${name}.tmp-`));
    try {
      extract(tmp);
      // A folder someone emptied in part is replaced.
      if (fs.existsSync(dir) && !complete(dir)) fs.rmSync(dir, { recursive: true, force: true });
      fs.renameSync(tmp, dir);
    } catch (e) {
      fs.rmSync(tmp, { recursive: true, force: true });
      // Another run of the same release may have put it there first.
      if (!complete(dir)) throw e;
    }
    return dir;
  } catch {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fiscal-report-'));
    removeAtExit(dir);
    extract(dir);
    // Handed on to the processes this one becomes or starts (below).
    process.env.FISCAL_REPORT_PACKAGE_TEMP = dir;
    return dir;
  }
}

function removeAtExit(dir) {
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
}

/**
 * A folder of this run's own, from the process this one came from: the web server's worker
 * processes use the server's (FISCAL_REPORT_WORKER_PROCESS; the server removes it), and `serve`,
 * which starts itself once more in place (bin/fiscal-report.js), takes over removing it — the
 * process it replaced had no chance to. Anyone else unpacks a folder of their own.
 */
function inheritedDir() {
  const dir = process.env.FISCAL_REPORT_PACKAGE_TEMP;
  if (!dir || !path.isAbsolute(dir) || !path.basename(dir).startsWith('fiscal-report-') || !complete(dir)) return null;
  if (process.env.FISCAL_REPORT_WORKER_PROCESS) return dir;
  if (process.argv[2] === 'serve' && process.env.FISCAL_REPORT_MALLOC_SET === '1') {
    removeAtExit(dir);
    return dir;
  }
  return null;
}

const bin = path.join(inheritedDir() ?? packageDir(), 'bin', 'fiscal-report.js');
// The bundled CLI only: the tsc output it could fall back to is not in a release.
delete process.env.FISCAL_REPORT_NO_BUNDLE;
// As `node bin/fiscal-report.js …` would have it: the CLI reads its arguments from argv[2] on.
process.argv[1] = bin;
Module.createRequire(bin)(bin);
