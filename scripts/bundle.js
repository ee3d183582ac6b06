/**
 * npm run bundle — the CLI, the batch worker and the web build worker as one file each (dist/bundle/*.cjs), which
 * bin/fiscal-report.js loads with a V8 code cache: a cold build reads, deserialises and runs
 * what is in here, so what a JSON build never uses stays out.
 *
 * - exceljs (and the streams, zip and promise libraries under it) is left to node_modules and
 *   loaded only when a workbook is read or written.
 * - zod's translated messages (every language but English, which zod uses by default) are left
 *   out: fiscal-report writes its own Chinese messages (validate/zod-issues.ts).
 * - The default templates, precompiled by scripts/precompile-templates.ts, are bundled with it.
 */
const { build } = require('esbuild');
const { spawnSync } = require('node:child_process');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');

/** zod/v4/locales/index.js → English only. */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
      contents: 'export { default as en } from "./en.js";',
      loader: 'js',
      resolveDir: join(ROOT, 'node_modules', 'zod', 'v4', 'locales'),
    }));
  },
};

/**
 * exceljs from node_modules, by require: the sources import() it, and an import() left in the
 * bundle would need the ES module loader, which a script run from the code cache does not have.
 */
const excelFromNodeModules = {
  name: 'exceljs-from-node-modules',
  setup(b) {
    b.onResolve({ filter: /^exceljs$/ }, (args) => (args.namespace === 'exceljs-shim' ? { path: 'exceljs', external: true } : { path: 'exceljs', namespace: 'exceljs-shim' }));
    b.onLoad({ filter: /.*/, namespace: 'exceljs-shim' }, () => ({ contents: 'module.exports = require("exceljs");', loader: 'js' }));
  },
};

/**
 * The web server's libraries (fastify and its plugins) from node_modules, by require: only
 * `fiscal-report serve` loads them, and bundled they were a third of the file every command reads.
 */
const WEB_LIBRARIES = ['fastify', '@fastify/cookie', '@fastify/formbody', '@fastify/multipart'];

/**
 * linkify-it, which markdown-it constructs with every parser and compiles (a few milliseconds of
 * regular expressions) even when linkify is off, as it is here: a stand-in that is never asked.
 */
const noLinkify = {
  name: 'no-linkify',
  setup(b) {
    b.onResolve({ filter: /^linkify-it$/ }, () => ({ path: 'linkify-it', namespace: 'no-linkify' }));
    b.onLoad({ filter: /.*/, namespace: 'no-linkify' }, () => ({
      contents: 'export default class LinkifyIt { test() { return false; } match() { return null; } pretest() { return false; } }',
      loader: 'js',
    }));
  },
};

/**
 * ./templates.precompiled (src/render/engine.ts): the default templates, precompiled with the
 * engine's own options (from the tsc output, built just before). The engine takes one only when
 * the template's source is still this one.
 */
const precompiledTemplates = {
  name: 'precompiled-templates',
  setup(b) {
    b.onResolve({ filter: /^\.\/templates\.precompiled$/ }, () => ({ path: 'templates.precompiled', namespace: 'precompiled-templates' }));
    b.onLoad({ filter: /.*/, namespace: 'precompiled-templates' }, () => {
      const Handlebars = require('handlebars');
      const { COMPILE } = require(join(ROOT, 'dist', 'render', 'engine.js'));
      const { loadTemplates } = require(join(ROOT, 'dist', 'load', 'templates.js'));
      const entries = [...loadTemplates().templates].map(
        ([name, t]) => `${JSON.stringify(name)}: { source: ${JSON.stringify(t.source)}, spec: ${Handlebars.precompile(t.source, COMPILE)} }`,
      );
      return { contents: `module.exports = { handlebars: ${JSON.stringify(Handlebars.VERSION)}, templates: {\n${entries.join(',\n')}\n} };`, loader: 'js' };
    });
  },
};

build({
  absWorkingDir: ROOT,
  entryPoints: ['src/cli/index.ts', 'src/batch/worker.ts', 'src/web/build-worker.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  mainFields: ['module', 'main'],
  minify: !process.env.BUNDLE_NO_MINIFY,
  define: { FISCAL_REPORT_BUNDLE: 'true' },
  external: WEB_LIBRARIES,
  plugins: [zodEnglishOnly, excelFromNodeModules, noLinkify, precompiledTemplates],
  metafile: !!process.env.BUNDLE_METAFILE,
  outdir: 'dist/bundle',
  entryNames: '[name]',
  outExtension: { '.js': '.cjs' },
  logLevel: 'warning',
})
  .then((result) => {
    if (result.metafile) require('node:fs').writeFileSync(process.env.BUNDLE_METAFILE, JSON.stringify(result.metafile));
    warmCodeCache();
  })
  .catch(() => process.exit(1));

/**
 * The V8 code caches beside the bundles are written by the first run after a change
 * (bin/fiscal-report.js, batch/pool.ts) and hold the functions that ran compiled: a build and a
 * small batch of the examples make them cover a build.
 */
function warmCodeCache() {
  // V8 checks a cache against its script's length only: a rebuilt bundle must not meet an old cache.
  for (const f of ['index.cjs', 'worker.cjs']) rmSync(join(ROOT, 'dist', 'bundle', `${f}.v8cache`), { force: true });
  const out = mkdtempSync(join(tmpdir(), 'fiscal-report-cache-'));
  try {
    const env = { ...process.env };
    delete env.FISCAL_REPORT_NO_BUNDLE;
    const bin = join(ROOT, 'bin', 'fiscal-report.js');
    spawnSync(process.execPath, [bin, 'build', join(ROOT, 'data', 'laiwu-2024.json'), '--out', out], { env, stdio: 'ignore' });
    // And the batch workers' cache (worker.cjs.v8cache), which a worker writes after its first job.
    const config = join(out, 'warm.batch.json');
    const jobs = ['laiwu-2024.json', 'laiwu-2024-performance.json'].map((d, i) => ({ name: `warm-${i}`, dataset: join(ROOT, 'data', d), out: join(out, `out-${i}`) }));
    writeFileSync(config, JSON.stringify({ jobs }));
    spawnSync(process.execPath, [bin, 'batch', config, '--jobs', '2', '--allow-absolute'], { env, stdio: 'ignore' });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
