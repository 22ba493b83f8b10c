import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprint, redact } from '../src/index.js';

describe('redact', () => {
  it('removes known secrets and secret-shaped strings', () => {
    const text =
      'key sk-ant-test-abc_123 id AKIATESTABCDEFGHIJKL auth Bearer abc.def-ghi API_KEY=hunter22 other my-own-secret-value';
    const out = redact(text, ['my-own-secret-value']);
    for (const secret of [
      'sk-ant-test-abc_123',
      'AKIATESTABCDEFGHIJKL',
      'abc.def-ghi',
      'hunter22',
      'my-own-secret-value',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('Bearer [REDACTED]');
    expect(out).toContain('API_KEY=[REDACTED]');
  });

  it('never leaves a known secret in any surrounding text', () => {
    fc.assert(
      fc.property(fc.string(), fc.stringMatching(/^[A-Za-z0-9_-]{6,40}$/), fc.string(), (before, secret, after) => {
        expect(redact(`${before}${secret}${after}`, [secret])).not.toContain(secret);
      }),
      { numRuns: 10_000 },
    );
  });

  it('fingerprints are 12 hex digits of sha256 and differ between secrets', () => {
    expect(fingerprint('sk-ant-test-a')).toMatch(/^sha256:[0-9a-f]{12}$/);
    expect(fingerprint('sk-ant-test-a')).not.toBe(fingerprint('sk-ant-test-b'));
  });
});
