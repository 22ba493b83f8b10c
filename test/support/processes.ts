import { readdirSync, readFileSync } from 'node:fs';
import { isAlive } from './fixtures.js';

/**
 * Pids of live processes (zombies count as gone) whose environment holds `token`: every process a
 * helper started inherits it. The fault suite's way of finding leftovers, shared.
 */
export function processesWith(token: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (!isAlive(Number(entry))) continue;
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').includes(token)) found.push(Number(entry));
    } catch {
      // Gone while we looked, or not ours.
    }
  }
  return found;
}
