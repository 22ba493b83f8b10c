import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/**
 * The first `maxBytes` of the file at `path` as UTF-8, or `undefined` when it cannot be read.
 * For files credhelper only looks into to learn their secrets for redaction; whoever uses the
 * file reports its problems.
 */
export function readSmallFile(path: string, maxBytes = 1024 * 1024): string | undefined {
  let fd: number | undefined;
  try {
    // O_NONBLOCK and a regular file only: a FIFO or a device (a link to /dev/zero) is not read.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    if (!fstatSync(fd).isFile()) return undefined;
    const buffer = Buffer.alloc(maxBytes);
    const length = readSync(fd, buffer, 0, maxBytes, 0);
    return buffer.subarray(0, length).toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
