import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * Loads that a bundler (esbuild, webpack, Rollup) cannot follow: a dynamic `import()` whose
 * argument is not a string literal, and a `createRequire(…)(…)` of anything but a `node:` builtin.
 * In a single-file bundle such a module is simply missing, and the feature behind it fails silently.
 */
function invisibleLoads(text: string): string[] {
  const found: string[] = [];
  // `typeof import('x')` is a type, erased at build time.
  for (const match of text.matchAll(/(?<!typeof\s*)\bimport\(\s*([^)]*)\)/g)) {
    if (!/^(['"])[^'"`$]+\1$/.test((match[1] ?? '').trim())) found.push(match[0]);
  }
  for (const match of text.matchAll(/\bcreateRequire\([^)]*\)\s*\(\s*([^)]*)\)/g)) {
    if (!/^(['"])node:[^'"]+\1$/.test((match[1] ?? '').trim())) found.push(match[0]);
  }
  for (const match of text.matchAll(/\brequire(?:Cjs)?\(\s*([^)]*)\)/g)) {
    if (!/^(['"])node:[^'"]+\1$/.test((match[1] ?? '').trim())) found.push(match[0]);
  }
  return found;
}

/**
 * Source files that are the text of a program run by a child process (`node -e`), never bundled:
 * the keychain child `require`s the binding by the absolute path the parent resolved with a
 * literal `createRequire(import.meta.url).resolve('@napi-rs/keyring')` (src/store/keychain-binding.ts).
 */
const RUNS_IN_A_CHILD = ['store/keychain-child-script.ts'];

describe('lazy loads are visible to bundlers', () => {
  it('finds computed specifiers and non-builtin createRequire loads (the check can fail)', () => {
    expect(invisibleLoads('const m = await import(name);')).toEqual(['import(name)']);
    expect(invisibleLoads(`await import(\`./x-${'$'}{target}.js\`)`)).toHaveLength(1);
    expect(invisibleLoads("createRequire(import.meta.url)('dotenv')")).toHaveLength(1);
    expect(invisibleLoads("const lockfile = requireCjs('proper-lockfile');")).toEqual([
      "requireCjs('proper-lockfile')",
    ]);
    expect(invisibleLoads("await import('./x.js'); type T = typeof import('y');")).toEqual([]);
    expect(invisibleLoads("createRequire(import.meta.url)('node:crypto')")).toEqual([]);
  });

  it('every import() in src/ is a string literal, and createRequire loads only node: builtins', () => {
    const offenders = sourceFiles(SRC)
      .filter((file) => !RUNS_IN_A_CHILD.includes(relative(SRC, file)))
      .flatMap((file) => invisibleLoads(readFileSync(file, 'utf8')).map((load) => `${relative(SRC, file)}: ${load}`));
    expect(offenders).toEqual([]);
  });
});
