import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, cliHome, userSettings } from '../support/cli.js';
import { fixture, runCount, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { startMoto } from '../support/local-servers.js';

// The real AWS CLI (v1 in the machine image; v2 if `apt-get install awscli` put it first on PATH)
// using `credhelper aws-credential-process` as its credential_process, against a local moto STS.

const { track } = isolateTests();
const awsVersion = spawnSync('aws', ['--version'], { encoding: 'utf8' });
const hasAws = awsVersion.status === 0;
const hasMoto = spawnSync('python3', ['-c', 'import moto.server']).status === 0;
const reason = !hasAws ? 'the AWS CLI (`aws`) is not installed' : 'python3 with moto is not installed';

describe.skipIf(!hasAws || !hasMoto)(
  `the AWS CLI with credhelper as credential_process${hasAws && hasMoto ? '' : ` (skipped: ${reason})`}`,
  () => {
    it('aws sts get-caller-identity signs with the credentials awsCredentialExport vended through credhelper', async () => {
      const moto = track(await startMoto());
      const count = join(scratchDir(), 'count');
      const { home, env } = cliHome({ COUNT_FILE: count });
      userSettings(home, { awsCredentialExport: fixture('print-sts-json.sh') });
      const config = join(home, 'aws-config');
      writeFileSync(
        config,
        `[profile agents]\ncredential_process = ${process.execPath} ${CLI} aws-credential-process\nregion = us-east-1\n`,
      );
      const result = spawnSync(
        'aws',
        ['sts', 'get-caller-identity', '--endpoint-url', moto.url, '--profile', 'agents', '--output', 'json'],
        {
          env: { ...env, AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(home, 'aws-credentials') },
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      expect(result.stderr).not.toContain('test-export-secret');
      expect(result.status).toBe(0);
      const identity = JSON.parse(result.stdout) as { Account?: string; Arn?: string };
      expect(identity.Account).toMatch(/^\d{12}$/);
      expect(runCount(count)).toBe(1);
    }, 90_000);
  },
);
