// An agent that talks to Claude on Google Vertex AI with credentials from credhelper: Application
// Default Credentials (a key or workload-identity file, gcloud's login, or the metadata server),
// refreshed by `gcpAuthRefresh` when they are missing or rejected. ANTHROPIC_VERTEX_BASE_URL points
// it at another endpoint; test/examples.test.ts runs it against local servers.
import { AnthropicVertex } from '@anthropic-ai/vertex-sdk';
import { createCredentialHelper } from 'credhelper';

const creds = createCredentialHelper({
  settings: { gcpAuthRefresh: process.env.GCP_AUTH_REFRESH }, // e.g. 'gcloud auth application-default login'
  onRefreshOutput: (chunk) => process.stderr.write(chunk), // the login prompt, if it runs
});
const model = 'claude-sonnet-4@20250514';
const { projectId, region, source } = await creds.vertex({ model }); // applies VERTEX_REGION_CLAUDE_4_0_SONNET
console.error(`vertex credentials from ${source} (project ${projectId}, region ${region})`);

const client = new AnthropicVertex({
  projectId,
  region,
  authClient: await creds.vertexAuthClient(), // cached tokens, refreshed ahead of expiry
  maxRetries: 0,
});
const ask = () =>
  client.messages.create({ model, max_tokens: 256, messages: [{ role: 'user', content: 'Say hello in five words.' }] });

let message: Awaited<ReturnType<typeof ask>>;
try {
  message = await ask();
} catch (error) {
  if ((error as { status?: number }).status !== 401) throw error;
  creds.invalidate('vertex'); // rejected: mint a new token (logging in again if needed), retry once
  message = await ask();
}
const first = message.content[0];
console.log(first?.type === 'text' ? first.text : JSON.stringify(first));
