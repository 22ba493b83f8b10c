import { describe, expect, it } from 'vitest';
import { proxyEnv } from '../../src/proxy/proxy-env.js';
import { matchRoute } from '../../src/proxy/proxy-routes.js';
import { upstreamTable } from '../../src/proxy/proxy-upstreams.js';

// The pinned upstreams, one row per rule, and the routes that pick them.

describe('upstreamTable', () => {
  it.each([
    ['anthropic', 'us-east-1', {}, 'https://api.anthropic.com'],
    ['anthropic', 'us-east-1', { ANTHROPIC_BASE_URL: 'https://gw.example/a/' }, 'https://gw.example/a'],
    ['bedrock-runtime', 'eu-west-1', {}, 'https://bedrock-runtime.eu-west-1.amazonaws.com'],
    ['bedrock', 'eu-west-1', {}, 'https://bedrock.eu-west-1.amazonaws.com'],
    ['bedrock-runtime', 'eu-west-1', { AWS_ENDPOINT_URL: 'http://127.0.0.1:1' }, 'http://127.0.0.1:1'],
    [
      'bedrock-runtime',
      'x',
      { AWS_ENDPOINT_URL: 'http://a:1', AWS_ENDPOINT_URL_BEDROCK_RUNTIME: 'http://b:1' },
      'http://b:1',
    ],
    [
      'bedrock',
      'x',
      { AWS_ENDPOINT_URL_BEDROCK_RUNTIME: 'http://b:1', AWS_ENDPOINT_URL_BEDROCK: 'http://c:1' },
      'http://c:1',
    ],
    ['bedrock', 'x', { ANTHROPIC_BEDROCK_BASE_URL: 'http://gw:1' }, 'http://gw:1'],
    [
      'bedrock',
      'us-east-1',
      { AWS_ENDPOINT_URL: 'http://a:1', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' },
      'https://bedrock.us-east-1.amazonaws.com',
    ],
    ['vertex', 'global', {}, 'https://aiplatform.googleapis.com/v1'],
    ['vertex', 'us', {}, 'https://aiplatform.us.rep.googleapis.com/v1'],
    ['vertex', 'us-east5', {}, 'https://us-east5-aiplatform.googleapis.com/v1'],
    ['vertex', 'us-east5', { ANTHROPIC_VERTEX_BASE_URL: 'http://v:1/v1' }, 'http://v:1/v1'],
  ] as const)('%s in %s with %j → %s', (kind, region, env, expected) => {
    expect(upstreamTable({}, env).base(kind, region)).toBe(expected);
  });

  it('an explicit option wins over the environment', () => {
    expect(upstreamTable({ anthropic: 'http://o:1' }, { ANTHROPIC_BASE_URL: 'http://e:1' }).base('anthropic', '')).toBe(
      'http://o:1',
    );
  });

  it('a base URL with credentials in it is refused, and the message does not quote them', () => {
    expect(() => upstreamTable({ anthropic: 'https://user:sk-ant-test-pw@gw.example' }, {})).toThrow(
      /without a user or password/,
    );
    try {
      upstreamTable({ anthropic: 'https://user:sk-ant-test-pw@gw.example' }, {});
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('sk-ant-test-pw');
    }
  });
});

describe('matchRoute', () => {
  const all = ['anthropic', 'bedrock', 'vertex'] as const;
  it.each([
    ['POST', '/anthropic/v1/messages?beta=true', 'anthropic', '/v1/messages?beta=true'],
    ['POST', '/anthropic/v1/messages/count_tokens?beta=true', 'anthropic', '/v1/messages/count_tokens?beta=true'],
    ['GET', '/anthropic/v1/models', 'anthropic', '/v1/models'],
    ['POST', '/bedrock/model/anthropic.claude-x%3A0/invoke', 'bedrock-runtime', '/model/anthropic.claude-x%3A0/invoke'],
    ['POST', '/bedrock/model/m/invoke-with-response-stream', 'bedrock-runtime', '/model/m/invoke-with-response-stream'],
    ['GET', '/bedrock/inference-profiles?type=SYSTEM_DEFINED', 'bedrock', '/inference-profiles?type=SYSTEM_DEFINED'],
    [
      'POST',
      '/vertex/v1/projects/p/locations/global/publishers/anthropic/models/count-tokens:rawPredict',
      'vertex',
      '/projects/p/locations/global/publishers/anthropic/models/count-tokens:rawPredict',
    ],
  ] as const)('%s %s → %s %s', (method, url, upstream, path) => {
    expect(matchRoute(method, url, all)).toMatchObject({ upstream, path });
  });

  it.each([
    ['GET', '/anthropic/v1/messages'],
    ['POST', '/anthropic/v1/messages/batches'],
    ['POST', '/bedrock/model/m/../../x/invoke'],
    ['POST', '/bedrock/model/%2E%2E/invoke'],
    ['POST', '/bedrock/guardrails'],
    ['POST', '/vertex/v1/projects/p/locations/us.evil.example/publishers/anthropic/models/m:rawPredict'],
    ['POST', '/vertex/v1/projects/p/locations/r/publishers/anthropic/models/m:predict'],
  ])('%s %s → no route (404)', (method, url) => {
    expect(matchRoute(method, url, all)).toBeUndefined();
  });

  it('the Vertex route carries the region of its path (it picks the host)', () => {
    expect(
      matchRoute(
        'POST',
        '/vertex/v1/projects/p/locations/europe-west1/publishers/anthropic/models/m:streamRawPredict',
        all,
      )?.region,
    ).toBe('europe-west1');
  });
});

describe('proxyEnv', () => {
  const facts = {
    url: 'http://127.0.0.1:9',
    token: 'tok',
    bedrockRegion: 'us-west-2',
    vertex: { projectId: 'p', region: 'global' },
  };
  it('Claude Code is switched to the primary target only (it uses one provider)', () => {
    const anthropicFirst = proxyEnv({ ...facts, targets: ['anthropic', 'bedrock', 'vertex'], primary: 'anthropic' });
    expect(anthropicFirst.CLAUDE_CODE_USE_BEDROCK).toBeUndefined();
    expect(anthropicFirst.CLAUDE_CODE_USE_VERTEX).toBeUndefined();
    expect(anthropicFirst.ANTHROPIC_BASE_URL).toBe('http://127.0.0.1:9/anthropic');
    expect(anthropicFirst.ANTHROPIC_BEDROCK_BASE_URL).toBe('http://127.0.0.1:9/bedrock');
    expect(anthropicFirst.ANTHROPIC_VERTEX_BASE_URL).toBe('http://127.0.0.1:9/vertex/v1');
    const vertexFirst = proxyEnv({ ...facts, targets: ['vertex', 'bedrock'], primary: 'vertex' });
    expect(vertexFirst.CLAUDE_CODE_USE_VERTEX).toBe('1');
    expect(vertexFirst.CLAUDE_CODE_USE_BEDROCK).toBeUndefined();
    expect(vertexFirst.AWS_BEARER_TOKEN_BEDROCK).toBe('tok');
  });
});
