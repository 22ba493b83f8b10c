import { copyFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { AuthStore } from '../../src/store/auth-store.js';
import { keychainRefOf } from '../../src/store/keychain-ref.js';
import { keychainSecretBackend } from '../../src/store/keychain-secret-backend.js';
import { openEntry } from '../../src/store/open-entry.js';
import { putEntry, releaseReplaced } from '../../src/store/put-entry.js';
import { scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { secretServiceInstalled, useSecretService } from '../support/secret-service.js';

// Which keychain items a store may replace or delete: only its own, and only once no entry of
// the file refers to them (checked under the store lock). Against a real Secret Service.

isolateTests();
vi.setConfig({ testTimeout: 60_000, hookTimeout: 30_000 });

const installed = secretServiceInstalled();
const FIRST = 'sk-test-openai-ownership-first-0001';
const SECOND = 'sk-test-openai-ownership-second-0002';

function newStore(dir = scratchDir()): AuthStore {
  return new AuthStore(join(dir, 'credhelper', 'auth.json'));
}

describe.skipIf(!installed)('keychain items a store replaces or deletes', () => {
  const { env } = useSecretService();

  /** A login of `id` with `key` in the keychain, as `credhelper login` does it (file first, then the release). */
  async function login(store: AuthStore, id: string, key: string): Promise<string | undefined> {
    let previous: unknown;
    let current: unknown;
    await store.update(async (data) => {
      previous = await putEntry(data, id, { type: 'api', key }, keychainSecretBackend(env()), store.path);
      current = data[id];
    });
    return releaseReplaced(previous, current, env(), store);
  }

  /** The entry removed from the file; its release is left to the caller (as `logout` does after the write). */
  async function removeEntry(store: AuthStore, id: string): Promise<unknown> {
    let previous: unknown;
    await store.update((data) => {
      previous = data[id];
      delete data[id];
    });
    return previous;
  }

  it('a logout whose item delete comes after a concurrent login of the same entry keeps that login', async () => {
    const store = newStore();
    await login(store, 'openai', FIRST);
    const removed = await removeEntry(store, 'openai');
    // Another process logs in again between this logout's file write and its item delete: same account.
    await login(store, 'openai', SECOND);
    expect(await releaseReplaced(removed, undefined, env(), store)).toBeUndefined();
    expect(await openEntry(store.read(), 'openai', store.path, env())).toMatchObject({ key: SECOND });
  });

  it('a copy of auth.json (another CREDHELPER_AUTH_FILE): a login and a logout there leave the original alone', async () => {
    const original = newStore();
    await login(original, 'openai', FIRST);
    const copy = newStore();
    mkdirSync(join(copy.path, '..'), { recursive: true, mode: 0o700 });
    copyFileSync(original.path, copy.path);
    // Reading through the copy works: it refers to the original's item.
    expect(await openEntry(copy.read(), 'openai', copy.path, env())).toMatchObject({ key: FIRST });
    // A new key in the copy gets an item of its own; the original's is not replaced, nor deleted.
    const note = await login(copy, 'openai', SECOND);
    expect(note).toContain('not deleted');
    expect(keychainRefOf(copy.read().openai)).not.toEqual(keychainRefOf(original.read().openai));
    expect(await openEntry(copy.read(), 'openai', copy.path, env())).toMatchObject({ key: SECOND });
    expect(await openEntry(original.read(), 'openai', original.path, env())).toMatchObject({ key: FIRST });
    // A logout in the copy deletes the copy's own item only.
    const removed = await removeEntry(copy, 'openai');
    expect(await releaseReplaced(removed, undefined, env(), copy)).toBeUndefined();
    expect(await openEntry(original.read(), 'openai', original.path, env())).toMatchObject({ key: FIRST });
  });

  it('a logout of an entry whose item another file wrote (a moved or copied auth.json) keeps the item and says so', async () => {
    const original = newStore();
    await login(original, 'openai', FIRST);
    const moved = newStore();
    mkdirSync(join(moved.path, '..'), { recursive: true, mode: 0o700 });
    copyFileSync(original.path, moved.path);
    const removed = await removeEntry(moved, 'openai');
    const note = await releaseReplaced(removed, undefined, env(), moved);
    expect(note).toMatch(
      /not deleted.*another copy of auth\.json.*secret-tool clear service credhelper username openai@/,
    );
    expect(await openEntry(original.read(), 'openai', original.path, env())).toMatchObject({ key: FIRST });
  });

  it('the same store through a symbolic link to its directory: its items are its own (replaced in place)', async () => {
    const real = scratchDir();
    const link = join(scratchDir(), 'link');
    symlinkSync(real, link);
    const direct = newStore(real);
    const viaLink = newStore(link);
    await login(direct, 'openai', FIRST);
    expect(await login(viaLink, 'openai', SECOND)).toBeUndefined();
    expect(await openEntry(direct.read(), 'openai', direct.path, env())).toMatchObject({ key: SECOND });
    const removed = await removeEntry(viaLink, 'openai');
    expect(await releaseReplaced(removed, undefined, env(), viaLink)).toBeUndefined();
    await expect(
      keychainSecretBackend(env()).load('openai', removed as Record<string, unknown>, viaLink.path),
    ).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
  });
});
