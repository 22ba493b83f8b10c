// An agent that talks to Claude on Amazon Bedrock with credentials from credhelper: a Bedrock API
// key (bearer) when one is set, else SigV4 credentials from `awsCredentialExport` or the AWS chain.
// ANTHROPIC_BEDROCK_BASE_URL points it at another endpoint; test/examples.test.ts runs it against a
// local server that verifies the SigV4 signature or the bearer token.
import { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
import { createCredentialHelper } from 'credhelper';

const creds = createCredentialHelper({
  settings: { awsCredentialExport: process.env.AWS_CREDENTIAL_EXPORT }, // e.g. 'vend-aws-creds --json'
  onRefreshOutput: (chunk) => process.stderr.write(chunk), // awsAuthRefresh's login prompts, if set
});

async function client(): Promise<AnthropicBedrock> {
  const credential = await creds.bedrock();
  console.error(`bedrock credentials from ${credential.source} (${credential.type}, ${credential.region})`);
  return credential.type === 'bearer'
    ? new AnthropicBedrock({ awsRegion: credential.region, apiKey: credential.token, maxRetries: 0 })
    : new AnthropicBedrock({
        awsRegion: credential.region,
        apiKey: null, // sign with SigV4 even if AWS_BEARER_TOKEN_BEDROCK appears later
        maxRetries: 0,
        providerChainResolver: async () => creds.awsCredentialProvider(), // cached; refreshed ahead of expiry
      });
}

const ask = async () =>
  (await client()).messages.create({
    model: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
    max_tokens: 256,
    messages: [{ role: 'user', content: 'Say hello in five words.' }],
  });

let message: Awaited<ReturnType<typeof ask>>;
try {
  message = await ask();
} catch (error) {
  if ((error as { status?: number }).status !== 403) throw error;
  creds.invalidate('bedrock'); // rejected: drop the cached credentials, run the helpers again, retry once
  message = await ask();
}
const first = message.content[0];
console.log(first?.type === 'text' ? first.text : JSON.stringify(first));
