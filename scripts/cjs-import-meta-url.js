// Injected by scripts/bundle-cli.mjs: `import.meta.url` in the CommonJS bundle is `importMeta.url`,
// this file's URL (the bundle's own), computed on first read: `pathToFileURL` cost ~0.4 ms of every
// start (issue #21), and with createRequire served by scripts/cli-node-module.js no hot path reads it.

/** What `import.meta` gives the bundle: `url` only. */
export const importMeta = {
  get url() {
    // A plain absolute path is its file URL after `file://`; anything else goes through pathToFileURL.
    if (/^\/[\w/.-]*$/.test(__filename)) return `file://${__filename}`;
    return require('node:url').pathToFileURL(__filename).href;
  },
};
