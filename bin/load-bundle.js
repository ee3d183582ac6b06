'use strict';
// Runs a bundled script (dist/bundle/*.cjs: one file, quick to load) as a CommonJS module with a
// V8 code cache beside it, so later starts skip parsing and compiling. Used by the CLI
// (bin/fiscal-report.js) and by the batch's worker threads (src/batch/pool.ts).
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { dirname } = require('node:path');

/**
 * Returns the module's exports and, when there was no usable cache, `saveCache`: call it once the
 * script has run what it usually runs, so the cache holds those functions compiled. `tag` tells
 * apart the temporary files of threads writing the same cache at once.
 */
function loadBundle(file, tag = 0) {
  const vm = require('node:vm');
  const Module = require('node:module');
  const cacheFile = `${file}.v8cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    /* first run */
  }
  const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants && vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const mod = { exports: {} };
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, dirname(file));
  const saveCache =
    cachedData && !script.cachedDataRejected
      ? null
      : () => {
          try {
            const tmp = `${cacheFile}.${process.pid}-${tag}`;
            writeFileSync(tmp, script.createCachedData());
            renameSync(tmp, cacheFile);
          } catch {
            /* a read-only install: run without a cache */
          }
        };
  return { exports: mod.exports, saveCache };
}

module.exports = { loadBundle };
