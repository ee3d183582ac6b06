#!/usr/bin/env node
'use strict';
// Starts the bundled CLI (dist/bundle/index.cjs, one file: quick to load) with a V8 code cache
// beside it, so later starts skip parsing and compiling; falls back to the tsc output in dist/.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { loadBundle } = require('./load-bundle');

function loadCli(bundle) {
  const { exports, saveCache } = loadBundle(bundle);
  // After the run, so the cache holds the functions the run compiled too.
  if (saveCache) process.once('beforeExit', saveCache);
  return exports;
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
  throw e;
}
cli.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
