/**
 * npm run bundle — the CLI, the batch worker and the web build worker as one file each (dist/bundle/*.cjs), which
 * bin/fiscal-report.js loads with a V8 code cache: a cold build reads, deserialises and runs
 * what is in here, so what a JSON build never uses stays out.
 *
 * - exceljs (and the streams, zip and promise libraries under it) is bundled into a file of its own
 *   (exceljs.cjs), loaded only when a workbook is read or written; fastify and its plugins likewise
 *   (web.cjs), loaded only by `fiscal-report serve`. dist/bundle needs nothing from node_modules.
 * - zod's translated messages (every language but English, which zod uses by default) are left
 *   out: fiscal-report writes its own Chinese messages (validate/zod-issues.ts).
 * - The default templates, precompiled here (precompiledTemplates), are bundled with it.
 */
const { build } = require('esbuild');
const { spawnSync } = require('node:child_process');
const { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');

/** The oldest Node the bundles run on: the oldest supported LTS line (package.json engines). */
const TARGET = 'node22';

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
 * The web server's libraries (fastify and its plugins), left out of the bundles: only
 * `fiscal-report serve` loads them, and bundled in they were a third of the file every command reads.
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
 * engine's own options (the engine and the template loader are loaded from source through tsx,
 * so bundling needs no tsc output). The engine takes one only when the template's source is
 * still this one.
 */
const precompiledTemplates = {
  name: 'precompiled-templates',
  setup(b) {
    b.onResolve({ filter: /^\.\/templates\.precompiled$/ }, () => ({ path: 'templates.precompiled', namespace: 'precompiled-templates' }));
    b.onLoad({ filter: /.*/, namespace: 'precompiled-templates' }, () => {
      const Handlebars = require('handlebars');
      const tsx = require('tsx/cjs/api');
      const { COMPILE } = tsx.require('../src/render/engine.ts', __filename);
      const { loadTemplates } = tsx.require('../src/load/templates.ts', __filename);
      const entries = [...loadTemplates().templates].map(
        ([name, t]) => `${JSON.stringify(name)}: { source: ${JSON.stringify(t.source)}, spec: ${Handlebars.precompile(t.source, COMPILE)} }`,
      );
      return { contents: `module.exports = { handlebars: ${JSON.stringify(Handlebars.VERSION)}, templates: {\n${entries.join(',\n')}\n} };`, loader: 'js' };
    });
  },
};

/**
 * The libraries the bundles leave out (loaded only by the commands that use them), each bundled
 * into a file of its own beside the bundles: dist/bundle/exceljs.cjs (workbooks) and
 * dist/bundle/web.cjs (the web server). dist/bundle then needs nothing from node_modules, so a
 * release (scripts/release.js) carries dist/bundle alone, without dependencies to install.
 */
const VENDOR = {
  exceljs: { file: 'exceljs.cjs', modules: ['exceljs'] },
  web: { file: 'web.cjs', modules: WEB_LIBRARIES },
};

/** `require("exceljs")`, `require("fastify")`… in the bundles → the vendor file beside them. */
const vendorFiles = {
  name: 'vendor-files',
  setup(b) {
    const names = Object.values(VENDOR).flatMap((v) => v.modules.map((m) => [m, v]));
    const filter = new RegExp(`^(${names.map(([m]) => m.replace(/[/.]/g, '\\$&')).join('|')})$`);
    b.onResolve({ filter }, (args) => (args.namespace === 'vendor-shim' ? null : { path: args.path, namespace: 'vendor-shim' }));
    b.onResolve({ filter: /^\.\/(exceljs|web)\.cjs$/ }, (args) => ({ path: args.path, external: true }));
    b.onLoad({ filter: /.*/, namespace: 'vendor-shim' }, (args) => {
      const vendor = names.find(([m]) => m === args.path)[1];
      return { contents: `module.exports = require(${JSON.stringify(`./${vendor.file}`)})[${JSON.stringify(args.path)}];`, loader: 'js' };
    });
  },
};

/**
 * Bundles the CLI, the batch worker, the web build worker and the vendor files into `outdir`.
 * `warm`: write the V8 code caches beside the bundles (a release leaves them out: a cache is
 * only good for the Node version that wrote it).
 */
async function bundle({ outdir = join(ROOT, 'dist', 'bundle'), warm = true, minify = !process.env.BUNDLE_NO_MINIFY, metafile = process.env.BUNDLE_METAFILE } = {}) {
  const common = { absWorkingDir: ROOT, bundle: true, platform: 'node', target: TARGET, format: 'cjs', minify, logLevel: 'warning' };
  const result = await build({
    ...common,
    entryPoints: ['src/cli/index.ts', 'src/batch/worker.ts', 'src/web/build-worker.ts'],
    mainFields: ['module', 'main'],
    define: { FISCAL_REPORT_BUNDLE: 'true' },
    plugins: [zodEnglishOnly, vendorFiles, noLinkify, precompiledTemplates],
    metafile: !!metafile,
    outdir,
    entryNames: '[name]',
    outExtension: { '.js': '.cjs' },
  });
  if (metafile) writeFileSync(metafile, JSON.stringify(result.metafile));
  for (const vendor of Object.values(VENDOR)) {
    const contents = `module.exports = {\n${vendor.modules.map((m) => `  ${JSON.stringify(m)}: require(${JSON.stringify(m)}),`).join('\n')}\n};`;
    await build({ ...common, stdin: { contents, resolveDir: ROOT, loader: 'js', sourcefile: vendor.file }, outfile: join(outdir, vendor.file) });
  }
  for (const f of ['index.cjs', 'worker.cjs', 'build-worker.cjs']) asciiOnly(join(outdir, f));
  if (warm) warmCodeCache(outdir);
}

/**
 * Rewrites a bundle's non-ASCII characters as \u escapes (esbuild escapes those in strings, not
 * those in regular expressions, which hold the Chinese the messages are matched by). Read as
 * UTF-8, a file with any non-ASCII character becomes a two-byte string twice its length, decoded
 * character by character: pure ASCII, it is read and kept as one byte a character. An escape
 * means the same character everywhere it can stand in the minified code: a string, a template's
 * text (the cooked text; no template here reads its raw text), a regular expression (in or out of
 * a character class, with or without the u flag), an identifier. A character outside the BMP would
 * need a code point escape in an identifier, so one refuses the build. test/bundle-ascii.test.ts checks the
 * rewritten bundle means what the original did.
 */
function asciiOnly(file) {
  writeFileSync(file, asciiEscapes(readFileSync(file, 'utf8'), file));
}

/** The text of a script with every non-ASCII character written as a \u escape (see asciiOnly). */
function asciiEscapes(text, file = 'script') {
  if (/[\uD800-\uDFFF]/.test(text)) throw new Error(`${file}: a character outside the BMP; asciiOnly() would have to escape it by code point`);
  // A character escaped by a backslash (an identity escape, /\。/) becomes the escape alone: the
  // backslash before \u would otherwise escape the \ of \u.
  return text.replace(/(\\*)([^\x00-\x7f])/g, (_, slashes, c) => `${slashes.slice(slashes.length % 2)}\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

module.exports = { bundle, asciiEscapes, TARGET };

if (require.main === module)
  bundle().catch((e) => {
    if (!e || !e.errors) console.error(e); // esbuild has printed its own errors
    process.exit(1);
  });

/**
 * The V8 code caches beside the bundles are written by the first run after a change
 * (bin/fiscal-report.js, batch/pool.ts) and hold the functions that ran compiled: a build and a
 * small batch of the examples make them cover a build.
 */
function warmCodeCache(outdir) {
  // V8 checks a cache against its script's length only: a rebuilt bundle must not meet an old cache.
  for (const f of ['index.cjs', 'worker.cjs', 'build-worker.cjs']) rmSync(join(outdir, `${f}.v8cache`), { force: true });
  // And the temporary file of a cache a killed process was writing (bin/load-bundle.js: <cache>.<pid>-<tag>).
  for (const f of readdirSync(outdir)) if (/\.v8cache\.\d+-\d+$/.test(f)) rmSync(join(outdir, f), { force: true });
  // The CLI below loads the bundles in dist/bundle.
  if (outdir !== join(ROOT, 'dist', 'bundle')) return;
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
