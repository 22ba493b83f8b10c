import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cli, cliAsync, cliHome } from '../support/cli.js';
import { isolateTests } from '../support/isolation.js';
import { gceMetadataServer } from '../support/local-servers.js';

// Issue 16, "Defaults shown": a region nobody named says "(default)" in status and explain.

const { track } = isolateTests();
vi.setConfig({ testTimeout: 90_000 });
const AWS_SECRET = 'test-defaults-secret-00000000000000000001';
const ACCESS_TOKEN = 'ya29.test-defaults-token-0001';

function awsKeys(extra: Record<string, string> = {}) {
  return cliHome({
    CLAUDE_CODE_USE_BEDROCK: '1',
    AWS_ACCESS_KEY_ID: 'AKIATESTDEFAULTS0001',
    AWS_SECRET_ACCESS_KEY: AWS_SECRET,
    ...extra,
  });
}

describe('defaults shown', () => {
  it('bedrock: us-east-1 (default) in status and explain; a named region says where it came from', () => {
    const { env } = awsKeys();
    const status = cli(['status'], { env });
    expect(status.stdout).toMatch(/bedrock\s+ok\s+aws:env\s+sigv4\s+-\s+us-east-1 \(default\)/);
    const json = JSON.parse(cli(['status', '--json'], { env }).stdout) as { targets: Array<Record<string, unknown>> };
    expect(json.targets[1]).toMatchObject({ region: 'us-east-1', regionFrom: 'default' });
    const explain = cli(['explain', 'bedrock'], { env });
    expect(explain.stdout).toContain('\nregion: us-east-1 (default)\n');

    const named = awsKeys({ AWS_REGION: 'eu-west-1' });
    expect(cli(['status'], { env: named.env }).stdout).toMatch(/bedrock\s+ok\s+aws:env\s+sigv4\s+-\s+eu-west-1\s*\n/);
    expect(cli(['explain', 'bedrock'], { env: named.env }).stdout).toContain(
      '\nregion: eu-west-1 (from env:AWS_REGION)\n',
    );
    expect(status.stdout + explain.stdout).not.toContain(AWS_SECRET);
  });

  it('bedrock: the profile’s region in ~/.aws/config is not a default', () => {
    const { home, env } = awsKeys();
    mkdirSync(join(home, '.aws'));
    writeFileSync(join(home, '.aws', 'config'), '[default]\nregion = ap-south-1\n');
    expect(cli(['status'], { env }).stdout).toMatch(/sigv4\s+-\s+ap-south-1\s*\n/);
    expect(cli(['explain', 'bedrock'], { env }).stdout).toMatch(
      /region: ap-south-1 \(from the `region` of profile "default"/,
    );
  });

  it('vertex: global (default) in status and explain', async () => {
    const metadata = track(await gceMetadataServer({ accessToken: ACCESS_TOKEN }));
    const { env } = cliHome({
      CLAUDE_CODE_USE_VERTEX: '1',
      GCE_METADATA_HOST: `127.0.0.1:${metadata.port}`,
      METADATA_SERVER_DETECTION: 'ping-only',
      GOOGLE_CLOUD_PROJECT: 'test-project',
    });
    const status = await cliAsync(['status'], { env });
    expect(status.stdout).toMatch(/vertex\s+\S+\s+gcp:metadata\s+accessToken\s+\S+\s+global \(default\)/);
    const explain = await cliAsync(['explain', 'vertex'], { env });
    expect(explain.stdout).toContain('\nregion: global (default)\n');
    const named = await cliAsync(['status', '--expiring-within', '1m'], {
      env: { ...env, CLOUD_ML_REGION: 'us-east5' },
    });
    expect(named.stdout).toMatch(/vertex\s+\S+\s+gcp:metadata\s+accessToken\s+\S+\s+us-east5\s/);
    expect(status.stdout + explain.stdout).not.toContain(ACCESS_TOKEN);
  });
});
