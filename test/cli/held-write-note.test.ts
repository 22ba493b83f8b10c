import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { CLI, cliHome, collectOutput, userSettings } from '../support/cli.js';
import { isolateTests } from '../support/isolation.js';
import { startRotatingTokenEndpoint, storePathIn, writeExpiredOAuthEntry } from '../support/rotating-token-endpoint.js';

// Ctrl-C while a rotated refresh token is being requested: credhelper waits for the write (up to
// the request's timeout, 30 s by default). It said nothing meanwhile: a person pressing Ctrl-C
// again and again saw a frozen command. Now the first signal in that window says why it waits.

const { track } = isolateTests();
vi.setConfig({ testTimeout: 60_000 });
const FIRST_REFRESH = 'test-refresh-held-note-0001';

describe('a signal while a rotated refresh token is held', () => {
  it('SIGINT twice: one note on stderr saying what it waits for and the bound, then 130 after the write', async () => {
    const endpoint = track(await startRotatingTokenEndpoint(FIRST_REFRESH, 2500));
    const { home, env } = cliHome();
    userSettings(home, { oauth: { openrouter: { tokenUrl: endpoint.tokenUrl, body: 'form' } } });
    writeExpiredOAuthEntry(home, FIRST_REFRESH);
    const child = spawn(process.execPath, [CLI, 'get', 'openrouter'], {
      env,
      cwd: home,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const { stdout, stderr } = collectOutput(child);
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    await endpoint.nextRequest();
    child.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const noted = stderr();
    child.kill('SIGINT');
    expect(await closed).toBe(130);
    expect(noted).toMatch(/SIGINT received while a rotated refresh token is being stored: .*exits once it is written/);
    expect(noted).toMatch(/CREDHELPER_HELPER_TIMEOUT_MS/);
    expect(stderr().match(/rotated refresh token is being stored/g)).toHaveLength(1);
    expect(JSON.parse(readFileSync(storePathIn(home), 'utf8')).openrouter.refresh).toBe(endpoint.validRefresh());
    expect(stdout() + stderr()).not.toMatch(/test-refresh-|test-access-/);
  });
});
