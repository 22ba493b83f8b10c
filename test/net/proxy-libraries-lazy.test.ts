import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fixture, scratchDir } from '../support/fixtures.js';
import { startForwardProxy } from '../support/forward-proxy.js';
import { isolateTests } from '../support/isolation.js';
import { json, listen } from '../support/local-servers.js';

// Issue 20: the proxy libraries load only when a proxy variable is set. A child process embeds the
// built library under `node --import record-loads.mjs` (resolve hooks that log every module URL),
// resolves Anthropic and Bedrock credentials (the AWS default chain) and calls `creds.fetch`.

const { track } = isolateTests();
const PROXY_LIBRARIES = ['undici', 'https-proxy-agent', 'http-proxy-agent'] as const;
const run = promisify(execFile);

async function embed(extra: Record<string, string>) {
  const server = track(await listen((_request, response) => json(response, 200, { ok: true })));
  const dir = scratchDir();
  const loads = join(dir, 'loads');
  writeFileSync(loads, '');
  writeFileSync(join(dir, 'config'), '[profile dev]\nregion = us-west-2\n');
  writeFileSync(
    join(dir, 'credentials'),
    '[dev]\naws_access_key_id = AKIATESTLAZY00000001\naws_secret_access_key = test-lazy-secret-0000000000000000000001\n',
  );
  const { stdout } = await run(
    process.execPath,
    ['--import', fixture('record-loads.mjs'), fixture('resolve-and-fetch.mjs')],
    {
      timeout: 15_000,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: dir,
        AWS_CONFIG_FILE: join(dir, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
        AWS_PROFILE: 'dev',
        AWS_REGION: 'us-west-2',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        CREDHELPER_AUTH_FILE: join(dir, 'auth.json'),
        ANTHROPIC_API_KEY: 'sk-ant-test-lazy-0000000000000001',
        LOADS_FILE: loads,
        URL: server.url,
        ...extra,
      },
    },
  );
  const { statuses, required } = JSON.parse(stdout) as { statuses: unknown[]; required: string[] };
  const modules = [...readFileSync(loads, 'utf8').split('\n'), ...required];
  const loaded = PROXY_LIBRARIES.filter((name) =>
    modules.some((url) => url.includes(`/node_modules/${name}/`) || url === `node:${name}`),
  );
  return { statuses, loaded, modules };
}

describe('proxy libraries load only when a proxy variable is set', () => {
  it('no proxy variable: credentials resolve, creds.fetch works, and undici / the proxy agents never load', async () => {
    const { statuses, loaded, modules } = await embed({});
    expect(statuses).toEqual(['aws:profile', 200, 200]);
    // The hook did see the library and the AWS SDK load: an empty log would prove nothing.
    expect(modules.some((url) => url.endsWith('/dist/index.js'))).toBe(true);
    expect(modules.some((url) => url.includes('/node_modules/@aws-sdk/credential-providers/'))).toBe(true);
    expect(loaded).toEqual([]);
  }, 20_000);

  it('with HTTPS_PROXY set (the check can fail): they load', async () => {
    const proxy = track(await startForwardProxy({ refuse: true }));
    const { statuses, loaded } = await embed({
      HTTPS_PROXY: proxy.url,
      PROXIED_URL: 'https://api.proxy-only.test/v1/models',
    });
    expect(statuses).toEqual(['aws:profile', 200, 200, 'PROVIDER_FAILED']);
    expect(loaded).toEqual([...PROXY_LIBRARIES]);
    expect(proxy.log).toEqual(['CONNECT api.proxy-only.test:443']);
  }, 20_000);
});
