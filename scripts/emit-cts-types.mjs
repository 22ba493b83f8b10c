// Writes a CommonJS copy of the library's declarations: every dist/**/*.d.ts (tsc's output) as a
// .d.cts next to it, its relative imports pointing at the .d.cts copies (`./errors.js` →
// `./errors.cjs`). package.json's `require` condition names dist/index.d.cts, so that a CommonJS
// TypeScript project under `--module node16`/`node18` (where `require` of an ES module is an
// error, TS1471, although Node >= 20.19 runs it) type-checks `require('credhelper')`; the
// runtime file stays the one ES module (`require(esm)`). `npm run build` runs this after tsc.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
/** Not tsc's declarations: the CLI bundle and the library's chunks have none. */
const SKIPPED = new Set(['cli', 'chunks']);
/** A relative specifier ending in `.js` after `from`, `import(` or a bare `import`. */
const RELATIVE_JS = /((?:\bfrom|\bimport\(|\bimport)\s*)(['"])(\.{1,2}\/[^'"]*?)\.js\2/g;

function declarations(dir, top = true) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!(top && SKIPPED.has(entry.name))) found.push(...declarations(path, false));
    } else if (entry.name.endsWith('.d.ts')) {
      found.push(path);
    }
  }
  return found;
}

let count = 0;
for (const file of declarations(dist)) {
  const text = readFileSync(file, 'utf8').replace(RELATIVE_JS, '$1$2$3.cjs$2');
  writeFileSync(file.replace(/\.d\.ts$/, '.d.cts'), text);
  count++;
}
if (count === 0) throw new Error('emit-cts-types: no .d.ts under dist (run tsc first)');
