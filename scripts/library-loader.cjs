// The library's loader (dist/chunks/library-loader.cjs, copied there by scripts/bundle-lib.mjs): runs
// the CommonJS bundle of both entries, dist/chunks/library.cjs, compiled from V8's code cache
// (`library.cjs.v8-cache`, written at build time). dist/index.js and dist/internal.js (ESM) and
// dist/index.cjs and dist/internal.cjs (CommonJS) all read the library from here: one instance of
// every module in a process, whichever way it was loaded (`CredentialHelperError` is one class).
// Measured on Node 20 (issue #21): compiling the ~400 kB ES module cost ~8 ms of `import('credhelper')`
// and evaluating it ~13 ms; compiled from the cache, with the functions the warm-up ran already
// compiled, the whole import costs +11.8 ms over `node -e 0` instead of +19.4 ms (figures in
// scripts/bundle-lib.mjs). Node 20 has no
// module compile cache (Node 22's `module.enableCompileCache`), so this does what the CLI's launcher
// (scripts/cli-launcher.cjs) does, with `vm.Script`'s `cachedData`. A cache that does not fit (another
// Node, another build, a damaged file) is rejected by V8 and the bundle is compiled as usual: the same
// library, started as fast as without a cache.
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const vm = require('node:vm');

/** The bundle of both entries. */
const BUNDLE = join(__dirname, 'library.cjs');

/**
 * The first line of the cache file: the Node that wrote it. A cache from another Node is not given
 * to V8 (Node 22's compile cache is kept per Node version too): V8's own check is its version and
 * flags, which two Node releases can share.
 */
const NODE_TAG = Buffer.from(`node ${process.version} ${process.arch}\n`, 'latin1');

/**
 * The V8 code cache in `file` when the file is the one this Node wrote ({@link NODE_TAG}, then the
 * cache twice, both copies the same); else `undefined` (no file, another Node's, a truncated or
 * damaged one). V8 checks a cache's header (its version, flags, the source's length, the payload's
 * length) but not the payload's checksum in a release build (`--verify-snapshot-checksum` is off):
 * a cache damaged past its header crashed the process (SIGSEGV, or a V8 fatal error; measured on
 * Node 20.20 with one bit flipped). Node 22's compile cache checks a hash of its own for the same
 * reason. Here a hash cost too much of the ~11 ms (measured: `node:crypto` is not loaded at start,
 * requiring it loads 36 modules, the streams among them, ~3.5 ms; a checksum in JavaScript ~2 ms,
 * in WebAssembly ~1.6 ms with its compilation), where reading the second copy and comparing
 * (memcmp) cost ~0.15 ms; the package is ~105 kB bigger.
 */
function verifiedCache(file) {
  let data;
  try {
    data = readFileSync(file);
  } catch {
    return undefined; // no cache: compiled as usual
  }
  if (!data.subarray(0, NODE_TAG.length).equals(NODE_TAG)) return undefined;
  const copies = data.subarray(NODE_TAG.length);
  const half = copies.length / 2;
  if (half === 0 || !Number.isInteger(half)) return undefined;
  const cache = copies.subarray(0, half);
  return cache.equals(copies.subarray(half)) ? cache : undefined;
}

/**
 * The process's main context's global object. A host that runs modules in a vm context of their own
 * (Jest, vitest's vmThreads/vmForks pools) gives them their own `process` (its `env` a copy that the
 * tests change), timers and built-in classes (`Error`), and `runInThisContext` runs in the main
 * context: there the library would read the main context's `process.env` and throw errors that are
 * not the host's `Error`s. So the bundle runs in the context of the code that loads it: this file's
 * (a CommonJS host), or the ES entry's (`libraryFor(globalThis)`, since `process.getBuiltinModule`'s
 * `require` loads this file in the main context), compiled there by that context's `Function`,
 * without the code cache (vm.Script runs only in a context it is given).
 */
const MAIN_GLOBAL = vm.runInThisContext('globalThis');

/** The parameters of the bundle's module function. */
const PARAMS = ['exports', 'require', 'module', '__filename', '__dirname', '__credhelperImport'];
/**
 * The bundle file is `WRAPPER_HEAD` + its code + `WRAPPER_TAIL` (written so by scripts/bundle-lib.mjs):
 * the module function itself, compiled as it is.
 */
const WRAPPER_HEAD = `(function (${PARAMS.join(', ')}) {`;
const WRAPPER_TAIL = '\n})\n';

/** `bundle` as a CommonJS module function for the context whose global is `realm`, compiled from `<bundle>.v8-cache` when V8 accepts it. */
function compileLibrary(bundle = BUNDLE, realm = globalThis) {
  // The build checks that the bundle is ASCII: latin1 reads it as is, without UTF-8 decoding.
  const source = readFileSync(bundle, 'latin1');
  if (realm !== MAIN_GLOBAL) {
    // A script-like object for runLibrary (and the tests' `cachedDataRejected`: no cache was offered).
    const body = source.slice(WRAPPER_HEAD.length, source.length - WRAPPER_TAIL.length);
    const run = new realm.Function(...PARAMS, `${body}\n//# sourceURL=${bundle}`);
    return { cachedDataRejected: undefined, runInThisContext: () => run };
  }
  const cachedData = verifiedCache(`${bundle}.v8-cache`);
  return new vm.Script(source, { filename: bundle, cachedData });
}

/**
 * The bundle's `import("…")` of external packages (the cloud SDKs, the proxy libraries,
 * proper-lockfile…) and built-ins: code compiled from a code cache cannot run `import()` itself on
 * Node 20 (it has no loader there: a bare TypeError), this file (loaded by Node) can. The bundle sits
 * beside this file: a package resolves the same from either. A built-in is required: its namespace
 * has the same named exports, and `import()` would start the ESM loader for a CommonJS consumer.
 */
function importForLibrary(specifier) {
  if (specifier.startsWith('node:')) {
    return new Promise((resolve) => {
      const exports = require(specifier);
      resolve({ ...exports, default: exports });
    });
  }
  return import(specifier);
}

/**
 * Runs the compiled `bundle` as Node runs a CommonJS module; returns its exports (both entries'
 * names). Its `require` is this file's: the bundle sits beside it, so a specifier resolves the same
 * (`createRequire` would load `node:module`, and the ESM loader's modules with it, for a CommonJS host).
 */
function runLibrary(script, bundle = BUNDLE) {
  const bundleModule = { exports: {}, filename: bundle };
  const run = script.runInThisContext();
  run(bundleModule.exports, require, bundleModule, bundle, __dirname, importForLibrary);
  return bundleModule.exports;
}

let script;
let library;
/** The library of every other context (see {@link MAIN_GLOBAL}), by its global object. */
const otherContexts = new WeakMap();

/**
 * The library run in the context whose global object is `realm` (the ES entries pass their
 * `globalThis`): one instance per context, this file's own the one of `library`.
 */
function libraryFor(realm) {
  if (realm === globalThis) {
    if (library === undefined) {
      script = compileLibrary();
      library = runLibrary(script);
    }
    return library;
  }
  let other = otherContexts.get(realm);
  if (other === undefined) {
    other = runLibrary(compileLibrary(BUNDLE, realm));
    otherContexts.set(realm, other);
  }
  return other;
}

/**
 * `library`: the names of both entries for this file's context (the CommonJS entries pick theirs);
 * `libraryFor(globalThis)`: the same for an ES entry's context. `script`: the compiled bundle, for
 * the build's warm-up (`script.createCachedData()`, written after `NODE_TAG`) and the tests
 * (`script.cachedDataRejected`). Both are made on first use.
 */
module.exports = {
  get library() {
    return libraryFor(globalThis);
  },
  get script() {
    libraryFor(globalThis);
    return script;
  },
  libraryFor,
  BUNDLE,
  NODE_TAG,
  WRAPPER_HEAD,
  WRAPPER_TAIL,
  compileLibrary,
  runLibrary,
};
