import { createCredentialHelper } from 'credhelper';

const creds = createCredentialHelper({ settings: { apiKeyHelper: 'cat "$HOME/.config/anthropic/key"' } });
const baseUrl = process.env.ANTHROPIC_BASE_URL ?? 'https://api.anthropic.com';
const { headers, source } = await creds.anthropic(); // env tokens, apiKeyHelper or ANTHROPIC_API_KEY
const response = await fetch(`${baseUrl}/v1/messages`, {
  method: 'POST',
  headers: { ...headers, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
  body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] }),
});
if (response.status === 401) creds.invalidate('anthropic'); // the next call runs the helper again
console.log(`credential from ${source}: HTTP ${response.status}`);
