import { createCredentialHelper } from 'credhelper';
import { afterEach, describe, expect, it } from 'vitest';
import { customHeaders } from '../../src/proxy/custom-headers.js';
import { cliAsync, cliHome } from '../support/cli.js';
import { cleanEnv } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { anthropicUpstream, rawRequest } from './proxy-support.js';

// `ANTHROPIC_CUSTOM_HEADERS` often carries a gateway's key (`X-Gateway-Key: …`). Behind the proxy
// the agent must not inherit it; the proxy adds those headers upstream itself.

const KEY = 'sk-ant-test-custom-key-0001';
const GATEWAY_KEY = 'gw-test-secret-0001';
const CUSTOM = `X-Gateway-Key: ${GATEWAY_KEY}\nanthropic-beta: test-beta-1\nnot a header line\nContent-Length: 99`;
const { track } = isolateTests();
const proxies: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});

describe('ANTHROPIC_CUSTOM_HEADERS behind the proxy', () => {
  it('the proxy adds them upstream (beta flags joined to the agent’s); the child env does not get them', async () => {
    const upstream = track(await anthropicUpstream(KEY));
    const creds = createCredentialHelper({
      env: cleanEnv({ ANTHROPIC_API_KEY: KEY, ANTHROPIC_CUSTOM_HEADERS: CUSTOM }),
      authFile: false,
    });
    const proxy = await creds.startProxy({ targets: ['anthropic'], upstreams: { anthropic: upstream.url } });
    proxies.push(proxy);
    expect(proxy.unset).toContain('ANTHROPIC_CUSTOM_HEADERS');
    expect(proxy.childEnv({ ANTHROPIC_CUSTOM_HEADERS: CUSTOM, KEEP: '1' })).not.toHaveProperty(
      'ANTHROPIC_CUSTOM_HEADERS',
    );
    const answer = await rawRequest(`${proxy.url}/anthropic/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${proxy.token}`, 'anthropic-beta': 'agent-beta', 'x-gateway-key': 'agent' },
      body: '{}',
    });
    expect(answer.status).toBe(200);
    const sent = upstream.calls[0]?.headers ?? {};
    expect(sent['x-gateway-key']).toBe(GATEWAY_KEY);
    expect(sent['anthropic-beta']).toBe('agent-beta,test-beta-1');
    expect(sent['content-length']).toBe('2');
    expect(sent['x-api-key']).toBe(KEY);
  });

  it('parses `Name: Value` lines only, and never the framing headers', () => {
    expect(customHeaders({ ANTHROPIC_CUSTOM_HEADERS: CUSTOM })).toEqual({
      'x-gateway-key': GATEWAY_KEY,
      'anthropic-beta': 'test-beta-1',
    });
    expect(customHeaders({})).toEqual({});
    expect(customHeaders({ ANTHROPIC_CUSTOM_HEADERS: 'bad name: x\r\n: y\nHost: evil' })).toEqual({});
  });

  it('`exec --proxy -- env`: the gateway key is not in the child', async () => {
    const { env } = cliHome({ ANTHROPIC_API_KEY: KEY, ANTHROPIC_CUSTOM_HEADERS: CUSTOM });
    const result = await cliAsync(['exec', '--proxy', '--target', 'anthropic', '--', 'env'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('ANTHROPIC_AUTH_TOKEN=');
    expect(result.stdout).not.toContain(GATEWAY_KEY);
    expect(result.stdout).not.toContain('ANTHROPIC_CUSTOM_HEADERS');
  });
});
