import { describe, expect, it } from 'vitest';
import { cliAsync, cliHome } from '../support/cli.js';
import { fixture } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { bedrockServer } from '../support/local-servers.js';
import { anthropicUpstream } from './proxy-support.js';

// The README's "Keep keys out of the agent" recipes, run as written: `credhelper exec --proxy --
// <agent>`, the agent an SDK that reads its configuration from the environment only
// (test/fixtures/agents/sdk-agent.mjs), the upstream a loopback fake that checks the credential.

const { track } = isolateTests();
const SDK_AGENT = fixture('agents/sdk-agent.mjs');
const KEY = 'sk-ant-test-recipe-proxy-0001';
const REGION = 'us-east-1';
const AWS_KEY_ID = 'AKIATESTRECIPEPROXY1';
const AWS_SECRET = 'test-recipe-proxy-secret-00000000000000001';

function home(extra: Record<string, string>) {
  return cliHome({
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: '1',
    ...extra,
  }).env;
}

describe('credhelper exec --proxy -- <an SDK agent>', () => {
  it('Anthropic: the agent holds only the proxy token; the API gets the key', async () => {
    const upstream = track(await anthropicUpstream(KEY));
    const env = home({ ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: upstream.url });
    const result = await cliAsync(['exec', '--proxy', '--', process.execPath, SDK_AGENT, 'anthropic'], { env });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('hello through the proxy\n');
    expect(upstream.calls.map((call) => call.headers['x-api-key'])).toEqual([KEY]);
  });

  it('Bedrock (CLAUDE_CODE_USE_BEDROCK=1): the agent sends the token as its API key; the runtime gets SigV4', async () => {
    const runtime = track(await bedrockServer({ region: REGION, secretAccessKey: AWS_SECRET }));
    const env = home({
      CLAUDE_CODE_USE_BEDROCK: '1',
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: AWS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: AWS_SECRET,
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: runtime.url,
    });
    const result = await cliAsync(['exec', '--proxy', '--', process.execPath, SDK_AGENT, 'bedrock'], { env });
    // The keys from the environment now sit in credhelper's shared cache too, which the note names.
    expect(result.stderr).toMatch(/^credhelper exec: .* can still read ~\/\.cache\/credhelper\. .*\n$/);
    expect(result.stdout).toBe('hello from the fake Bedrock\n');
    expect(runtime.calls).toEqual([
      { path: expect.stringMatching(/^\/model\/.+\/invoke$/), auth: 'sigv4', principal: AWS_KEY_ID, accepted: true },
    ]);
  });
});
