import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cli, cliHome, userSettings } from '../support/cli.js';
import { runCount, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

// The CLI's shared cache (on by default) across real processes: an entry never crosses
// identities (Major 1 of issue 22) and never outlives the reader's own TTL (Major 2).

isolateTests();
vi.setConfig({ testTimeout: 60_000 });

const KEYS_A = { AWS_ACCESS_KEY_ID: 'AKIATESTAAAAAAAAAAAA', AWS_SECRET_ACCESS_KEY: 'aws-test-secret-identity-a' };
const KEYS_B = { AWS_ACCESS_KEY_ID: 'AKIATESTBBBBBBBBBBBB', AWS_SECRET_ACCESS_KEY: 'aws-test-secret-identity-b' };

describe('shared cache identity (CLI)', () => {
  it('process 1 with AWS keys A fills; process 2 with keys B gets B; process 3 with no keys does not get A', () => {
    const { env } = cliHome({
      AWS_CONFIG_FILE: join(scratchDir(), 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(scratchDir(), 'credentials'),
    });
    const first = cli(['get', 'bedrock'], { env: { ...env, ...KEYS_A } });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`export AWS_ACCESS_KEY_ID='${KEYS_A.AWS_ACCESS_KEY_ID}'\n`);

    const second = cli(['get', 'bedrock'], { env: { ...env, ...KEYS_B } });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`export AWS_ACCESS_KEY_ID='${KEYS_B.AWS_ACCESS_KEY_ID}'\n`);
    expect(second.stdout).not.toContain(KEYS_A.AWS_SECRET_ACCESS_KEY);

    const third = cli(['get', 'bedrock'], { env });
    expect(third.code).not.toBe(0);
    expect(third.stdout + third.stderr).not.toContain(KEYS_A.AWS_ACCESS_KEY_ID);
    expect(third.stdout + third.stderr).not.toContain(KEYS_A.AWS_SECRET_ACCESS_KEY);
  });

  it('an apiKeyHelper whose input variable differs does not share its entry', () => {
    const { home, env } = cliHome();
    userSettings(home, { apiKeyHelper: 'echo "sk-ant-test-tenant-$TENANT."' });
    expect(cli(['get', 'anthropic'], { env: { ...env, TENANT: 'a' } }).stdout).toBe('sk-ant-test-tenant-a.\n');
    expect(cli(['get', 'anthropic'], { env: { ...env, TENANT: 'b' } }).stdout).toBe('sk-ant-test-tenant-b.\n');
    expect(cli(['get', 'anthropic'], { env }).stdout).toBe('sk-ant-test-tenant-.\n');
  });

  it('CREDHELPER_API_KEY_HELPER_TTL_MS=0 runs the helper although another process stored its key for 1 h', () => {
    const dir = scratchDir();
    const count = join(dir, 'count');
    const script = join(dir, 'vend.sh');
    writeFileSync(
      script,
      `#!/bin/sh\necho run >> "${count}"\necho "sk-ant-test-run-$(wc -l < "${count}" | tr -d ' ')"\n`,
      {
        mode: 0o755,
      },
    );
    const { home, env } = cliHome();
    userSettings(home, { apiKeyHelper: script });
    const hour = { ...env, CREDHELPER_API_KEY_HELPER_TTL_MS: '3600000' };
    expect(cli(['get', 'anthropic'], { env: hour }).stdout).toBe('sk-ant-test-run-1\n');
    expect(cli(['get', 'anthropic'], { env: hour }).stdout).toBe('sk-ant-test-run-1\n'); // shared: no second run
    const always = { ...env, CREDHELPER_API_KEY_HELPER_TTL_MS: '0' };
    expect(cli(['get', 'anthropic'], { env: always }).stdout).toBe('sk-ant-test-run-2\n');
    expect(cli(['get', 'anthropic'], { env: always }).stdout).toBe('sk-ant-test-run-3\n');
    expect(runCount(count)).toBe(3);
    // A 1 ms TTL: an entry older than that is a miss for this reader, whoever wrote it.
    expect(cli(['get', 'anthropic'], { env: { ...env, CREDHELPER_API_KEY_HELPER_TTL_MS: '1' } }).stdout).toBe(
      'sk-ant-test-run-4\n',
    );
  });
});
