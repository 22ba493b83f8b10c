import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CredentialHelperError,
  createCredentialHelper,
  credentialTextSchema,
  envDurationMsSchema,
  isCredentialHelperError,
  type Settings,
  settingsSchema,
} from '../../src/index.js';

const RUNS = 10_000;

describe('parsers of outside input (fast-check)', () => {
  it('credentialTextSchema accepts only one non-empty line of printable ASCII, trimmed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (text) => {
        const parsed = credentialTextSchema.safeParse(text);
        if (!parsed.success) return;
        expect(parsed.data.length).toBeGreaterThan(0);
        expect(parsed.data).toMatch(/^[\x21-\x7e]+$/);
        expect(parsed.data).toBe(text.trim());
      }),
      { numRuns: RUNS },
    );
  });

  it('credentialTextSchema round-trips any key printed with surrounding whitespace', () => {
    // Not JSON-looking, not in quotes, not `null`, not a NAME_X=value line (issue 16: those are refused).
    const key = fc
      .stringMatching(/^[\x21-\x7e]{1,64}$/)
      .filter(
        (k) =>
          !/^[[{]/.test(k) &&
          !(k.length >= 2 && /^(["'`]).*\1$/.test(k)) &&
          k !== 'null' &&
          k !== 'undefined' &&
          !/^[A-Z][A-Z0-9]*_[A-Z0-9_]*=[^=]/.test(k),
      );
    fc.assert(
      fc.property(key, fc.constantFrom('', '\n', '\r\n', '  \n\n'), (k, tail) => {
        expect(credentialTextSchema.parse(`${k}${tail}`)).toBe(k);
      }),
      { numRuns: RUNS },
    );
  });

  it('credentialTextSchema refuses JSON and quoted keys, never quoting them (issue 16)', () => {
    const wrappers = [
      (k: string) => JSON.stringify({ key: k }),
      (k: string) => JSON.stringify([k]),
      (k: string) => `"${k}"`,
      (k: string) => `'${k}'`,
    ];
    fc.assert(
      fc.property(
        fc.stringMatching(/^sk-ant-test-[A-Za-z0-9]{4,40}$/),
        fc.constantFrom(...wrappers),
        fc.constantFrom('', '\n'),
        (key, wrap, tail) => {
          const parsed = credentialTextSchema.safeParse(`${wrap(key)}${tail}`);
          expect(parsed.success).toBe(false);
          const message = parsed.error?.issues[0]?.message ?? '';
          expect(message).toMatch(/Fix:/);
          expect(message).not.toContain(key);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('envDurationMsSchema accepts exactly the digit strings, as numbers', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.nat().map(String), fc.integer().map(String), fc.double().map(String)),
        (text) => {
          const parsed = envDurationMsSchema.safeParse(text);
          expect(parsed.success).toBe(/^\d{1,15}$/.test(text.trim()));
          if (parsed.success) expect(parsed.data).toBe(Number(text.trim()));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('settings: anything is either accepted with string commands or refused with a typed INVALID_OPTION', () => {
    const value = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.constant(null),
      fc.boolean(),
      fc.array(fc.string(), { maxLength: 2 }),
    );
    const settings = fc.dictionary(
      fc.constantFrom('apiKeyHelper', 'awsAuthRefresh', 'awsCredentialExport', 'gcpAuthRefresh', 'other'),
      value,
    );
    fc.assert(
      fc.property(settings, (input) => {
        const parsed = settingsSchema.safeParse(input);
        if (parsed.success) {
          for (const key of ['apiKeyHelper', 'awsAuthRefresh', 'awsCredentialExport', 'gcpAuthRefresh'] as const) {
            const command = parsed.data[key];
            if (command !== undefined) expect(command.trim()).toBe(command);
            if (command !== undefined) expect(command.length).toBeGreaterThan(0);
          }
        }
        try {
          createCredentialHelper({ settings: input as never, env: {} });
          expect(parsed.success).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(CredentialHelperError);
          expect((error as CredentialHelperError).code).toBe('INVALID_OPTION');
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('TTL variables: any value is either a valid TTL or a typed INVALID_OPTION at construction', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (raw) => {
        try {
          createCredentialHelper({ env: { CLAUDE_CODE_API_KEY_HELPER_TTL_MS: raw } });
        } catch (error) {
          expect((error as CredentialHelperError).code).toBe('INVALID_OPTION');
          expect(raw.trim()).not.toMatch(/^\d{1,15}$/);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

// `createCredentialHelper` checks its options by hand (no zod at start-up); these keep the hand
// checks and the zod schemas from drifting apart.
describe('option checks agree with the zod schemas', () => {
  const helperValue = fc.oneof(
    fc.constant(undefined),
    fc.string(),
    fc.constantFrom('', '  ', '\t'),
    fc.integer(),
    fc.boolean(),
  );
  const settingsArbitrary = fc.record(
    {
      apiKeyHelper: helperValue,
      awsAuthRefresh: helperValue,
      awsCredentialExport: helperValue,
      gcpAuthRefresh: helperValue,
      model: fc.anything(),
    },
    { requiredKeys: [] },
  );

  it('settings: refused by createCredentialHelper exactly when settingsSchema refuses them', () => {
    fc.assert(
      fc.property(settingsArbitrary, (settings) => {
        const zodAccepts = settingsSchema.safeParse(settings).success;
        let helperAccepts = true;
        try {
          createCredentialHelper({ settings: settings as Settings, env: {} });
        } catch (error) {
          expect(isCredentialHelperError(error) && error.code).toBe('INVALID_OPTION');
          helperAccepts = false;
        }
        expect(helperAccepts).toBe(zodAccepts);
      }),
      { numRuns: 2000 },
    );
  });

  it('TTL variables: refused exactly when envDurationMsSchema refuses them', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^\s*\d{1,17}\s*$/)), (raw) => {
        fc.pre(raw.trim() !== '');
        const zod = envDurationMsSchema.safeParse(raw);
        let ttlError: unknown;
        try {
          createCredentialHelper({ env: { CREDHELPER_API_KEY_HELPER_TTL_MS: raw } });
        } catch (error) {
          ttlError = error;
        }
        expect(ttlError === undefined).toBe(zod.success);
      }),
      { numRuns: 2000 },
    );
  });
});
