import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
import { createCredentialHelper } from 'credhelper';
import { describe, expect, it } from 'vitest';
import { useAwsEnv } from '../support/clean-env.js';
import { fixture } from '../support/fixtures.js';
import { startForwardProxy } from '../support/forward-proxy.js';
import { isolateTests } from '../support/isolation.js';
import { bedrockServer } from '../support/local-servers.js';

// The upstream leg honours HTTP(S)_PROXY / NO_PROXY of the proxy's environment (issue 20's rule):
// the Bedrock fake has a name only the forward proxy resolves, and it still verifies the signature.

const REGION = 'us-west-2';
const EXPORT_SECRET = 'test-export-secret-0000000000000000000001';
const { track } = isolateTests();

describe('the upstream leg through a forward proxy', () => {
  it('HTTP_PROXY: the request goes through it, SigV4-signed for the upstream host', async () => {
    const forward = track(await startForwardProxy());
    const bedrock = track(await bedrockServer({ region: REGION, secretAccessKey: EXPORT_SECRET }));
    const upstream = `http://bedrock-runtime.${REGION}.proxy-only.test:${bedrock.port}`;
    const creds = createCredentialHelper({
      env: useAwsEnv({ AWS_REGION: REGION, HTTP_PROXY: forward.url, AWS_ENDPOINT_URL_BEDROCK_RUNTIME: upstream }),
      settings: { awsCredentialExport: fixture('print-sts-json.sh') },
      authFile: false,
    });
    const proxy = await creds.startProxy({ targets: ['bedrock'] });
    try {
      const client = new AnthropicBedrock({
        baseURL: proxy.env.ANTHROPIC_BEDROCK_BASE_URL,
        apiKey: proxy.token,
        maxRetries: 0,
      });
      const message = await client.messages.create({
        model: 'anthropic.claude-test-v1:0',
        max_tokens: 8,
        messages: [{ role: 'user', content: 'hi' }],
      });
      expect(message.type).toBe('message');
      expect(bedrock.calls.map((call) => [call.auth, call.accepted])).toEqual([['sigv4', true]]);
      expect(forward.log.join('\n')).toContain(`bedrock-runtime.${REGION}.proxy-only.test:${bedrock.port}`);
    } finally {
      await proxy.close();
    }
  });

  it('NO_PROXY: a listed upstream is reached directly (here: it cannot be resolved, so 502)', async () => {
    const forward = track(await startForwardProxy());
    const creds = createCredentialHelper({
      env: useAwsEnv({
        AWS_REGION: REGION,
        AWS_BEARER_TOKEN_BEDROCK: 'test-bedrock-bearer-0001',
        HTTP_PROXY: forward.url,
        NO_PROXY: '.proxy-only.test',
        AWS_ENDPOINT_URL_BEDROCK_RUNTIME: 'http://bedrock-runtime.proxy-only.test:9',
      }),
      authFile: false,
    });
    const proxy = await creds.startProxy({ targets: ['bedrock'] });
    try {
      const answer = await fetch(`${proxy.url}/bedrock/model/m/invoke`, {
        method: 'POST',
        headers: { authorization: `Bearer ${proxy.token}` },
        body: '{}',
      });
      expect(answer.status).toBe(502);
      expect(await answer.text()).not.toContain('test-bedrock-bearer-0001');
      expect(forward.log).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  it('a forward proxy that answers 407: a final 502 that says it wants a user name and password, never the password', async () => {
    const demanding = createServer((_request, response) => {
      response.writeHead(407, { 'proxy-authenticate': 'Basic realm="corp"' }).end();
    });
    demanding.on('connect', (_request, socket) => {
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n');
    });
    await new Promise<void>((resolve) => demanding.listen(0, '127.0.0.1', resolve));
    const forwardUrl = `http://proxy-user-test:proxy-pass-test-0001@127.0.0.1:${(demanding.address() as AddressInfo).port}`;
    const creds = createCredentialHelper({
      env: useAwsEnv({
        AWS_REGION: REGION,
        AWS_BEARER_TOKEN_BEDROCK: 'test-bedrock-bearer-0001',
        HTTPS_PROXY: forwardUrl,
        HTTP_PROXY: forwardUrl,
        AWS_ENDPOINT_URL_BEDROCK_RUNTIME: 'http://bedrock-runtime.proxy-only.test:9',
      }),
      authFile: false,
    });
    const proxy = await creds.startProxy({ targets: ['bedrock'] });
    try {
      const answer = await fetch(`${proxy.url}/bedrock/model/anthropic.claude-test-v1:0/invoke`, {
        method: 'POST',
        headers: { authorization: `Bearer ${proxy.token}`, 'content-type': 'application/json' },
        body: '{}',
      });
      const text = await answer.text();
      expect(answer.status).toBe(502);
      expect(answer.headers.get('x-should-retry')).toBe('false');
      expect(text).toContain('PROXY_AUTH_REQUIRED');
      expect(text).toContain('refused the user name and password in HTTPS_PROXY');
      expect(text).not.toContain('proxy-pass-test-0001');
      expect(text).not.toContain('test-bedrock-bearer-0001');
    } finally {
      await proxy.close();
      demanding.close();
    }
  });
});
