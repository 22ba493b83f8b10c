import type { AnthropicCredential } from '../anthropic/anthropic-credential.js';
import type { BedrockCredential } from '../bedrock/bedrock-credential.js';
import type { CredentialHelper, CredentialTarget } from '../credentials/create-credential-helper.js';
import type { VertexCredential } from '../vertex/vertex-credential.js';

/** One resolved credential of any target, in one shape for the commands. */
export type ResolvedTarget =
  | { target: 'anthropic'; credential: AnthropicCredential }
  | { target: 'bedrock'; credential: BedrockCredential }
  | { target: 'vertex'; credential: VertexCredential };

/** Resolves `target` through the library. */
export async function resolveTarget(creds: CredentialHelper, target: CredentialTarget): Promise<ResolvedTarget> {
  if (target === 'anthropic') return { target, credential: await creds.anthropic() };
  if (target === 'bedrock') return { target, credential: await creds.bedrock() };
  return { target, credential: await creds.vertex() };
}

/** The facts about a credential that may be shown: never the secret itself. */
export interface CredentialFacts {
  target: CredentialTarget;
  type: string;
  source: string;
  expiresAt?: string;
  region?: string;
  projectId?: string;
}

export function factsOf(resolved: ResolvedTarget): CredentialFacts {
  const { target, credential } = resolved;
  const facts: CredentialFacts = {
    target,
    type: 'type' in credential ? credential.type : 'accessToken',
    source: credential.source,
  };
  const expiresAt = 'expiresAt' in credential ? credential.expiresAt : undefined;
  if (expiresAt !== undefined) facts.expiresAt = expiresAt.toISOString();
  if ('region' in credential) facts.region = credential.region;
  if ('projectId' in credential) facts.projectId = credential.projectId;
  return facts;
}

/**
 * The variables a child process gets for `resolved` (`exec`), and the ones it must not inherit.
 * `defaults` are set only where the child's environment has no value of its own: a variable the
 * user set explicitly wins (Vertex: the project and ADC file that google-auth-library reads).
 */
export function environmentOf(resolved: ResolvedTarget): {
  set: Record<string, string>;
  unset: string[];
  defaults?: Record<string, string>;
} {
  if (resolved.target === 'anthropic') {
    const { type, value } = resolved.credential;
    const name =
      type === 'apiKey' ? 'ANTHROPIC_API_KEY' : type === 'oauth' ? 'CLAUDE_CODE_OAUTH_TOKEN' : 'ANTHROPIC_AUTH_TOKEN';
    // One identity: the sources that lost must not reach the child (an SDK may prefer one of them).
    const others = ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN'].filter((n) => n !== name);
    return { set: { [name]: value }, unset: others };
  }
  if (resolved.target === 'bedrock') {
    const credential = resolved.credential;
    if (credential.type === 'bearer') {
      // A key minted from AWS credentials replaces them: the child gets the key, not the keys it came from.
      const minted = credential.source.startsWith('minted:');
      return {
        set: { AWS_BEARER_TOKEN_BEDROCK: credential.token, AWS_REGION: credential.region },
        unset: minted
          ? [
              'AWS_ACCESS_KEY_ID',
              'AWS_SECRET_ACCESS_KEY',
              'AWS_SESSION_TOKEN',
              'AWS_CREDENTIAL_EXPIRATION',
              'AWS_PROFILE',
            ]
          : [],
      };
    }
    const set: Record<string, string> = {
      AWS_ACCESS_KEY_ID: credential.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credential.credentials.secretAccessKey,
      AWS_REGION: credential.region,
    };
    if (credential.credentials.sessionToken !== undefined) set.AWS_SESSION_TOKEN = credential.credentials.sessionToken;
    if (credential.credentials.expiration !== undefined) {
      set.AWS_CREDENTIAL_EXPIRATION = credential.credentials.expiration.toISOString();
    }
    // A profile would win over the keys in the child's SDK; an old session token would pair with new keys.
    return { set, unset: ['AWS_PROFILE', ...(set.AWS_SESSION_TOKEN === undefined ? ['AWS_SESSION_TOKEN'] : [])] };
  }
  const { accessToken, projectId, region, credentialsFile } = resolved.credential;
  // CLOUDSDK_AUTH_ACCESS_TOKEN is for gcloud; the SDKs (AnthropicVertex, Claude Code) and
  // google-auth-library read the project, the region and the ADC file, and mint their own token.
  const defaults: Record<string, string> = { GOOGLE_CLOUD_PROJECT: projectId };
  if (credentialsFile !== undefined) defaults.GOOGLE_APPLICATION_CREDENTIALS = credentialsFile;
  return {
    set: { CLOUDSDK_AUTH_ACCESS_TOKEN: accessToken, ANTHROPIC_VERTEX_PROJECT_ID: projectId, CLOUD_ML_REGION: region },
    unset: [],
    defaults,
  };
}
