// The README's consumer example ("Embed it in your agent"), compiled as written against the installed package.

import { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
import Anthropic from '@anthropic-ai/sdk';
import { AnthropicVertex } from '@anthropic-ai/vertex-sdk';
import { type CredentialHelperOptions, createCredentialHelper, isCredentialHelperError } from 'credhelper';

const options: CredentialHelperOptions = {
  settings: { apiKeyHelper: 'vault kv get -field=key secret/anthropic' }, // any command that prints the key
  env: process.env,
};
const creds = createCredentialHelper(options);

// Anthropic API: credhelper's fetch sets the auth headers (and re-runs the helper after a 401).
const anthropic = new Anthropic({ apiKey: 'unused', fetch: creds.fetch('anthropic') });

// Amazon Bedrock: credhelper signs (SigV4) or sends the Bedrock API key, whichever it resolves.
const { region } = await creds.bedrock();
const bedrock = new AnthropicBedrock({
  awsRegion: region,
  apiKey: null,
  skipAuth: true,
  fetch: creds.fetch('bedrock'),
});

// Google Vertex AI: credhelper's token (from ADC or gcpAuthRefresh) on every request.
const vertexTarget = await creds.vertex();
const vertex = new AnthropicVertex({
  projectId: vertexTarget.projectId,
  region: vertexTarget.region,
  authClient: await creds.vertexAuthClient({ authenticate: false }),
  fetch: creds.fetch('vertex'),
});

try {
  const message = await anthropic.messages.create({
    model: 'claude-sonnet-4-5',
    max_tokens: 64,
    messages: [{ role: 'user', content: 'Hi' }],
  });
  console.log(message.content);
} catch (error) {
  if (isCredentialHelperError(error)) console.error(`credhelper: ${error.code}: ${error.message}`);
  else throw error;
}

export { bedrock, vertex };
