import { closeSync, openSync, readSync } from 'node:fs';

/**
 * The first `maxBytes` of the file at `path` as UTF-8, or `undefined` when it cannot be read.
 * For files credhelper only looks into to learn their secrets for redaction; whoever uses the
 * file reports its problems.
 */
export function readSmallFile(path: string, maxBytes = 1024 * 1024): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.alloc(maxBytes);
    const length = readSync(fd, buffer, 0, maxBytes, 0);
    return buffer.subarray(0, length).toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
