// The README's consumer example ("Embed it in your agent"), compiled as written against the installed package.

import { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
import Anthropic from '@anthropic-ai/sdk';
import { AnthropicVertex } from '@anthropic-ai/vertex-sdk';
import { CREDENTIAL_ERROR_HEADER, type CredentialHelperOptions, createCredentialHelper } from 'credhelper';

const options: CredentialHelperOptions = {
  settings: { apiKeyHelper: 'vault kv get -field=key secret/anthropic' }, // any command that prints the key
  env: process.env,
};
const creds = createCredentialHelper(options);

// Anthropic API: credhelper's fetch sets the auth headers (and re-runs the helper after a 401).
const anthropic = new Anthropic({ apiKey: 'unused', fetch: creds.fetch('anthropic') });

// Amazon Bedrock: credhelper signs (SigV4) or sends the Bedrock API key, whichever it resolves.
// (Resolved when the agent picks Bedrock: without AWS credentials, creds.bedrock() rejects.)
async function bedrockClient(): Promise<AnthropicBedrock> {
  const { region } = await creds.bedrock();
  return new AnthropicBedrock({ awsRegion: region, apiKey: null, skipAuth: true, fetch: creds.fetch('bedrock') });
}

// Google Vertex AI: credhelper's token (from ADC or gcpAuthRefresh) on every request.
async function vertexClient(): Promise<AnthropicVertex> {
  const { projectId, region } = await creds.vertex();
  return new AnthropicVertex({
    projectId,
    region,
    authClient: await creds.vertexAuthClient({ authenticate: false }),
    fetch: creds.fetch('vertex'),
  });
}

try {
  const message = await anthropic.messages.create({
    model: 'claude-sonnet-4-5',
    max_tokens: 64,
    messages: [{ role: 'user', content: 'Hi' }],
  });
  console.log(message.content);
} catch (error) {
  // No credential: one AuthenticationError (not retried), its message starting with the credhelper code.
  const code = error instanceof Anthropic.APIError ? error.headers?.get(CREDENTIAL_ERROR_HEADER) : undefined;
  if (code) console.error(`credhelper: ${code}: ${(error as Error).message}`);
  else throw error;
}

export { bedrockClient, vertexClient };
