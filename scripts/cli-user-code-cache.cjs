// The user's own code cache of the CLI bundle (dist/cli/user-code-cache.cjs, copied there by
// scripts/bundle-cli.mjs; loaded by the launcher, scripts/cli-launcher.cjs, only when the build's
// code cache does not fit this Node). V8 accepts a code cache only from its own version and flags,
// so a user whose Node is not the one that built the package (nearly every user of the published
// package) would compile the bundle on every run (~15 ms of CPU of a ~60 ms `credhelper get`, issue #21).
//
// The launcher compiles the bundle with `vm.Script` from a file of this user's; when there was
// none, or V8 rejected it, the compiled code is written there when the process exits with 0
// (`createCachedData()`: the functions the run compiled, ~3.5 ms once), read on the next run. A
// process that dies of a signal or fails writes nothing. The same on Node 22: its own compile cache
// (`module.enableCompileCache`) serves only modules that Node's loader compiles, never a
// `vm.Script`, and with the bundle required as a module it saved ~5 ms of CPU where this saves ~16
// (measured on Node 22.23: Node writes its cache when the module is compiled, before any function
// in it ran, so it holds the top level only).
//
// Where: `code-cache/` in the shared cache directory (`CREDHELPER_CACHE_DIR`, else the shared
// cache's default: see `cliCacheDir` in src/cli/cli-context.ts and `sharedCacheDir` in
// src/cache/shared-store.ts, which test/package/user-code-cache.test.ts keeps in step with this
// file); `CREDHELPER_SHARED_CACHE=0` turns it off, in the environment or in a settings file's `env`
// (a run writes only where its CLI kept the shared cache: see `RUN_SHARED_CACHE_DIR`; a run that
// loads no settings, such as `--help`, writes none). A code cache is code: only a directory that is
// this user's alone (0700, not a symbolic link) is used, and only a regular file of this user's
// that nobody else may write is read. Anything else, and any error, is no cache: never a failed
// run, never a line of output.
'use strict';
const {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} = require('node:fs');
const { basename, join } = require('node:path');
const vm = require('node:vm');

/** The shared cache directory's subfolder for code caches. */
const CODE_CACHE_SUBDIRECTORY = 'code-cache';
/** A larger file is not read (the build's caches are ~0.5 MB). */
const MAX_CODE_CACHE_BYTES = 64 * 1024 * 1024;
/** Another build's or another Node's code cache of the same bundle is removed this long after it was written. */
const STALE_CODE_CACHE_MS = 30 * 24 * 60 * 60 * 1000;
/** A temporary file left by a process killed while writing is removed after this long. */
const STALE_TEMP_MS = 60 * 60 * 1000;
/** The line scripts/bundle-cli.mjs ends each bundle with: a hash of the text above it and of the launchers. */
const FINGERPRINT_LINE = /\/\/ credhelper-build-fingerprint: ([0-9a-f]{32})\n$/;

/** The shared cache's default directory, as `sharedCacheDir` (src/cache/shared-store.ts) computes it. */
function sharedCacheDir(env) {
  const runtime = env.XDG_RUNTIME_DIR?.trim();
  if (runtime) return join(runtime, 'credhelper');
  const cache = env.XDG_CACHE_HOME?.trim() || join(env.HOME?.trim() || require('node:os').homedir(), '.cache');
  return join(cache, 'credhelper');
}

/** The CLI's shared cache directory, as `cliCacheDir` (src/cli/cli-context.ts) computes it. */
function cliCacheDir(env) {
  return env.CREDHELPER_CACHE_DIR?.trim() || sharedCacheDir(env);
}

/** Where the code caches go for `env`, or `undefined` when `CREDHELPER_SHARED_CACHE=0` turns caching off. */
function codeCacheDir(env) {
  return env.CREDHELPER_SHARED_CACHE?.trim() === '0' ? undefined : join(cliCacheDir(env), CODE_CACHE_SUBDIRECTORY);
}

/**
 * Whether `dir` is a directory of this user's alone: not a symbolic link, owned by the current
 * user, no group or other access (the rules of `privateDirectoryProblem` in
 * src/files/owned-paths.ts). With `create`, a missing one is created 0700 (with its parents).
 */
function isPrivateDirectory(dir, create) {
  let stats;
  try {
    stats = lstatSync(dir);
  } catch (error) {
    if (!create || error?.code !== 'ENOENT') return false;
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      stats = lstatSync(dir);
    } catch {
      return false;
    }
  }
  if (!stats.isDirectory()) return false; // lstat: a symbolic link is not a directory
  const uid = process.getuid?.();
  return uid === undefined || (stats.uid === uid && (stats.mode & 0o077) === 0);
}

/** Whether the code cache directory `dir` (and the shared cache directory around it) can be used; with `create`, created if missing. */
function isUsableCodeCacheDir(dir, create) {
  return isPrivateDirectory(join(dir, '..'), create) && isPrivateDirectory(dir, create);
}

/**
 * Set by the CLI (`cliContext`, src/cli/cli-context.ts) to the shared cache directory of the run,
 * after the settings files' `env` (which may set `CREDHELPER_SHARED_CACHE=0` or another
 * `CREDHELPER_CACHE_DIR`), or `null` when that turned it off. Unset: the run loaded no settings.
 */
const RUN_SHARED_CACHE_DIR = Symbol.for('credhelper.cli.sharedCacheDir');

/** Whether the run that is ending kept its shared cache where `dir` (a code cache directory) is. */
function isRunCodeCacheDir(dir) {
  const chosen = globalThis[RUN_SHARED_CACHE_DIR];
  return typeof chosen === 'string' && join(chosen, CODE_CACHE_SUBDIRECTORY) === dir;
}

/**
 * This process's V8 version hash and flag hash, as hex: what V8 checks in a code cache's header
 * besides the source length (read from the code cache of an empty script, ~0.4 ms), or `default`
 * for a process started without options (Node's version is in the name too).
 */
function v8Tag() {
  if (process.execArgv.length === 0 && !process.env.NODE_OPTIONS?.trim()) return 'default';
  const probe = new vm.Script('').createCachedData();
  return `${probe.subarray(4, 8).toString('hex')}${probe.subarray(12, 16).toString('hex')}`;
}

/**
 * The name of `bundle`'s code cache for this Node and this build, or `undefined` when the bundle has
 * no build fingerprint (then no cache: V8 checks only the source's length, so a name without one
 * could hand a cache to another bundle of the same length). Each part changes when V8 would need
 * another cache: Node version and architecture, V8's version and flag hashes, the build (a hash of
 * the bundle and the launchers, written by the build), and the file's size and modification time
 * (a bundle edited by hand keeps its fingerprint line; npm gives every installed file one time).
 */
function codeCacheName(bundle, source) {
  const fingerprint = FINGERPRINT_LINE.exec(source.slice(-80))?.[1];
  if (fingerprint === undefined) return undefined;
  const { size, mtimeMs } = statSync(bundle);
  return `${basename(bundle)}.${process.version}-${process.arch}-${v8Tag()}-${fingerprint}-${size}-${Math.trunc(mtimeMs)}.v8-cache`;
}

/**
 * The code cache in `bytes`, a file that holds it twice, or `undefined` when the two copies differ.
 * V8 checks a cache's header (its version, flags, the source's and the payload's length) but not
 * the payload's checksum in a release build: a cache damaged past its header crashes the process
 * (SIGSEGV or a V8 fatal error, measured on Node 20.20 with one bit flipped), and a damaged user
 * cache would crash every later run. Comparing two copies costs ~0.2 ms where a hash would load
 * `node:crypto` (~3.5 ms), as the library's loader does (scripts/library-loader.cjs).
 */
function verifiedCopy(bytes) {
  const half = bytes.length / 2;
  if (half === 0 || !Number.isInteger(half)) return undefined;
  const cache = bytes.subarray(0, half);
  return cache.equals(bytes.subarray(half)) ? cache : undefined;
}

/**
 * The code cache in `file` (see {@link verifiedCopy}) when it is a regular file of this user's that
 * nobody else may write, else `undefined`. Opened without following a symbolic link and without blocking (a FIFO), checked on
 * the open descriptor.
 */
function readOwnedCache(file) {
  let fd;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const stats = fstatSync(fd);
    const uid = process.getuid?.();
    if (!stats.isFile() || stats.size > MAX_CODE_CACHE_BYTES) return undefined;
    if (uid !== undefined && (stats.uid !== uid || (stats.mode & 0o022) !== 0)) return undefined;
    return verifiedCopy(readFileSync(fd));
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * Replaces `dir/name` with `data` (twice) the way src/files/safe-write-file.ts does, synchronously (it runs
 * at exit): a new temporary file (`O_EXCL | O_NOFOLLOW`, 0600) renamed over it. No fsync: a cache
 * torn by a crash has two copies that differ, and is rewritten.
 */
function writeCodeCache(dir, name, data) {
  const temp = join(dir, `.${name}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`);
  const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    try {
      writeFileSync(fd, Buffer.concat([data, data])); // twice: see verifiedCopy
    } finally {
      closeSync(fd);
    }
    renameSync(temp, join(dir, name));
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // gone already
    }
    throw error;
  }
}

/** Removes `bundle`'s other code caches written long ago (another build, another Node) and old temporary files. */
function removeStaleCodeCaches(dir, bundleName, keep) {
  const now = Date.now();
  for (const entry of readdirSync(dir)) {
    const cache = entry.startsWith(`${bundleName}.`) && entry.endsWith('.v8-cache') && entry !== keep;
    const temp = entry.startsWith(`.${bundleName}.`) && entry.endsWith('.tmp');
    if (!cache && !temp) continue;
    try {
      const stats = lstatSync(join(dir, entry));
      if (stats.isFile() && now - stats.mtimeMs > (cache ? STALE_CODE_CACHE_MS : STALE_TEMP_MS)) {
        unlinkSync(join(dir, entry));
      }
    } catch {
      // removed by another process meanwhile
    }
  }
}

/**
 * Writes what `script` compiled as `dir/name`, when the run kept its shared cache there and the
 * directory is this user's alone (created now if missing: a run that loaded settings saying
 * otherwise, or none, creates nothing). Never throws.
 */
function saveCodeCache(dir, name, bundleName, script) {
  try {
    if (!isRunCodeCacheDir(dir) || !isUsableCodeCacheDir(dir, true)) return;
    writeCodeCache(dir, name, script.createCachedData());
    removeStaleCodeCaches(dir, bundleName, name);
  } catch {
    // A full or read-only disk: no cache, the next run compiles and tries again.
  }
}

/**
 * Runs `bundle` (the command line is in `process.argv`) from the user's code cache, with the
 * launcher's `readBundle`, `compileBundle` and `runCli`. Without a usable cache, compiled from source.
 */
function runFromUserCodeCache(bundle, launcher) {
  const source = launcher.readBundle(bundle);
  let dir;
  let name;
  let cachedData;
  try {
    dir = codeCacheDir(process.env);
    name = dir === undefined ? undefined : codeCacheName(bundle, source);
    // Nothing is created before the run: its settings may turn the cache off (see saveCodeCache).
    cachedData = name !== undefined && isUsableCodeCacheDir(dir, false) ? readOwnedCache(join(dir, name)) : undefined;
  } catch {
    name = undefined;
  }
  if (name === undefined) {
    launcher.runCli(launcher.compileBundle(bundle, source, undefined), bundle);
    return;
  }
  const script = launcher.compileBundle(bundle, source, cachedData);
  launcher.runCli(script, bundle);
  // After the bundle's own `exit` listeners (registered as it started): theirs come first.
  if (cachedData === undefined || script.cachedDataRejected === true) {
    process.once('exit', (code) => {
      if (code === 0) saveCodeCache(dir, name, basename(bundle), script);
    });
  }
}

module.exports = { CODE_CACHE_SUBDIRECTORY, codeCacheDir, runFromUserCodeCache };
