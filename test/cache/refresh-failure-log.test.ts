// refresh-failures.json is read-modify-written by every process whose background refresh fails:
// without a lock, two writers at once lost records. Several processes write at once; none is lost.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RefreshFailureLog } from '../../src/cache/refresh-failure-log.js';
import { fixture, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

isolateTests();
const WRITERS = 6;
const EACH = 15;

function writer(dir: string, prefix: string): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [fixture('record-refresh-failures.mjs')], {
      env: { PATH: process.env.PATH, DIR: dir, PREFIX: prefix, COUNT: String(EACH) },
      stdio: 'inherit',
    });
    child.on('close', (code) => resolve(code));
  });
}

describe('RefreshFailureLog with concurrent writers', () => {
  it(`${WRITERS} processes recording ${EACH} failures each at once: every record is kept`, async () => {
    const dir = join(scratchDir(), 'cache');
    mkdirSync(dir, { mode: 0o700 });
    // A record another process keeps, and one that the writers clear.
    const log = new RefreshFailureLog(dir);
    await log.record({ source: 'kept', code: 'HELPER_EXIT', message: 'exit 1', at: Date.now() });
    const codes = await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(dir, `w${w}`)));
    expect(codes).toEqual(Array(WRITERS).fill(0));
    const sources = Object.keys(JSON.parse(readFileSync(log.path, 'utf8')).failures).sort();
    const expected = [
      'kept',
      ...Array.from({ length: WRITERS }, (_, w) => Array.from({ length: EACH }, (_, i) => `w${w}-${i}`)).flat(),
    ].sort();
    expect(sources).toEqual(expected);
    // No lock or temp file is left behind.
    expect(readdirSync(dir)).toEqual(['refresh-failures.json']);
  }, 60_000);
});
