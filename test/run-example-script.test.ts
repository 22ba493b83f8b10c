import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { scratchDir } from './support/fixtures.js';
import { isolateTests } from './support/isolation.js';
import { json, listen } from './support/local-servers.js';

// `npm run example -- <name>` (scripts/run-example.mjs): the README's way to run the TypeScript
// examples on Node 20, run as a newcomer would, against a local server.

const { track } = isolateTests();
vi.setConfig({ testTimeout: 60_000 });
const SCRIPT = fileURLToPath(new URL('../scripts/run-example.mjs', import.meta.url));
const KEY = 'sk-ant-test-run-example-0001';

function runExample(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SCRIPT, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('npm run example', () => {
  it('runs examples/readme-example.ts on Node 20 (transpiled by esbuild), with its exit code', async () => {
    const server = track(
      await listen((request, response) => json(response, request.headers['x-api-key'] === KEY ? 200 : 401, {})),
    );
    const home = scratchDir();
    mkdirSync(join(home, '.config', 'anthropic'), { recursive: true });
    writeFileSync(join(home, '.config', 'anthropic', 'key'), `${KEY}\n`);
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, ANTHROPIC_BASE_URL: server.url };
    const run = await runExample(['readme-example'], env);
    expect(run.output).toContain('credential from helper:apiKeyHelper: HTTP 200');
    expect(run.code).toBe(0);
    expect(run.output).not.toContain(KEY);
  });

  it('without a name, or with an unknown one: exit 64 and the list of examples', async () => {
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: scratchDir() };
    for (const args of [[], ['bedrok-agent']]) {
      const run = await runExample(args, env);
      expect(run.code).toBe(64);
      expect(run.output).toContain('usage: npm run example -- <name>');
      expect(run.output).toContain('bedrock-agent, readme-example, sdk-fetch-retry, vertex-agent');
    }
  });
});
