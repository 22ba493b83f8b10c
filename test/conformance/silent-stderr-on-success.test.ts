import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cliHome, writeJson } from '../support/cli.js';
import { fixture } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

// credhelper's CLI as Claude Code's `apiKeyHelper` (`credhelper get anthropic`) or as an AWS
// `credential_process` (`credhelper aws-credential-process`): their contracts treat stderr as
// failure, so on success nothing reaches a captured stderr. Notes (a settings warning) are held and
// shown only when the command fails, or at once when stderr is a terminal.

isolateTests();
const KEY = 'sk-ant-test-conformance-silent-0001';

/** A HOME whose Claude Code settings hold the helpers and a near-miss key (a settings warning). */
function claudeHome(settings: Record<string, unknown>) {
  const { home, env } = cliHome({ FAKE_KEY: KEY, AWS_REGION: 'us-east-1' });
  const file = writeJson(join(home, '.claude', 'settings.json'), { ...settings, awsCredentialExprot: 'x' });
  return { env, warning: `${file}: "awsCredentialExprot" is not read` };
}

describe('success writes nothing to a captured stderr', () => {
  it('get anthropic (as an apiKeyHelper)', () => {
    const { env } = claudeHome({ apiKeyHelper: fixture('print-key.sh') });
    expect(cli(['--claude', 'get', 'anthropic'], { env })).toMatchObject({ code: 0, stdout: `${KEY}\n`, stderr: '' });
  });

  it('aws-credential-process (as a credential_process), while the export itself warns on stderr', () => {
    const { env } = claudeHome({ awsCredentialExport: fixture('print-sts-json.sh') });
    const run = cli(['--claude', 'aws-credential-process'], { env });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toMatchObject({ Version: 1, AccessKeyId: 'ASIATESTEXPORT000001' });
  });

  it('the held note is shown when the command fails, before its error', () => {
    const { env, warning } = claudeHome({ apiKeyHelper: fixture('exit-3.sh') });
    const run = cli(['--claude', 'get', 'anthropic'], { env });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(warning);
    expect(run.stderr.indexOf(warning)).toBeLessThan(run.stderr.indexOf('exited with code 3'));
  });

  it('other commands (status) still show the note at once', () => {
    const { env, warning } = claudeHome({ apiKeyHelper: fixture('print-key.sh') });
    expect(cli(['--claude', 'status'], { env }).stderr).toContain(warning);
  });
});
