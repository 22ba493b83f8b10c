// One SDK integration as the README documents it, against BASE_URL; prints what happened as JSON.
// SDK_CASE: anthropic-fetch | bedrock-fetch | vertex-fetch | bedrock-provider | vertex-auth-client | anthropic-headers

import { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
import Anthropic from '@anthropic-ai/sdk';
import { AnthropicVertex } from '@anthropic-ai/vertex-sdk';
import { createCredentialHelper } from 'credhelper';

const failing = process.env.FAILING_HELPER; // a command that counts its runs and exits 3
const creds = createCredentialHelper({
  authFile: false,
  settings: {
    apiKeyHelper: process.env.SDK_CASE === 'anthropic-fetch' ? failing : undefined,
    awsCredentialExport: process.env.SDK_CASE.startsWith('bedrock') ? failing : undefined,
    gcpAuthRefresh: process.env.SDK_CASE.startsWith('vertex') ? failing : undefined,
  },
  bedrock: { region: 'us-east-1' },
  vertex: { projectId: 'consumer-project', region: 'us-east5' },
});
const baseURL = process.env.BASE_URL;
const request = { model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] };

function client() {
  switch (process.env.SDK_CASE) {
    case 'anthropic-fetch':
    case 'anthropic-headers':
      return new Anthropic({ apiKey: 'unused', baseURL, fetch: creds.fetch('anthropic') });
    case 'bedrock-fetch':
      return new AnthropicBedrock({
        awsRegion: 'us-east-1',
        baseURL,
        apiKey: null,
        skipAuth: true,
        fetch: creds.fetch('bedrock'),
      });
    case 'bedrock-provider':
      return new AnthropicBedrock({
        awsRegion: 'us-east-1',
        baseURL,
        apiKey: null,
        providerChainResolver: async () => creds.awsCredentialProvider(),
      });
    case 'vertex-fetch':
      return creds.vertexAuthClient({ authenticate: false }).then(
        (authClient) =>
          new AnthropicVertex({
            projectId: 'consumer-project',
            region: 'us-east5',
            baseURL,
            authClient,
            fetch: creds.fetch('vertex'),
          }),
      );
    case 'vertex-auth-client':
      return creds
        .vertexAuthClient()
        .then(
          (authClient) =>
            new AnthropicVertex({ projectId: 'consumer-project', region: 'us-east5', baseURL, authClient }),
        );
    default:
      throw new Error(`unknown SDK_CASE ${process.env.SDK_CASE}`);
  }
}

const started = Date.now();
try {
  const message = await (await client()).messages.create(request);
  console.log(JSON.stringify({ ok: true, id: message.id, ms: Date.now() - started }));
} catch (error) {
  console.log(
    JSON.stringify({
      ok: false,
      name: error?.constructor?.name,
      code: error?.code ?? error?.cause?.code,
      message: String(error?.message),
      causeCode: error?.cause?.code,
      causeMessage: error?.cause === undefined ? undefined : String(error.cause.message),
      ms: Date.now() - started,
    }),
  );
}
