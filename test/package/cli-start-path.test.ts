import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// `credhelper get anthropic` (an apiKeyHelper, a credential_process) pays for every module the CLI
// bundle loads at start. zod alone costs ~40 ms here (twice the start of `node -e 0`), so the
// packages a plain `get` does not need must be reachable only through dynamic imports. Found when
// a new status feature imported a zod schema statically and `get anthropic` went from 45 to 87 ms.

const LAZY_ONLY = [
  'zod',
  'google-auth-library',
  'undici',
  'https-proxy-agent',
  'http-proxy-agent',
  'proper-lockfile',
  // The OS keychain binding (a native module): only the store loads it, and only for an entry that lives there.
  '@napi-rs/keyring',
];

async function staticallyReachable(): Promise<Map<string, string | null>> {
  const { dependencies } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const result = await build({
    entryPoints: { bin: 'src/cli/bin.ts' },
    outdir: 'dist/cli-metafile-only',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: Object.keys(dependencies),
    define: { CREDHELPER_VERSION: '"test"' },
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const inputs = result.metafile.inputs;
  const parent = new Map<string, string | null>([['src/cli/bin.ts', null]]);
  const queue = ['src/cli/bin.ts'];
  while (queue.length > 0) {
    const current = queue.shift() as string;
    for (const edge of inputs[current]?.imports ?? []) {
      if (edge.kind !== 'import-statement' || parent.has(edge.path)) continue;
      parent.set(edge.path, current);
      queue.push(edge.path);
    }
  }
  return parent;
}

function chain(parent: Map<string, string | null>, end: string): string {
  const names: string[] = [];
  for (let at: string | null | undefined = end; at; at = parent.get(at)) names.push(at);
  return names.reverse().join(' -> ');
}

describe('the CLI start-up path', () => {
  it('loads no zod, cloud SDK, proxy library or lock package before a command needs it', async () => {
    const parent = await staticallyReachable();
    expect(parent.size).toBeGreaterThan(20); // the walk saw the CLI's modules (the check can fail)
    const found = [...parent.keys()]
      .filter((path) => LAZY_ONLY.includes(path) || path.startsWith('@aws-sdk/') || path.startsWith('@smithy/'))
      .map((path) => chain(parent, path));
    expect(found).toEqual([]);
  }, 30_000);
});
