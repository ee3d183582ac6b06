#!/usr/bin/env node
'use strict';
let cli;
try {
  cli = require('../dist/cli/index.js');
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
