import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCredentialHelper } from 'credhelper';
import { describe, expect, it } from 'vitest';
import { useAwsEnv } from '../support/clean-env.js';
import { cliAsync, cliHome } from '../support/cli.js';
import { fakeClock, fixture, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

// Issue 22: a failed background refresh in a long-running agent is shown by `credhelper status`
// (a short-lived process that never ran the refresh itself), through the shared cache directory.

isolateTests();

const SECRET = 'aws-test-secret-background-status-0001';

describe('credhelper status shows a failed background refresh of another process', () => {
  it('while the value in use still works; gone once a later refresh succeeds', async () => {
    const dir = scratchDir();
    const cacheDir = join(dir, 'cache');
    mkdirSync(cacheDir, { mode: 0o700 });
    const failFile = join(dir, 'fail');
    const script = join(dir, 'export.sh');
    writeFileSync(
      script,
      `#!/bin/sh\nif [ -e "${failFile}" ]; then echo "vault sealed; last secret was $SECRET" >&2; exit 3; fi\nexec "${fixture('print-sts-json.sh')}"\n`,
      { mode: 0o755 },
    );
    const clock = fakeClock(Date.now());
    const creds = createCredentialHelper({
      env: useAwsEnv({ SECRET }),
      now: clock.now,
      settings: { awsCredentialExport: script },
      authFile: false,
      sharedCache: cacheDir,
      onDiagnostic: () => undefined,
    });
    const first = await creds.bedrock();
    const { env } = cliHome({ ANTHROPIC_API_KEY: 'sk-ant-test-status-0001', CREDHELPER_CACHE_DIR: cacheDir });
    expect((await cliAsync(['status', '--check'], { env })).code).toBe(0);

    writeFileSync(failFile, '');
    clock.advance(56 * 60_000); // inside the refresh window: a background refresh starts, and fails
    expect(await creds.bedrock()).toEqual(first);
    const failed = async () =>
      JSON.parse((await cliAsync(['status', '--json'], { env })).stdout) as {
        backgroundRefreshFailures: Array<Record<string, string>>;
      };
    let report = await failed();
    for (let i = 0; i < 50 && report.backgroundRefreshFailures.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      report = await failed();
    }
    expect(report.backgroundRefreshFailures).toMatchObject([
      { source: 'helper:awsCredentialExport', code: 'HELPER_EXIT' },
    ]);
    expect(report.backgroundRefreshFailures[0]?.usableUntil).toBeDefined();
    const human = await cliAsync(['status', '--check'], { env });
    expect(human.stdout).toMatch(/background refresh failed: helper:awsCredentialExport at .* \(HELPER_EXIT\)/);
    expect(human.stdout).toContain('fix it before then');
    expect(human.code).toBe(2);
    expect(human.stdout + human.stderr + JSON.stringify(report)).not.toContain(SECRET);

    // Fixed: the next background refresh succeeds and the record goes.
    rmSync(failFile);
    clock.advance(3 * 60_000);
    await creds.bedrock();
    report = await failed();
    for (let i = 0; i < 50 && report.backgroundRefreshFailures.length > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      report = await failed();
    }
    expect(report.backgroundRefreshFailures).toEqual([]);
    expect((await cliAsync(['status', '--check'], { env })).code).toBe(0);
  }, 60_000);
});
