#!/usr/bin/env node
// The `credhelper` executable (dist/cli/bin.js, copied there by scripts/bundle-cli.mjs): runs a CLI
// bundle compiled from V8's code cache (`<bundle>.v8-cache`, written at build time). Measured on
// Node 20 (issue #21): compiling the ~700 kB bundle costs ~11 ms of every run, reading it from the
// cache ~2 ms. Node 20 has no module compile cache (Node 22's `module.enableCompileCache`), so this
// does what it does with `vm.Script`'s `cachedData`. A cache that does not match (another Node,
// another build) is rejected by V8 and the bundle is compiled as usual: same behaviour, start-up as
// without it.
//
// Two bundles of the same CLI: dist/cli/cli-hot.js holds the commands that other programs start on
// every call (`get`: an apiKeyHelper; `aws-credential-process`: a credential_process) and leaves out
// the code only the other commands reach; dist/cli/cli.js holds every command. The first argument
// picks one, and a process runs only that one (no module is ever loaded twice, no state split).
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const vm = require('node:vm');

const BUNDLE = join(__dirname, 'cli.js');
const HOT_BUNDLE = join(__dirname, 'cli-hot.js');
const CACHE = `${BUNDLE}.v8-cache`;
/**
 * The commands that dist/cli/cli-hot.js runs (`HOT_COMMAND_MODULES` in scripts/bundle-cli.mjs), when
 * they come first (`credhelper get anthropic`, `credhelper aws-credential-process`, with their options
 * after them): that is how an apiKeyHelper or a credential_process calls credhelper. Any other
 * command line (options first, help, other commands) runs the full bundle.
 */
const HOT_COMMANDS = ['get', 'aws-credential-process'];

/** The bundle that runs the command line `args` (without node and the script). */
function bundleFor(args) {
  return HOT_COMMANDS.includes(args[0]) ? HOT_BUNDLE : BUNDLE;
}

/** `bundle` as a CommonJS module function, compiled from its code cache when V8 accepts it. */
function compileCli(bundle = BUNDLE) {
  // The build checks that the bundles are ASCII: latin1 reads them as is, without UTF-8 decoding.
  const source = readFileSync(bundle, 'latin1');
  let cachedData;
  try {
    cachedData = readFileSync(`${bundle}.v8-cache`);
  } catch {
    cachedData = undefined; // no cache: compiled as usual
  }
  return new vm.Script(
    `(function (exports, require, module, __filename, __dirname, __credhelperImport) {${source}\n})`,
    { filename: bundle, cachedData },
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

/**
 * Runs the compiled `bundle` as Node runs a CommonJS module. Its `require` is this file's: the
 * bundles sit beside it, so a specifier resolves the same (`createRequire(bundle)` would load
 * `node:module`, and with it the ESM loader's modules: ~0.2 ms of every start, issue #21).
 */
function runCli(script, bundle = BUNDLE) {
  const bundleModule = { exports: {}, filename: bundle };
  const run = script.runInThisContext();
  run(bundleModule.exports, require, bundleModule, bundle, __dirname, importForCli);
}

module.exports = { BUNDLE, HOT_BUNDLE, CACHE, HOT_COMMANDS, bundleFor, compileCli, runCli };

if (require.main === module) {
  const bundle = bundleFor(process.argv.slice(2));
  runCli(compileCli(bundle), bundle);
}
