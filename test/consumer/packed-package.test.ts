import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/fixtures.js';
import { node, usePackedConsumer } from './packed-consumer.js';

const APP = new URL('./app/', import.meta.url);
const KEY = 'sk-ant-test-consumer-key-0001';

const { consumer, home } = usePackedConsumer();

function baseEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home.dir,
    AWS_EC2_METADATA_DISABLED: 'true',
    METADATA_SERVER_DETECTION: 'none',
    ...extra,
  };
}

function copyApp(name: string, dir = consumer.dir): string {
  copyFileSync(new URL(name, APP), join(dir, name));
  return join(dir, name);
}

describe('the packed tarball, installed in a consumer project', () => {
  it('ships LICENSE and no source maps (they would point at ../src, which is not shipped)', () => {
    const files = readdirSync(join(consumer.dir, 'node_modules', 'credhelper'), { recursive: true }).map(String);
    expect(files).toContain('LICENSE');
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
    expect(files.some((file) => file.startsWith('src'))).toBe(false);
  });

  it('ESM: import works, credhelper/internal resolves, deep imports are refused', () => {
    const run = node([copyApp('esm-consumer.mjs')], consumer.dir, baseEnv({ ANTHROPIC_API_KEY: KEY }));
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      source: 'env:ANTHROPIC_API_KEY',
      type: 'apiKey',
      deepImport: 'ERR_PACKAGE_PATH_NOT_EXPORTED',
      internal: 'function',
      guard: 'function',
    });
    expect(run.stdout).not.toContain(KEY);
  });

  it('CommonJS: require("credhelper") works and its errors are CredentialHelperError', () => {
    const run = node([copyApp('cjs-consumer.cjs')], consumer.dir, baseEnv({ ANTHROPIC_API_KEY: KEY }));
    expect(run.stderr).not.toContain('ERR_');
    expect(JSON.parse(run.stdout)).toEqual({ source: 'env:ANTHROPIC_API_KEY', type: 'apiKey', failure: 'HELPER_EXIT' });
  });

  it('a single-file esbuild bundle, run without node_modules, reads .env keys and writes the shared cache', async () => {
    const entry = copyApp('bundled-consumer.mjs');
    const empty = tempDir();
    try {
      const outfile = join(empty.dir, 'agent.mjs');
      await build({
        entryPoints: [entry],
        absWorkingDir: consumer.dir,
        outfile,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        // The OS keychain binding is a native addon (a .node file): no bundler can inline it. It is
        // loaded only for an auth.json entry that lives in the keychain, so a bundle that leaves it
        // out runs (README: "Bundling").
        external: ['@napi-rs/keyring'],
        // The usual banner for an ESM bundle of CommonJS packages (dotenv, proper-lockfile):
        // esbuild's require() shim needs a real require for node: builtins.
        banner: {
          js: "import { createRequire as bannerRequire } from 'node:module'; const require = bannerRequire(import.meta.url);",
        },
        logLevel: 'silent',
      });
      expect(readdirSync(empty.dir)).toEqual(['agent.mjs']);
      const project = join(empty.dir, 'project');
      const shared = join(empty.dir, 'shared');
      mkdirSync(project);
      writeFileSync(join(project, '.env'), 'OPENAI_API_KEY=sk-test-openai-from-dotenv-0001\n');
      const run = node([outfile], project, baseEnv({ SHARED_DIR: shared }));
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout)).toEqual({
        anthropic: 'helper:apiKeyHelper',
        openai: 'dotenv:OPENAI_API_KEY',
        cacheFiles: expect.any(Number),
      });
      expect(JSON.parse(run.stdout).cacheFiles).toBeGreaterThan(0);
      expect(run.stdout).not.toContain('sk-');
    } finally {
      empty.cleanup();
    }
  });

  it('the CLI runs from the installed package without its CLI-only packages (cac, @clack/prompts are bundled in)', () => {
    const modules = readdirSync(join(consumer.dir, 'node_modules'));
    expect(modules).not.toContain('cac');
    expect(modules).not.toContain('@clack');
    const bin = join(consumer.dir, 'node_modules', 'credhelper', 'dist', 'cli', 'bin.js');
    const help = node([bin, '--help'], consumer.dir, baseEnv());
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('credhelper');
    const status = node([bin, 'status', '--json'], consumer.dir, baseEnv({ ANTHROPIC_API_KEY: KEY }));
    expect(status.stderr).toBe('');
    expect(status.stdout).toContain('env:ANTHROPIC_API_KEY');
    expect(status.stdout).not.toContain(KEY);
  });
});
