import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cliHome, userSettings } from '../support/cli.js';
import { isolateTests } from '../support/isolation.js';

// Issue 20: `status` names the proxy and the custom CA file, and points out a proxy that would
// also carry Google's metadata probe.

isolateTests();

function statusJson(env: Record<string, string>) {
  const result = cli(['status', '--json'], { env });
  return { ...result, json: JSON.parse(result.stdout) as { network: Record<string, unknown> } };
}

describe('credhelper status: network', () => {
  it('names the proxy (never its password) and warns when NO_PROXY does not exclude the metadata hosts', () => {
    const { env } = cliHome({ HTTPS_PROXY: 'http://user:test-proxy-password@proxy.corp.example:3128' });
    const human = cli(['status'], { env });
    expect(human.stdout).toContain('proxy: http://proxy.corp.example:3128');
    expect(human.stdout).toContain('169.254.169.254,metadata.google.internal.');
    expect(human.stdout + human.stderr).not.toContain('test-proxy-password');
    expect(statusJson(env).json.network).toEqual({ proxy: 'http://proxy.corp.example:3128', metadataProxied: true });
  });

  it('no metadata note when NO_PROXY lists both metadata hosts (with the trailing dot)', () => {
    const { env } = cliHome({
      https_proxy: 'http://proxy.corp.example:3128',
      no_proxy: 'corp.example,169.254.169.254,metadata.google.internal.',
    });
    expect(statusJson(env).json.network).toEqual({ proxy: 'http://proxy.corp.example:3128', metadataProxied: false });
    expect(cli(['explain', 'vertex'], { env }).stdout).not.toContain('metadata server probe');
  });

  it('explain vertex points the metadata probe out too', () => {
    const { env } = cliHome({ HTTPS_PROXY: 'http://proxy.corp.example:3128' });
    expect(cli(['explain', 'vertex'], { env }).stdout).toContain('metadata server probe also goes through this proxy');
  });

  it('names the CA file of NODE_EXTRA_CA_CERTS; one set only in a settings env block is called out as ineffective', () => {
    const { home, env } = cliHome();
    const ca = join(home, 'corp-ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n');
    // An unparsable CA file only makes Node warn; status still names it.
    const real = statusJson({ ...env, NODE_EXTRA_CA_CERTS: ca });
    expect(real.json.network).toEqual({ caFile: ca });
    expect(cli(['status'], { env: { ...env, NODE_EXTRA_CA_CERTS: ca } }).stdout).toContain(
      `custom CA: ${ca} (NODE_EXTRA_CA_CERTS)`,
    );
    userSettings(home, { env: { NODE_EXTRA_CA_CERTS: ca } });
    const fromSettings = statusJson(env).json.network;
    expect(fromSettings.caFile).toBe(ca);
    expect(String(fromSettings.caProblem)).toContain('settings `env` block');
  });

  it('says nothing about the network when nothing is set', () => {
    const { env } = cliHome();
    expect(statusJson(env).json.network).toEqual({});
    expect(cli(['status'], { env }).stdout).not.toMatch(/proxy:|custom CA:/);
  });
});
