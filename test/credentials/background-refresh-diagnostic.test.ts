import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CredentialDiagnostic, createCredentialHelper } from 'credhelper';
import { describe, expect, it } from 'vitest';
import { useAwsEnv } from '../support/clean-env.js';
import { fakeClock, fixture, scratchDir, waitFor } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

// Issue 22: a failed background refresh was never reported; the old value stays in use, but a
// user must learn before it runs out. It goes to the `onDiagnostic` callback.

isolateTests();

const SECRET = 'aws-test-secret-background-0001';

describe('a background refresh that fails', () => {
  it('is reported to onDiagnostic (source, code, redacted message) while the current value stays in use', async () => {
    const dir = scratchDir();
    const failFile = join(dir, 'fail');
    const script = join(dir, 'export.sh');
    writeFileSync(
      script,
      `#!/bin/sh\nif [ -e "${failFile}" ]; then echo "vault sealed; last secret was $SECRET" >&2; exit 3; fi\nexec "${fixture('print-sts-json.sh')}"\n`,
      { mode: 0o755 },
    );
    const clock = fakeClock(Date.now());
    const diagnostics: CredentialDiagnostic[] = [];
    const creds = createCredentialHelper({
      env: useAwsEnv({ SECRET }),
      now: clock.now,
      settings: { awsCredentialExport: script },
      authFile: false,
      onDiagnostic: (diagnostic) => diagnostics.push(diagnostic),
    });
    const first = await creds.bedrock();
    writeFileSync(failFile, '');
    clock.advance(56 * 60_000); // inside the 5-minute refresh window
    expect(await creds.bedrock()).toEqual(first);
    expect(await waitFor(() => diagnostics.length > 0)).toBe(true);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      kind: 'background-refresh-failed',
      source: 'helper:awsCredentialExport',
      code: 'HELPER_EXIT',
    });
    expect(diagnostics[0]?.message).toContain('awsCredentialExport');
    expect(JSON.stringify(diagnostics)).not.toContain(SECRET);
    expect(diagnostics[0]?.usableUntil).toBeInstanceOf(Date);
  });

  it('an onDiagnostic that is not a function is INVALID_OPTION', () => {
    expect(() => createCredentialHelper({ onDiagnostic: 'log' as never })).toThrow(
      'expected `onDiagnostic` to be a function',
    );
  });
});
