import { createCredentialHelper, isCredentialHelperError } from 'credhelper';
import { describe, expect, it } from 'vitest';

// #23: a misspelt helper setting is refused, not silently ignored.

function refusal(settings: Record<string, unknown>): unknown {
  try {
    createCredentialHelper({ env: {}, authFile: false, settings });
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('strict settings', () => {
  it.each([
    ['apiKeyHelpr', 'apiKeyHelper'],
    ['awsCredentialsExport', 'awsCredentialExport'],
    ['gcpAuthRefesh', 'gcpAuthRefresh'],
    ['ApiKeyHelper', 'apiKeyHelper'],
  ])('%s is refused with INVALID_OPTION naming the key and %s', (key, meant) => {
    const error = refusal({ [key]: 'echo sk-ant-test-strict-0001' });
    expect(isCredentialHelperError(error) && error.code).toBe('INVALID_OPTION');
    expect(String(error)).toContain(`settings.${key}`);
    expect(String(error)).toContain(meant);
    expect(String(error)).not.toContain('sk-ant-test-strict-0001');
  });

  it('other keys of a whole Claude Code settings object still pass', () => {
    expect(refusal({ apiKeyHelper: 'echo x', permissions: { allow: [] }, env: {}, model: 'opus' })).toBeUndefined();
  });

  it('the type is exact for an object literal', () => {
    // @ts-expect-error a misspelt key does not compile
    expect(() => createCredentialHelper({ env: {}, authFile: false, settings: { apiKeyHelpr: 'x' } })).toThrow(
      /apiKeyHelper/,
    );
  });
});
