#!/usr/bin/env node
'use strict';
/**
 * npm install (npm ci) in the project folder compiles and bundles the CLI, as `npm run build`.
 * Without the dev dependencies (npm ci --omit=dev) there is no compiler: the install goes through
 * and says where a built fiscal-report is (the release, README “安装”) instead of failing on
 * "tsc: not found". A release's package (scripts/release.js) has no scripts: it is built already.
 */
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');

let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc');
  require.resolve('esbuild');
} catch {
  process.stderr.write(
    'fiscal-report：未安装开发依赖（typescript、esbuild），跳过编译。在项目目录中使用需要完整安装（npm install 或 npm ci，不加 --omit=dev）；' +
      '不编译、不联网直接使用，请用发布包（npm run release 生成的安装包或可执行文件，见 README“安装”）。\n',
  );
  process.exit(0);
}
execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
require('./bundle')
  .bundle()
  .catch((e) => {
    if (!e || !e.errors) console.error(e);
    process.exit(1);
  });
