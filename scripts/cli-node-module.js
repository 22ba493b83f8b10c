// `node:module` for the CLI bundle (scripts/bundle-cli.mjs): `createRequire(import.meta.url)` is the
// bundle's own `require`, the same resolution base (the bundle file), without building a new
// `require` each call (~0.1 ms each, several per start, and `import.meta.url`'s pathToFileURL first:
// issue #21). The source uses createRequire for `node:` built-ins only
// (test/package/literal-imports.test.ts); another name imported from `node:module` fails the build.

/** The bundle's `require`, whatever the argument (a file URL of this bundle in the source). */
export const createRequire = () => require;
