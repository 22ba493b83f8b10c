import { createCredentialHelper } from 'credhelper';
import { describe, expect, it } from 'vitest';
import { useAwsEnv } from '../support/clean-env.js';
import { fixture } from '../support/fixtures.js';
import { startForwardProxy } from '../support/forward-proxy.js';
import { isolateTests } from '../support/isolation.js';
import { bedrockServer } from '../support/local-servers.js';

// Issue 20: `creds.fetch('bedrock')` with its default fetch reaches a Bedrock runtime fake that
// only the forward proxy resolves (`*.proxy-only.test`); the fake re-computes the SigV4 signature
// for real, or checks the bearer token (here a key minted locally from the same AWS credentials).

const { track } = isolateTests();
const REGION = 'us-west-2';
const EXPORT_SECRET = 'test-export-secret-0000000000000000000001';
const EXPORT_KEY_ID = 'ASIATESTEXPORT000001';
const MODEL = 'anthropic.claude-test-v1:0';
const BODY = JSON.stringify({
  anthropic_version: 'bedrock-2023-05-31',
  max_tokens: 16,
  messages: [{ role: 'user', content: 'hello' }],
});

function helper(extra: Record<string, string>, mintBearerToken = false) {
  return createCredentialHelper({
    env: useAwsEnv({ AWS_REGION: REGION, ...extra }),
    settings: { awsCredentialExport: fixture('print-sts-json.sh') },
    bedrock: { mintBearerToken },
  });
}

async function invoke(creds: ReturnType<typeof helper>, port: number) {
  const url = `http://bedrock-runtime.${REGION}.proxy-only.test:${port}/model/${encodeURIComponent(MODEL)}/invoke`;
  return creds.fetch('bedrock')(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY });
}

describe("creds.fetch('bedrock') through a proxy", () => {
  it.each(['HTTP_PROXY', 'http_proxy'])('SigV4: the fake verifies the signature (proxy from %s)', async (variable) => {
    const proxy = track(await startForwardProxy());
    const bedrock = track(await bedrockServer({ region: REGION, secretAccessKey: EXPORT_SECRET }));
    const response = await invoke(helper({ [variable]: proxy.url }), bedrock.port);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { type: string }).type).toBe('message');
    expect(bedrock.calls).toEqual([
      { path: expect.stringContaining('/model/'), auth: 'sigv4', principal: EXPORT_KEY_ID, accepted: true },
    ]);
    expect(proxy.log).toEqual([`CONNECT bedrock-runtime.${REGION}.proxy-only.test:${bedrock.port}`]);
  });

  it('SigV4 with a wrong secret: 403 through the proxy (the verifier can fail)', async () => {
    const proxy = track(await startForwardProxy());
    const bedrock = track(
      await bedrockServer({ region: REGION, secretAccessKey: 'test-some-other-secret-000000000000000001' }),
    );
    const response = await invoke(helper({ HTTP_PROXY: proxy.url }), bedrock.port);
    expect(response.status).toBe(403);
    // A signature 403 is a rejected credential: invalidated, re-run, retried once.
    expect(bedrock.calls.map((call) => call.accepted)).toEqual([false, false]);
    expect(proxy.log.length).toBeGreaterThan(0);
  });

  it('a minted Bedrock API key (bedrock.mintBearerToken) is sent as Bearer through the proxy', async () => {
    const proxy = track(await startForwardProxy());
    const creds = helper({ HTTP_PROXY: proxy.url }, true);
    const credential = await creds.bedrock(); // minted locally, no network call: the proxy carries nothing
    expect(credential.type).toBe('bearer');
    if (credential.type !== 'bearer') return;
    expect(credential.token).toMatch(/^bedrock-api-key-/);
    expect(credential.source).toBe('minted:helper:awsCredentialExport');
    expect(proxy.log).toEqual([]);
    const bedrock = track(await bedrockServer({ region: REGION, bearerToken: credential.token }));
    const response = await invoke(creds, bedrock.port);
    expect(response.status).toBe(200);
    expect(bedrock.calls).toEqual([
      { path: expect.stringContaining('/model/'), auth: 'bearer', principal: credential.token, accepted: true },
    ]);
    expect(proxy.log).toEqual([`CONNECT bedrock-runtime.${REGION}.proxy-only.test:${bedrock.port}`]);
  });

  it('NO_PROXY matching the Bedrock host: direct, and the name does not resolve (ENOTFOUND)', async () => {
    const proxy = track(await startForwardProxy());
    const bedrock = track(await bedrockServer({ region: REGION, secretAccessKey: EXPORT_SECRET }));
    const error = await invoke(helper({ HTTP_PROXY: proxy.url, NO_PROXY: '*.proxy-only.test' }), bedrock.port).catch(
      (e: unknown) => e,
    );
    expect(String((error as { cause?: { code?: string } }).cause?.code)).toBe('ENOTFOUND');
    expect(proxy.log).toEqual([]);
    expect(bedrock.calls).toEqual([]);
  });

  it('a proxy that refuses: the error names the proxy, never the keys or the minted token', async () => {
    const proxy = track(await startForwardProxy({ refuse: true }));
    const bedrock = track(await bedrockServer({ region: REGION, secretAccessKey: EXPORT_SECRET }));
    const creds = helper({ HTTP_PROXY: `http://user:test-proxy-password@127.0.0.1:${proxy.port}` }, true);
    const credential = await creds.bedrock();
    const error = await invoke(creds, bedrock.port).catch((e: unknown) => e);
    expect(String(error)).toContain(`through the proxy http://127.0.0.1:${proxy.port}`);
    for (const secret of [
      'test-proxy-password',
      EXPORT_SECRET,
      credential.type === 'bearer' ? credential.token : '-',
    ]) {
      expect(String(error)).not.toContain(secret);
    }
    expect(bedrock.calls).toEqual([]);
  });
});
