// An esbuild plugin for the library bundle (scripts/bundle-lib.mjs): every import of a Node
// built-in (`node:fs`, and the bare `fs` that dotenv requires) becomes
// `process.getBuiltinModule(…)` (Node >= 20.16), bundled as a CommonJS module whose properties the
// importing code reads. Measured on Node 20 (issue #21): an ESM `import … from 'node:fs'` builds
// the module's namespace from every export, and its getters load `fs/promises` (with readline and
// the file watchers) and the stream modules: `import` of fs, path and os costs ~+5 ms of a process,
// `process.getBuiltinModule` of the same ~+2 ms, and nothing loads a built-in that no code reaches.
// A dynamic `import('node:child_process')` becomes the same lookup, run when the import runs.
import { builtinModules } from 'node:module';

const BUILTINS = new Set(builtinModules);

/** The plugin; `builtinModulesPlugin.name` for esbuild's messages. */
export const builtinModulesPlugin = {
  name: 'credhelper-builtin-modules',
  setup(build) {
    build.onResolve({ filter: /^[a-z_/:]+$/ }, (args) => {
      const name = args.path.startsWith('node:') ? args.path.slice('node:'.length) : args.path;
      if (!BUILTINS.has(name)) return undefined;
      return { path: `node:${name}`, namespace: 'credhelper-builtin' };
    });
    build.onLoad({ filter: /.*/, namespace: 'credhelper-builtin' }, (args) => ({
      contents: `module.exports = process.getBuiltinModule(${JSON.stringify(args.path)});\n`,
      loader: 'js',
    }));
  },
};
