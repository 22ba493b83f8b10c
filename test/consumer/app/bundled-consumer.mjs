// Bundled into one file with esbuild and run from a folder without node_modules: the project's
// .env and the shared cache must work there as they do installed.
import { readdirSync } from 'node:fs';
import { createCredentialHelper } from 'credhelper';

const creds = createCredentialHelper({
  settings: { apiKeyHelper: 'printf sk-ant-test-bundled-helper-0001' },
  sharedCache: process.env.SHARED_DIR,
  authFile: false,
});
const anthropic = await creds.anthropic();
const openai = await creds.provider('openai');
console.log(
  JSON.stringify({
    anthropic: anthropic.source,
    openai: openai.source,
    cacheFiles: readdirSync(process.env.SHARED_DIR).length,
  }),
);
