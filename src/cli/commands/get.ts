import type { CredentialTarget } from '../../credentials/create-credential-helper.js';
import { cliContext, type GlobalOptions } from '../cli-context.js';
import { factsOf, resolveTarget } from '../resolve-target.js';
import type { CommandResult } from './command-result.js';

/**
 * `credhelper get <target>`: the credential on stdout, for scripts. Anthropic: the key or token.
 * Bedrock: the bearer token, or `export AWS_…=…` lines for SigV4 credentials. Vertex: the access
 * token (like `gcloud auth print-access-token`). Another provider id (`openai`…): its key or token
 * by `provider(id)`'s precedence. `--profile` pins a stored entry (`anthropic:work`). `--json` adds
 * type, source and expiry.
 */
export async function get(
  globals: GlobalOptions,
  target: CredentialTarget | string,
  options: { profile?: string } = {},
): Promise<CommandResult> {
  const { creds } = await cliContext(globals, { refresh: true });
  if (options.profile !== undefined || (target !== 'anthropic' && target !== 'bedrock' && target !== 'vertex')) {
    if (target === 'bedrock' || target === 'vertex') {
      return { usageError: `--profile is for stored credentials of a provider (e.g. get anthropic --profile work)` };
    }
    const credential = await creds.provider(target, options.profile === undefined ? {} : { profile: options.profile });
    const facts = { provider: credential.provider, type: credential.type, source: credential.source };
    const expiresAt = credential.expiresAt?.toISOString();
    return {
      data: { ...facts, ...(expiresAt === undefined ? {} : { expiresAt }), value: credential.value },
      lines: [credential.value],
    };
  }
  const resolved = await resolveTarget(creds, target);
  const facts = factsOf(resolved);
  if (resolved.target === 'anthropic') {
    return { data: { ...facts, value: resolved.credential.value }, lines: [resolved.credential.value] };
  }
  if (resolved.target === 'vertex') {
    return {
      data: { ...facts, accessToken: resolved.credential.accessToken },
      lines: [resolved.credential.accessToken],
    };
  }
  const credential = resolved.credential;
  if (credential.type === 'bearer') return { data: { ...facts, token: credential.token }, lines: [credential.token] };
  const { accessKeyId, secretAccessKey, sessionToken, expiration } = credential.credentials;
  const lines = [
    `export AWS_ACCESS_KEY_ID=${accessKeyId}`,
    `export AWS_SECRET_ACCESS_KEY=${secretAccessKey}`,
    ...(sessionToken === undefined ? [] : [`export AWS_SESSION_TOKEN=${sessionToken}`]),
    ...(expiration === undefined ? [] : [`export AWS_CREDENTIAL_EXPIRATION=${expiration.toISOString()}`]),
    `export AWS_REGION=${credential.region}`,
  ];
  return {
    data: {
      ...facts,
      credentials: { accessKeyId, secretAccessKey, sessionToken, expiration: expiration?.toISOString() },
    },
    lines,
  };
}
