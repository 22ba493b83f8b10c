// An agent that uses the installed package both ways (import and require) and reaches the library's
// lazy loads: a helper run (node:child_process) and the AWS default chain (@aws-sdk/credential-providers),
// both `import()`s of code that may have been read from the library's V8 code cache.
// Prints what happened as JSON, and whether V8 took the cache (LOADER: the loader's absolute path).
import { createRequire } from 'node:module';
import { CredentialHelperError, createCredentialHelper } from 'credhelper';
import { CredentialCache } from 'credhelper/internal';

const require = createRequire(import.meta.url);
const creds = createCredentialHelper({ env: process.env, authFile: false });
const anthropic = await creds.anthropic();
const bedrock = await creds.bedrock();
const failing = createCredentialHelper({ env: {}, authFile: false, settings: { apiKeyHelper: 'exit 3' } });
const failure = await failing.anthropic().catch((error) => error);
console.log(
  JSON.stringify({
    anthropic: anthropic.source,
    bedrock: `${bedrock.type} ${bedrock.source}`,
    failure: failure instanceof CredentialHelperError ? failure.code : String(failure),
    requiredClass: require('credhelper').CredentialHelperError === CredentialHelperError,
    internal: typeof CredentialCache,
    cachedDataRejected: String(require(process.env.LOADER).script.cachedDataRejected),
  }),
);
