import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { AuthStore } from '../../src/store/auth-store.js';
import { keychainSet } from '../../src/store/keychain-binding.js';
import { keychainRefOf } from '../../src/store/keychain-ref.js';
import { keychainSecretBackend } from '../../src/store/keychain-secret-backend.js';
import { openEntry } from '../../src/store/open-entry.js';
import { putEntry } from '../../src/store/put-entry.js';
import { everyRendering, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { secretServiceInstalled, useSecretService } from '../support/secret-service.js';

// A keychain item is outside input like any other: edited behind credhelper's back (`secret-tool
// store`), it is validated, never trusted to change what auth.json says the entry is, and never quoted.

isolateTests();
vi.setConfig({ testTimeout: 60_000, hookTimeout: 30_000 });

const installed = secretServiceInstalled();
const KEY = 'sk-ant-test-payload-0001';
const HOSTILE = 'sk-ant-test-hostile-item-0002';

describe.skipIf(!installed)('what a keychain item may hold', () => {
  const { current, env } = useSecretService();

  async function storedEntry(): Promise<AuthStore> {
    const store = new AuthStore(join(scratchDir(), 'credhelper', 'auth.json'));
    await store.update((data) =>
      putEntry(data, 'anthropic', { type: 'api', key: KEY }, keychainSecretBackend(env()), store.path),
    );
    return store;
  }

  const rewrites: Array<[string, string]> = [
    ['a field that is not a secret (expires)', JSON.stringify({ type: 'api', key: HOSTILE, expires: '1' })],
    ['a keychain reference of its own', JSON.stringify({ type: 'api', key: HOSTILE, keychain: 'x' })],
    ['no secret at all', JSON.stringify({ type: 'api' })],
    ['the secret field of another kind (token for an API key)', JSON.stringify({ type: 'api', token: HOSTILE })],
    ['a non-string value', JSON.stringify({ type: 'api', key: { nested: HOSTILE } })],
    ['deep nesting', `${'['.repeat(50_000)}${']'.repeat(50_000)}`],
    ['not JSON', `${HOSTILE} plain`],
  ];

  it.each(rewrites)('an item rewritten with %s: STORE_CORRUPT naming the item, never its text', async (_, text) => {
    const store = await storedEntry();
    const ref = keychainRefOf(store.read().anthropic);
    if (ref === undefined) throw new Error('no reference');
    await keychainSet(ref, text, { doing: 'rewrite the item (test)', fix: '' });
    const error = await openEntry(store.read(), 'anthropic', store.path, env()).then(
      () => undefined,
      (caught: unknown) => caught as { code?: string; message: string },
    );
    expect(error?.code).toBe('STORE_CORRUPT');
    expect(error?.message).toContain(`account ${ref.account}`);
    expect(everyRendering(error)).not.toContain(HOSTILE);
    // Left as it is: auth.json still refers to the item.
    expect(store.read().anthropic).toHaveProperty('keychain');
  });

  it('prototype keys in the item are plain fields, not a prototype', async () => {
    const store = await storedEntry();
    const ref = keychainRefOf(store.read().anthropic);
    if (ref === undefined) throw new Error('no reference');
    await keychainSet(ref, `{"type":"api","key":"${KEY}","__proto__":{"key":"${HOSTILE}"}}`, {
      doing: 'rewrite the item (test)',
      fix: '',
    });
    const result = await openEntry(store.read(), 'anthropic', store.path, env()).then(
      (entry) => entry,
      (caught: unknown) => caught as Error,
    );
    expect(JSON.stringify(result)).not.toContain(HOSTILE);
    expect(({} as Record<string, unknown>).key).toBeUndefined();
  });

  /** `secret-tool store` with `bytes` as the secret and extra `attributes`, as another program would. */
  function secretToolStore(bytes: Buffer, account: string, ...attributes: string[]): void {
    const stored = spawnSync(
      'secret-tool',
      ['store', '--label=other', 'service', 'credhelper', 'username', account, ...attributes],
      { env: current().env, input: bytes, timeout: 5000 },
    );
    expect(stored.status).toBe(0);
  }

  async function openError(store: AuthStore): Promise<{ code?: string; message: string } | undefined> {
    return openEntry(store.read(), 'anthropic', store.path, env()).then(
      () => undefined,
      (caught: unknown) => caught as { code?: string; message: string },
    );
  }

  it('an item that is not UTF-8 text: STORE_CORRUPT naming the item, not "did not answer"', async () => {
    const store = await storedEntry();
    const account = keychainRefOf(store.read().anthropic)?.account ?? '';
    secretToolStore(Buffer.concat([Buffer.from(HOSTILE), Buffer.from([0xff, 0xfe])]), account);
    const error = await openError(store);
    expect(error?.code).toBe('STORE_CORRUPT');
    expect(error?.message).toContain(`account ${account}) does not hold text`);
    expect(everyRendering(error)).not.toContain(HOSTILE);
  });

  it('a second item with the same service and account (added outside credhelper): named, with how to find them', async () => {
    const store = await storedEntry();
    const account = keychainRefOf(store.read().anthropic)?.account ?? '';
    secretToolStore(Buffer.from(JSON.stringify({ type: 'api', key: HOSTILE })), account, 'extra', 'attribute');
    const error = await openError(store);
    expect(error?.code).toBe('STORE_CORRUPT');
    expect(error?.message).toContain('2 keychain items match');
    expect(error?.message).toContain(`secret-tool search --all service credhelper username ${account}`);
    expect(error?.message).not.toContain('/org/freedesktop/secrets');
    expect(error?.message).not.toContain(HOSTILE);
  });
});
