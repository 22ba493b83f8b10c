import { describe, expect, it } from 'vitest';
import { GCP_REFRESHABLE_CODES, translateGcpError } from '../../src/gcp/gcp-error.js';

describe('translateGcpError while loading ADC', () => {
  it('a network failure (the project lookup offline) is PROVIDER_FAILED, which starts no login', () => {
    // What google-auth-library throws when it asks cloudresourcemanager for the project offline.
    const offline = Object.assign(new Error('request to https://cloudresourcemanager.googleapis.com/ failed'), {
      name: 'GaxiosError',
      code: 'ENOTFOUND',
    });
    const error = translateGcpError(offline, 'load', []);
    expect(error.code).toBe('PROVIDER_FAILED');
    expect(error.message).toContain('ANTHROPIC_VERTEX_PROJECT_ID');
    expect(GCP_REFRESHABLE_CODES.has(error.code)).toBe(false);
  });

  it('a file that cannot be used is still SOURCE_UNREADABLE', () => {
    const missing = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
    expect(translateGcpError(missing, 'load', []).code).toBe('SOURCE_UNREADABLE');
  });
});

describe('translateGcpError: the fix it gives', () => {
  const rejected = Object.assign(new Error('invalid_grant'), {
    name: 'GaxiosError',
    response: { status: 400, data: { error: 'invalid_grant' } },
  });

  it('without gcpAuthRefresh, suggests setting it', () => {
    expect(translateGcpError(rejected, 'token', []).message).toContain('or set `gcpAuthRefresh`');
  });

  it('with gcpAuthRefresh set, does not tell the user to set it', () => {
    const error = translateGcpError(rejected, 'token', [], undefined, true);
    expect(error.code).toBe('CREDENTIALS_REJECTED');
    expect(error.message).not.toContain('or set `gcpAuthRefresh`');
    expect(error.message).toContain('`gcpAuthRefresh` is set');
  });
});
