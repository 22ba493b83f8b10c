import { CredentialHelperError } from '../errors.js';
import type { ReadonlyEnv } from '../read-env.js';
import { isSecretField, splitEntrySecrets } from './entry-secrets.js';
import { keychainDelete, keychainGet, keychainSet } from './keychain-binding.js';
import { probeKeychain } from './keychain-probe.js';
import {
  KEYCHAIN_REF_FIELD,
  KEYCHAIN_SERVICE,
  type KeychainRef,
  keychainAccount,
  keychainRefOf,
  ownedBy,
} from './keychain-ref.js';
import type { SecretBackend } from './secret-backend.js';

/** The fix when an entry's keychain item cannot be read here. */
function readFix(id: string): string {
  return `log in again to store ${id} here (\`CREDHELPER_STORE=file credhelper login\` keeps it in auth.json)`;
}

/**
 * Why the item's `payload` cannot be an entry's secrets: no secret, or a field that is not a
 * secret (`expires`, a reference): an item edited outside credhelper never changes the entry's
 * other fields. Its `type` may differ from auth.json's: a replacement by another kind writes the
 * item first, so after a crash before the file the item is the newer. `undefined` when it fits.
 */
function payloadProblem(payload: Record<string, string>): string | undefined {
  const fields = Object.keys(payload).filter((field) => field !== 'type');
  if (fields.length === 0) return 'no secret';
  const other = fields.filter((field) => field === KEYCHAIN_REF_FIELD || !isSecretField(payload, field));
  return other.length === 0 ? undefined : `${other.length} field(s) that are not secrets`;
}

async function parsePayload(text: string, id: string, file: string, ref: KeychainRef): Promise<Record<string, string>> {
  const { keychainPayloadSchema } = await import('../schemas/auth-file.js');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = keychainPayloadSchema.safeParse(json);
  const problem = parsed.success ? payloadProblem(parsed.data) : 'not the JSON credhelper writes';
  if (parsed.success && problem === undefined) return parsed.data;
  // Never the item's text (it is the secret): only where it is and what is wrong.
  throw new CredentialHelperError(
    'STORE_CORRUPT',
    `the keychain item of entry "${id}" of ${file} (service ${ref.service}, account ${ref.account}) is not what credhelper wrote (${problem}); it was left as it is. ` +
      `Fix: \`credhelper logout ${id.replace(':', ' --profile ')}\` and log in again.`,
    { setting: file },
  );
}

async function refOrThrow(id: string, raw: Record<string, unknown>, file: string): Promise<KeychainRef> {
  const ref = keychainRefOf(raw);
  if (ref !== undefined) return ref;
  const { keychainRefSchema } = await import('../schemas/auth-file.js');
  const issues = keychainRefSchema.safeParse(raw[KEYCHAIN_REF_FIELD]).error?.issues ?? [];
  const paths = issues.map((issue) => [id, KEYCHAIN_REF_FIELD, ...issue.path].join('.'));
  throw new CredentialHelperError(
    'STORE_CORRUPT',
    `entry "${id}" of ${file} has a malformed keychain reference (${paths.join(', ') || `${id}.${KEYCHAIN_REF_FIELD}`}); it was left as it is. ` +
      `Fix: \`credhelper logout ${id.replace(':', ' --profile ')}\` and log in again, or repair the file.`,
    { setting: file, issuePaths: paths },
  );
}

/**
 * The keychain backend: each entry's secret fields (and its `type`) as one JSON item in the OS
 * keychain (service {@link KEYCHAIN_SERVICE}, account `id@<file hash>`, see `keychainAccount`);
 * `auth.json` keeps the rest and the reference. On macOS this is the binding's own Keychain API
 * (untested here); on Linux the Secret Service only (never the kernel keyring, which forgets at reboot).
 */
export function keychainSecretBackend(env: ReadonlyEnv): SecretBackend {
  return {
    kind: 'keychain',
    async load(id, raw, file) {
      const ref = await refOrThrow(id, raw, file);
      const text = await keychainGet(ref, {
        doing: `read entry "${id}" of ${file} (it lives in the keychain)`,
        fix: readFix(id),
      });
      if (text === undefined) {
        throw new CredentialHelperError(
          'STORE_CORRUPT',
          `entry "${id}" of ${file} lives in the keychain, but its item (service ${ref.service}, account ${ref.account}) is not there (removed outside credhelper, or this auth.json was copied from another machine or account?). ` +
            `Fix: log in again (\`credhelper login ${id.replace(':', ' --profile ')}\`), or \`credhelper logout ${id.replace(':', ' --profile ')}\`.`,
          { setting: file },
        );
      }
      const payload = await parsePayload(text, id, file, ref);
      const { [KEYCHAIN_REF_FIELD]: _ref, ...rest } = raw;
      // The item wins: it is written before auth.json, so after a crash in between it is the newer.
      return { ...rest, ...payload };
    },
    async save(id, entry, file, previous) {
      const prior = keychainRefOf(previous);
      // The same item again when the entry is already there (a refresh, a new login): replaced in
      // place. Not an item another file wrote (a copied auth.json): that copy may still use it.
      const ref: KeychainRef =
        prior !== undefined && ownedBy(prior, file)
          ? prior
          : { service: KEYCHAIN_SERVICE, account: keychainAccount(id, file) };
      const { rest, secrets } = splitEntrySecrets(entry);
      const text = JSON.stringify(secrets);
      const call = {
        doing: `store ${id} in the keychain`,
        fix: 'set CREDHELPER_STORE=file (or "store": "file" in the settings) to keep new entries in auth.json',
      };
      await keychainSet(ref, text, call);
      const back = await keychainGet(ref, call);
      if (back !== text) {
        throw new CredentialHelperError(
          'KEYCHAIN_UNAVAILABLE',
          `stored ${id} in the keychain, but reading it back gave something else (${back === undefined ? 'nothing' : `${Buffer.byteLength(back)} bytes, expected ${Buffer.byteLength(text)}`}); auth.json was not changed.`,
          { setting: 'keychain' },
        );
      }
      const { [KEYCHAIN_REF_FIELD]: _old, ...kept } = rest;
      return { ...kept, [KEYCHAIN_REF_FIELD]: ref };
    },
    async remove(raw) {
      const ref = keychainRefOf(raw);
      if (ref === undefined) return false;
      return keychainDelete(ref, { doing: `delete the keychain item ${ref.service}/${ref.account}`, fix: '' });
    },
    async describe() {
      const status = await probeKeychain(env);
      return { kind: 'keychain', ...status };
    },
  };
}
