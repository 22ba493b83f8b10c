import { describe, expect, it } from 'vitest';
import { writeAuthFile } from '../support/auth-file.js';
import { cli, cliHome } from '../support/cli.js';
import { isolateTests } from '../support/isolation.js';

// Issue 22: `get --json` shapes differed by path (`provider` vs `target`; `oauth` vs `token` for
// the same stored entry). One shape: { target, type, source, expiresAt?, …, value }.

isolateTests();

const TOKEN = 'sk-ant-oat01-test-json-shape-0001';

function getJson(args: string[], env: Record<string, string>): Record<string, unknown> {
  const result = cli(['get', ...args, '--json'], { env });
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

describe('get --json: one shape whatever the path', () => {
  it('the same stored Anthropic token reads the same with and without --profile', () => {
    const expires = Date.now() + 86_400_000;
    const file = writeAuthFile({
      anthropic: { type: 'token', token: TOKEN, expires },
      'anthropic:work': { type: 'token', token: TOKEN, expires },
    });
    const { env } = cliHome({ CREDHELPER_AUTH_FILE: file });
    const plain = getJson(['anthropic'], env);
    const pinned = getJson(['anthropic', '--profile', 'work'], env);
    expect(plain).toEqual({
      target: 'anthropic',
      type: 'oauth',
      source: 'store:anthropic',
      expiresAt: new Date(expires).toISOString(),
      value: TOKEN,
    });
    expect(pinned).toEqual({ ...plain, source: 'store:anthropic:work' });
  });

  it('another provider has the same keys: target (not provider), type, source, value', () => {
    const { env } = cliHome({ OPENAI_API_KEY: 'sk-test-openai-json-shape-0001' });
    expect(getJson(['openai'], env)).toEqual({
      target: 'openai',
      type: 'api',
      source: 'env:OPENAI_API_KEY',
      value: 'sk-test-openai-json-shape-0001',
    });
  });
});
