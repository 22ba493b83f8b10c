import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CredentialHelperError, createCredentialHelper, isCredentialHelperError } from 'credhelper';
import { describe, expect, it } from 'vitest';
import { writeAuthFile } from '../support/auth-file.js';
import { cleanEnv, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

isolateTests();

const KEY = 'sk-ant-test-helper-cwd-0001';

describe('createCredentialHelper: helperCwd and dotenv.verify (issue 15 §4)', () => {
  it('helperCwd runs that setting in its folder; the others still run in cwd', async () => {
    const root = scratchDir();
    const sub = join(root, 'src');
    mkdirSync(join(root, 'bin'), { recursive: true });
    mkdirSync(sub);
    writeFileSync(join(root, 'bin', 'key'), `#!/bin/sh\necho ${KEY}\n`);
    chmodSync(join(root, 'bin', 'key'), 0o755);
    const settings = { apiKeyHelper: './bin/key' };
    const env = cleanEnv();
    const inRoot = createCredentialHelper({
      settings,
      env,
      cwd: sub,
      helperCwd: { apiKeyHelper: root },
      authFile: false,
    });
    expect((await inRoot.anthropic()).value).toBe(KEY);
    const inSub = createCredentialHelper({ settings, env, cwd: sub, authFile: false });
    const error = await inSub.anthropic().catch((e: unknown) => e);
    expect(isCredentialHelperError(error) && error.code).toBe('HELPER_EXIT');
  });

  it('helperCwd accepts only helper settings and non-empty paths', () => {
    for (const helperCwd of [{ nope: '/tmp' }, { apiKeyHelper: '' }, 'x']) {
      // biome-ignore lint/suspicious/noExplicitAny: invalid on purpose
      expect(() => createCredentialHelper({ helperCwd: helperCwd as any })).toThrow(/helperCwd/);
    }
  });

  it('dotenv.verify sees the text that was parsed before a .env key is used, and its error stops the chain', async () => {
    const cwd = scratchDir();
    const text = 'OPENAI_API_KEY=sk-test-dotenv-verify-0001\n';
    writeFileSync(join(cwd, '.env'), text);
    const authFile = writeAuthFile({ openai: { type: 'api', key: 'sk-test-stored-verify-0002' } });
    const seen: Array<{ path: string; text: string }> = [];
    const refusing = createCredentialHelper({
      env: cleanEnv(),
      cwd,
      authFile,
      dotenv: {
        verify: (file) => {
          seen.push(file);
          throw new CredentialHelperError('PROJECT_UNTRUSTED', 'not trusted');
        },
      },
    });
    const error = await refusing.provider('openai').catch((e: unknown) => e);
    expect(isCredentialHelperError(error) && error.code).toBe('PROJECT_UNTRUSTED');
    expect(seen).toEqual([{ path: join(cwd, '.env'), text }]);
    const accepting = createCredentialHelper({ env: cleanEnv(), cwd, authFile, dotenv: { verify: () => undefined } });
    expect((await accepting.provider('openai')).value).toBe('sk-test-dotenv-verify-0001');
    // Not called when the .env has nothing for the provider.
    seen.length = 0;
    await refusing.provider('mistral').catch(() => undefined);
    expect(seen).toEqual([]);
  });
});
