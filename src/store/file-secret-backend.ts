import type { SecretBackend } from './secret-backend.js';

/** The file backend: secrets inline in `auth.json` (plaintext, the file is 0600), as before the keychain store. */
export const fileSecretBackend: SecretBackend = {
  kind: 'file',
  load: async (_id, raw) => raw,
  save: async (_id, entry) => entry,
  remove: async () => false,
  describe: async () => ({ kind: 'file', available: true, detail: 'auth.json (plaintext, mode 0600)' }),
};
