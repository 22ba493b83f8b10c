import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { createCredentialHelper } from '../../src/index.js';
import { SecretRegistry } from '../../src/redact.js';
import { AuthStore } from '../../src/store/auth-store.js';
import { fileSecretBackend } from '../../src/store/file-secret-backend.js';
import { probeKeychain } from '../../src/store/keychain-probe.js';
import { keychainAccount } from '../../src/store/keychain-ref.js';
import { keychainSecretBackend } from '../../src/store/keychain-secret-backend.js';
import { migrateStore } from '../../src/store/migrate-store.js';
import { openEntry } from '../../src/store/open-entry.js';
import { putEntry, releaseReplaced } from '../../src/store/put-entry.js';
import type { SecretBackend } from '../../src/store/secret-backend.js';
import { backendForNewSecrets, storeModeOf } from '../../src/store/store-mode.js';
import { everyRendering, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { filesContaining, secretServiceInstalled, useSecretService } from '../support/secret-service.js';

// The keychain backend in the library, against a real Secret Service. The binding reads the
// D-Bus address from the process environment: each test sets it in the worker's process.env
// (isolateTests restores it afterwards).

isolateTests();
vi.setConfig({ testTimeout: 60_000, hookTimeout: 30_000 });

const installed = secretServiceInstalled();
const KEY = 'sk-test-openai-library-canary-0001';
/** The built library (`npm test` builds first). */
const DIST = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

async function caught(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected a rejection');
}

function newStore(): AuthStore {
  return new AuthStore(join(scratchDir(), 'credhelper', 'auth.json'));
}

async function put(store: AuthStore, id: string, entry: Record<string, unknown>, backend: SecretBackend) {
  return store.update((data) => putEntry(data, id, entry, backend, store.path));
}

describe('choosing the backend', () => {
  it('CREDHELPER_STORE wins over the "store" setting; an unknown value is INVALID_OPTION', () => {
    expect(storeModeOf({}, undefined)).toEqual({ mode: 'auto', from: 'default' });
    expect(storeModeOf({}, 'file')).toEqual({ mode: 'file', from: 'settings:store' });
    expect(storeModeOf({ CREDHELPER_STORE: 'keychain' }, 'file')).toEqual({
      mode: 'keychain',
      from: 'env:CREDHELPER_STORE',
    });
    expect(() => storeModeOf({ CREDHELPER_STORE: 'plaintext' })).toThrow(/CREDHELPER_STORE/);
  });

  it('without a D-Bus session: auto is the file at once, a forced keychain is KEYCHAIN_UNAVAILABLE', async () => {
    const started = Date.now();
    expect(await probeKeychain({})).toMatchObject({ available: false });
    expect(await backendForNewSecrets('auto', {})).toBe(fileSecretBackend);
    expect(Date.now() - started).toBeLessThan(200);
    const error = await caught(backendForNewSecrets('keychain', {}));
    expect(error.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(error.message).toContain('CREDHELPER_STORE=file');
    expect(await backendForNewSecrets('file', {})).toBe(fileSecretBackend);
  });
});

describe.skipIf(!installed)('the keychain backend (a real Secret Service)', () => {
  const { env } = useSecretService();

  it('answers the probe; a new entry goes there, auth.json keeps the rest and a reference', async () => {
    expect(await probeKeychain(env())).toMatchObject({ available: true });
    const backend = await backendForNewSecrets('auto', env());
    expect(backend.kind).toBe('keychain');
    const store = newStore();
    await put(store, 'openai', { type: 'api', key: KEY, label: 'mine' }, backend);
    const account = keychainAccount('openai', store.path);
    expect(store.read()).toEqual({
      openai: { type: 'api', label: 'mine', keychain: { service: 'credhelper', account } },
    });
    expect(filesContaining(join(store.path, '..'), KEY)).toEqual([]);
    const secrets = new SecretRegistry();
    expect(await openEntry(store.read(), 'openai', store.path, env(), secrets)).toEqual({
      type: 'api',
      key: KEY,
      label: 'mine',
    });
    expect([...secrets]).toContain(KEY);
    // The library resolves it like an inline entry.
    const creds = createCredentialHelper({ env: { HOME: scratchDir() }, authFile: store.path });
    expect((await creds.provider('openai')).value).toBe(KEY);
  });

  it('the item wins over auth.json (it is written first: after a crash in between it is the newer)', async () => {
    const store = newStore();
    const backend = keychainSecretBackend(env());
    await put(
      store,
      'openrouter',
      { type: 'token', token: 'test-openrouter-old-0001', expires: 4102444800000 },
      backend,
    );
    const stale = store.read().openrouter;
    // A replacement by another kind whose auth.json write never happened: the item holds the new entry.
    await backend.save('openrouter', { type: 'api', key: 'test-openrouter-new-0002' }, store.path, stale);
    expect(await openEntry(store.read(), 'openrouter', store.path, env())).toMatchObject({
      type: 'api',
      key: 'test-openrouter-new-0002',
    });
  });

  it('a missing item or a malformed reference is STORE_CORRUPT naming the entry, never a secret', async () => {
    const store = newStore();
    const backend = keychainSecretBackend(env());
    await put(store, 'openai', { type: 'api', key: KEY }, backend);
    const entry = store.read().openai;
    await backend.remove(entry);
    const missing = await caught(openEntry(store.read(), 'openai', store.path, env()));
    expect(missing.code).toBe('STORE_CORRUPT');
    expect(missing.message).toContain('is not there');
    writeFileSync(store.path, JSON.stringify({ openai: { type: 'api', keychain: { service: 'credhelper' } } }));
    const malformed = await caught(openEntry(store.read(), 'openai', store.path, env()));
    expect(malformed.code).toBe('STORE_CORRUPT');
    expect(malformed.message).toContain('openai.keychain.account');
    for (const error of [missing, malformed]) expect(everyRendering(error)).not.toContain(KEY);
  });

  it('an entry in the keychain, read in a process with none: KEYCHAIN_UNAVAILABLE, not the next source', async () => {
    const store = newStore();
    await put(
      store,
      'anthropic',
      { type: 'token', token: 'sk-ant-oat01-test-library-0001' },
      keychainSecretBackend(env()),
    );
    // The binding keeps its D-Bus connection for the life of a process: a fresh one (the built library) without a bus.
    const script = `
      const { createCredentialHelper } = await import(${JSON.stringify(DIST)});
      const creds = createCredentialHelper({ authFile: process.env.AUTH_FILE });
      try { await creds.anthropic(); console.log('resolved'); } catch (error) { console.log(error.code, error.message); }`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        PATH: process.env.PATH,
        HOME: scratchDir(),
        AUTH_FILE: store.path,
        ANTHROPIC_API_KEY: 'sk-ant-test-env-0001',
        DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(scratchDir(), 'no-bus')}`,
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(child.stdout).toMatch(/^KEYCHAIN_UNAVAILABLE .*entry "anthropic"/);
    expect(child.stdout).not.toContain('sk-ant-oat01-test-library-0001');
    expect(store.read().anthropic).toHaveProperty('keychain');
  });

  it('a keychain item no longer referred to is deleted after the file is written; one still referred to is kept', async () => {
    const store = newStore();
    const backend = keychainSecretBackend(env());
    const previous = await put(store, 'openai', { type: 'api', key: KEY }, backend);
    expect(previous).toBeUndefined();
    const ref = store.read().openai;
    // Replaced in place (same item): nothing to delete.
    const replaced = await put(store, 'openai', { type: 'api', key: 'sk-test-openai-second-0002' }, backend);
    expect(await releaseReplaced(replaced, store.read().openai, env(), store)).toBeUndefined();
    expect(await openEntry(store.read(), 'openai', store.path, env())).toMatchObject({
      key: 'sk-test-openai-second-0002',
    });
    // Moved to the file: the item goes.
    const moved = await put(store, 'openai', { type: 'api', key: KEY }, fileSecretBackend);
    expect(moved).toEqual(ref);
    expect(await releaseReplaced(moved, store.read().openai, env(), store)).toBeUndefined();
    expect(
      await caught(keychainSecretBackend(env()).load('openai', ref as Record<string, unknown>, store.path)),
    ).toMatchObject({
      code: 'STORE_CORRUPT',
    });
  });

  it('store migrate: a failure half-way leaves every secret readable (moved ones in the keychain, the rest inline)', async () => {
    const store = newStore();
    const plain = {
      a: { type: 'api', key: 'sk-test-migrate-a-0001' },
      b: { type: 'api', key: 'sk-test-migrate-b-0002' },
      c: { type: 'api', key: 'sk-test-migrate-c-0003' },
    };
    await store.update((data) => {
      Object.assign(data, plain);
    });
    const real = keychainSecretBackend(env());
    let saves = 0;
    const failing: SecretBackend = {
      ...real,
      async save(id, entry, file, previous) {
        saves++;
        if (saves === 2) {
          const { CredentialHelperError } = await import('../../src/errors.js');
          throw new CredentialHelperError('KEYCHAIN_LOCKED', 'injected: the keychain locked half-way');
        }
        return real.save(id, entry, file, previous);
      },
    };
    const result = await migrateStore(store, 'keychain', env(), { keychain: failing });
    expect(result).toMatchObject({ moved: ['a'], failed: { id: 'b', code: 'KEYCHAIN_LOCKED' } });
    const data = store.read();
    expect(data.a).toHaveProperty('keychain');
    expect(data.b).toEqual(plain.b);
    expect(data.c).toEqual(plain.c);
    for (const id of ['a', 'b', 'c'] as const) {
      expect(await openEntry(data, id, store.path, env())).toEqual(plain[id]);
    }
    expect(readFileSync(store.path, 'utf8')).not.toContain('sk-test-migrate-a-0001');
    // Run again: it finishes, and the moved one is left alone.
    const again = await migrateStore(store, 'keychain', env());
    expect(again).toMatchObject({ moved: ['b', 'c'], already: ['a'] });
    expect(again.failed).toBeUndefined();
  });
});
