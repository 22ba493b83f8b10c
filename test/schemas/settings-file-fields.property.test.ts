import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claudeSettingsFileSchemaFor, settingsFileSchemaFor } from '../../src/schemas/settings-file.js';
import { CREDHELPER_SETTINGS_KEYS } from '../../src/settings/unknown-settings-keys.js';

// Issue #21: a settings file is validated with the schemas of the keys it has, not of every key.
// The schema of a file that has every key is the object of every field (what was validated before);
// any file must get the same outcome, data and issues from both.
const SETTINGS_KEYS = CREDHELPER_SETTINGS_KEYS.filter((key) => key !== '$schema');
const CLAUDE_KEYS = ['apiKeyHelper', 'awsAuthRefresh', 'awsCredentialExport', 'gcpAuthRefresh', 'env'];
const everyField = (keys: readonly string[]) => Object.fromEntries(keys.map((key) => [key, null]));

/** Values near what each key accepts, and anything JSON can hold. */
const value = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('', '  ', ' ./key.sh ', 'auto', 'keychain', 'form', 'json', 'https://auth.example/token'),
  fc.constantFrom('http://127.0.0.1:9/t', 'http://evil.example/t', 'not a url', 'openai', 'Bad Id'),
  fc.constantFrom(0, -1, 1.5, 30_000, 2_147_483_648, true, false),
  fc.array(fc.constantFrom('openai', 'Bad', 'x.y-z', 3), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('A', 'B_C', 'openai', 'Bad'), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
  fc.dictionary(
    fc.constantFrom('openai', 'Bad Id'),
    fc.record(
      {
        tokenUrl: fc.constantFrom('https://a.example/t', 'http://localhost/t', 'http://a.example/t', 7),
        clientId: fc.constantFrom('', 'id'),
        body: fc.constantFrom('form', 'xml'),
      },
      { requiredKeys: [] },
    ),
    { maxKeys: 2 },
  ),
);

function file(keys: readonly string[]) {
  return fc.oneof(
    fc.dictionary(fc.constantFrom(...keys, 'other', '$schema', '__proto__'), value, { maxKeys: 6 }),
    fc.jsonValue({ maxDepth: 1 }),
  );
}

function outcome(result: { success: boolean; data?: unknown; error?: { issues: unknown[] } }) {
  return result.success ? { data: result.data } : { issues: result.error?.issues };
}

describe('settings files are validated with the schemas of the keys they have (issue #21)', () => {
  it('credhelper settings files: the same data or issues as the schema of every key', () => {
    const every = settingsFileSchemaFor(everyField(SETTINGS_KEYS));
    fc.assert(
      fc.property(file(SETTINGS_KEYS), (json) => {
        expect(outcome(settingsFileSchemaFor(json).safeParse(json))).toEqual(outcome(every.safeParse(json)));
      }),
      { numRuns: 20_000 },
    );
  });

  it("Claude Code's settings files: the same data or issues as the schema of every key read", () => {
    const every = claudeSettingsFileSchemaFor(everyField(CLAUDE_KEYS));
    fc.assert(
      fc.property(file(CLAUDE_KEYS), (json) => {
        expect(outcome(claudeSettingsFileSchemaFor(json).safeParse(json))).toEqual(outcome(every.safeParse(json)));
      }),
      { numRuns: 20_000 },
    );
  });

  it('the schema of every key has every field (a key left out of the list would go unvalidated)', () => {
    expect(Object.keys(settingsFileSchemaFor(everyField(SETTINGS_KEYS)).shape).sort()).toEqual(
      [...SETTINGS_KEYS].sort(),
    );
    expect(settingsFileSchemaFor({ apiKeyHelper: 1 }).safeParse({ apiKeyHelper: 1 }).success).toBe(false);
    expect(settingsFileSchemaFor({ refreshCooldownMs: -1 }).safeParse({ refreshCooldownMs: -1 }).success).toBe(false);
  });
});
