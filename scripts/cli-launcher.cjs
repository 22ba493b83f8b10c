#!/usr/bin/env node
// The `credhelper` executable (dist/cli/bin.js, copied there by scripts/bundle-cli.mjs): runs the
// CLI bundle (dist/cli/cli.js) compiled from V8's code cache (dist/cli/cli.js.v8-cache, written at
// build time). Measured on Node 20 (issue #21): compiling the ~600 kB bundle costs ~11 ms of every
// run, reading it from the cache ~2 ms. Node 20 has no module compile cache (Node 22's
// `module.enableCompileCache`), so this does what it does with `vm.Script`'s `cachedData`. A cache
// that does not match (another Node, another build) is rejected by V8 and the bundle is compiled
// as usual: same behaviour, start-up as without it.
'use strict';
const { readFileSync } = require('node:fs');
const nodeModule = require('node:module');
const { join } = require('node:path');
const vm = require('node:vm');

const BUNDLE = join(__dirname, 'cli.js');
const CACHE = `${BUNDLE}.v8-cache`;

/** The bundle as a CommonJS module function, compiled from the code cache when V8 accepts it. */
function compileCli() {
  const source = readFileSync(BUNDLE, 'utf8');
  let cachedData;
  try {
    cachedData = readFileSync(CACHE);
  } catch {
    cachedData = undefined; // no cache: compiled as usual
  }
  return new vm.Script(
    `(function (exports, require, module, __filename, __dirname, __credhelperImport) {${source}\n})`,
    { filename: BUNDLE, cachedData },
  );
}

/**
 * The bundle's `import("…")` of external packages (the cloud SDKs…) and built-ins: code compiled
 * from a code cache cannot run `import()` itself on Node 20, this file (loaded by Node) can. The
 * bundle sits beside this file: a specifier resolves the same from either. A built-in is required:
 * its namespace has the same named exports, and `import()` would start the ESM loader (~+4 ms) on
 * the first helper run.
 */
function importForCli(specifier) {
  if (specifier.startsWith('node:')) {
    return new Promise((resolve) => {
      const exports = require(specifier);
      resolve({ ...exports, default: exports });
    });
  }
  return import(specifier);
}

/** Runs the compiled bundle as Node runs a CommonJS module. */
function runCli(script) {
  const bundleModule = { exports: {}, filename: BUNDLE };
  const run = script.runInThisContext();
  run(bundleModule.exports, nodeModule.createRequire(BUNDLE), bundleModule, BUNDLE, __dirname, importForCli);
}

module.exports = { BUNDLE, CACHE, compileCli, runCli };

if (require.main === module) runCli(compileCli());
