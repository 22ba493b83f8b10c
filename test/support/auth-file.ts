import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from './fixtures.js';

/** Writes `data` as an `auth.json` (0700 dir, 0600 file) in a fresh scratch dir; returns its path. */
export function writeAuthFile(data: unknown, dir = join(scratchDir(), 'store')): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, 'auth.json');
  writeFileSync(file, typeof data === 'string' ? data : `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
  return file;
}

/** ms since the epoch, `hours` from now. */
export function hoursFromNow(hours: number): number {
  return Date.now() + hours * 3_600_000;
}
