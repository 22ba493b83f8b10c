import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, cliHome, userSettings } from '../support/cli.js';
import { fixture, removeScratchDirs, scratchDir } from '../support/fixtures.js';

// Issue #21: the hot bundle's code cache (written by scripts/bundle-cli.mjs from a warm-up run of
// each hot command) must hold what a shared-cache hit of each one compiles: whatever is missing is
// compiled again on every call. Its warm-up once stopped after the first command (a hit ends in
// microtasks, and Node emits 'beforeExit' only after loop work): every `aws-credential-process`
// compiled ~22 kB of bytecode anew.

afterEach(removeScratchDirs);

/** How much the hot bundle's code cache would grow after `args` ran: what the run compiled that the cache lacked. */
function compiledBeyondCache(args: string[], env: Record<string, string>): { rejected: boolean; grewBy: number } {
  const probe = join(scratchDir(), 'probe.cjs');
  writeFileSync(
    probe,
    `const { statSync, writeSync } = require('node:fs');
const launcher = require(${JSON.stringify(CLI)});
const bundle = launcher.HOT_BUNDLE;
const script = launcher.compileCli(bundle);
process.argv = [process.argv[0], ${JSON.stringify(CLI)}, ...${JSON.stringify(args)}];
process.on('exit', () => {
  const grewBy = script.createCachedData().length - statSync(launcher.shippedCacheFile(bundle)).size / 2; // held twice
  writeSync(2, '\\nPROBE ' + JSON.stringify({ rejected: script.cachedDataRejected, grewBy }) + '\\n');
});
launcher.runCli(script, bundle);
`,
  );
  const run = spawnSync(process.execPath, [probe], { env, cwd: env.HOME, encoding: 'utf8', timeout: 30_000 });
  expect(run.status, run.stderr).toBe(0);
  const line = run.stderr.split('\n').find((text) => text.startsWith('PROBE '));
  return JSON.parse(line?.slice('PROBE '.length) ?? 'null');
}

describe("the hot bundle's code cache covers both hot commands (issue #21)", () => {
  it.each([
    ['get anthropic', ['get', 'anthropic'], { apiKeyHelper: fixture('count-runs.sh') }],
    ['aws-credential-process', ['aws-credential-process'], { awsCredentialExport: fixture('credential-process.sh') }],
  ])('%s answered from the shared cache compiles nothing the cache lacks', (_name, args, settings) => {
    expect(dirname(CLI)).toMatch(/dist[/\\]cli$/);
    const { home, env } = cliHome({ COUNT_FILE: join(scratchDir(), 'count') });
    userSettings(home, settings);
    spawnSync(process.execPath, [CLI, ...args], { env, cwd: home, encoding: 'utf8', timeout: 30_000 }); // fills it
    const hit = compiledBeyondCache(args, env);
    expect(hit.rejected).toBe(false);
    // A few hundred bytes of difference are V8's own bookkeeping; a missed command was ~22 kB.
    expect(hit.grewBy).toBeLessThan(2_000);
  });
});
