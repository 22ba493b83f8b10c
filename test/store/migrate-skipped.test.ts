import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AuthStore } from '../../src/store/auth-store.js';
import { migrateStore } from '../../src/store/migrate-store.js';
import { scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { type SecretService, secretServiceInstalled, startSecretService } from '../support/secret-service.js';

// `store migrate` leaves entries it cannot read as they are; it says which ones still hold
// secrets in plaintext (the person ran it to have none on disk).

isolateTests();
vi.setConfig({ testTimeout: 60_000, hookTimeout: 30_000 });

const installed = secretServiceInstalled();

describe.skipIf(!installed)('store migrate and entries it does not move', () => {
  let service: SecretService;
  beforeAll(async () => {
    service = await startSecretService();
    process.env.DBUS_SESSION_BUS_ADDRESS = service.env.DBUS_SESSION_BUS_ADDRESS;
  });
  afterAll(async () => {
    await service.stop();
  });

  it('an unknown kind and a malformed entry are skipped, each saying whether a secret stays in plaintext', async () => {
    const store = new AuthStore(join(scratchDir(), 'credhelper', 'auth.json'));
    const unknown = { type: 'device-code', refresh_token: 'sk-test-unknown-kind-0001' };
    await store.update((data) => {
      data.openai = { type: 'api', key: 'sk-test-openai-migrate-0001' };
      data.other = unknown;
      data.broken = { type: 'api' };
    });
    const result = await migrateStore(store, 'keychain', {
      DBUS_SESSION_BUS_ADDRESS: service.env.DBUS_SESSION_BUS_ADDRESS,
    });
    expect(result.moved).toEqual(['openai']);
    expect(result.skipped).toEqual([
      {
        id: 'other',
        reason: 'of a kind credhelper does not know: left in auth.json as it is, its secrets still in plaintext',
      },
      { id: 'broken', reason: 'malformed: left in auth.json as it is' },
    ]);
    expect(store.read().other).toEqual(unknown);
  });
});
