// Recovery from 401/403 inside an SDK: give the SDK credhelper's fetch. It adds the credentials on
// every request and, when the endpoint rejects them, drops them, runs the helper (or login) again
// and retries once. Shown with AnthropicBedrock (skipAuth: credhelper signs); the same works with
// `new Anthropic({ apiKey: 'unused', fetch: creds.fetch('anthropic') })` and AnthropicVertex.
import { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
import { createCredentialHelper } from 'credhelper';

const creds = createCredentialHelper({ settings: { awsCredentialExport: process.env.AWS_CREDENTIAL_EXPORT } });
const { region } = await creds.bedrock();
const client = new AnthropicBedrock({
  awsRegion: region,
  apiKey: null,
  skipAuth: true, // credhelper's fetch signs (SigV4 or bearer) instead
  fetch: creds.fetch('bedrock'),
  maxRetries: 0,
});
const message = await client.messages.create({
  model: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
  max_tokens: 64,
  messages: [{ role: 'user', content: 'Say hello.' }],
});
const first = message.content[0];
console.log(first?.type === 'text' ? first.text : JSON.stringify(first));
