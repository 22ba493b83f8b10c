import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprint, redact, sanitizedCause } from '../src/internal.js';

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

describe('sanitizedCause', () => {
  it('keeps name, redacted message, code and status; drops the request and response bodies', () => {
    const inner = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const sdkError = Object.assign(new Error('invalid_grant: token sk-ant-test-inmessage rejected', { cause: inner }), {
      name: 'GaxiosError',
      code: '400',
      config: { data: 'subject_token=test-subject-secret-0001' },
      response: { status: 400, data: { echoed: 'test-subject-secret-0001' } },
    });
    const safe = sanitizedCause(sdkError, ['test-subject-secret-0001']);
    expect(safe).toMatchObject({ name: 'GaxiosError', code: '400', status: 400 });
    expect(safe.message).toBe('invalid_grant: token [REDACTED] rejected');
    expect((safe.cause as { code?: string }).code).toBe('ECONNREFUSED');
    const printed = inspect(safe, { depth: 20 });
    expect(printed).not.toContain('test-subject-secret-0001');
    expect(printed).not.toContain('sk-ant-test-inmessage');
  });
});

describe('redact: quoted parser input', () => {
  it("drops the input that V8's JSON.parse errors quote", () => {
    let message = '';
    try {
      JSON.parse('BEGIN PRIVATE KEY abcdef');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('BEGIN PRIV'); // what V8 does, and why this rule exists
    const out = redact(message);
    expect(out).not.toContain('BEGIN PRIV');
    expect(out).toContain('is not valid JSON');
  });
});

describe('redact: paths are not assignments', () => {
  it('keeps `cat: ~/.config/anthropic/key: No such file` readable, still redacts KEY=… and api_key: …', async () => {
    const { redact } = await import('../src/redact.js');
    expect(redact('cat: /home/u/.config/anthropic/key: No such file or directory')).toBe(
      'cat: /home/u/.config/anthropic/key: No such file or directory',
    );
    expect(redact('ANTHROPIC_API_KEY=abc123secret')).toBe('ANTHROPIC_API_KEY=[REDACTED]');
    expect(redact('api_key: abc123secret')).toBe('api_key: [REDACTED]');
    expect(redact('config.api_key=abc123secret')).toBe('config.api_key=[REDACTED]');
    expect(redact('my-key: abc123secret')).toBe('my-key: [REDACTED]');
  });
});
