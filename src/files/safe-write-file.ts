import { constants } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Mode of every file credhelper writes: they hold secrets or decisions about them. */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * The one way credhelper writes a file (`auth.json`, `trust.json`, shared cache entries):
 *
 * 1. a temporary file with a random name in the same directory, created with
 *    `O_CREAT | O_EXCL | O_NOFOLLOW` and mode 0600, so that nobody can have prepared it (a planted
 *    file or symbolic link of that name makes the open fail rather than be written through);
 * 2. the data written and fsynced;
 * 3. renamed over `path` (atomic: readers see the old or the new file, never half of one; a
 *    symbolic link at `path` is replaced, not followed).
 *
 * The new file belongs to the caller: it is never chowned to a previous file's owner (which is
 * what write-file-atomic does when run as root, handing a key to whoever owned the old file). The
 * temporary file is removed when any step fails. Errors are Node's own (`code` set).
 */
export async function safeWriteFile(path: string, data: string | Uint8Array): Promise<void> {
  // Loaded here: node:fs/promises (and the stream modules it pulls in) is off the start-up path.
  const [{ randomBytes }, { open, rename, unlink }] = await Promise.all([
    import('node:crypto'),
    import('node:fs/promises'),
  ]);
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(8).toString('hex')}.tmp`);
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
  const handle = await open(temp, flags, PRIVATE_FILE_MODE);
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
