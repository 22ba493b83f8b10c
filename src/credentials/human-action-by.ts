import type { AnthropicCredential } from '../anthropic/anthropic-credential.js';
import type { BedrockCredential } from '../bedrock/bedrock-credential.js';
import type { ReadonlyEnv } from '../chain/source-context.js';
import type { VertexCredential } from '../vertex/vertex-credential.js';
import type { CredentialTarget } from './credential-target.js';

/** A resolved credential of any target, with its target. */
export type TargetCredential =
  | { target: 'anthropic'; credential: AnthropicCredential }
  | { target: 'bedrock'; credential: BedrockCredential }
  | { target: 'vertex'; credential: VertexCredential };

/**
 * When a person must next act (log in, paste a new token) for a resolved credential to keep
 * working, when there is a local signal of it. This is not `expiresAt`: a credential that
 * credhelper renews by itself (one-hour STS keys, Vertex access tokens, a helper's key, a stored
 * OAuth access token with its refresh token) expires often and needs nobody.
 * 1. a pasted token (`ANTHROPIC_AUTH_TOKEN`, `CLAUDE_CODE_OAUTH_TOKEN`, a stored token) or a Bedrock
 *    API key with a known expiry: that expiry;
 * 2. AWS IAM Identity Center (`aws:sso`): an `sso-session` profile's `registrationExpiresAt`, a
 *    legacy profile's token `expiresAt`, from `~/.aws/sso/cache`;
 * 3. stored OAuth, helpers, STS / web identity / container / instance metadata, Google ADC: unknown
 *    (`undefined`: no local signal; a refresh that fails shows as a failed resolution, "now");
 * 4. static keys and service-account keys: none (`undefined`).
 */
export async function humanActionBy(resolved: TargetCredential, env: ReadonlyEnv): Promise<Date | undefined> {
  if (resolved.target === 'vertex') return undefined;
  if (resolved.target === 'anthropic') {
    const { source, expiresAt, humanActionBy: stored } = resolved.credential;
    // A stored OAuth token comes with its refresh token (credhelper renews it); a pasted one says.
    if (source.startsWith('store:')) return stored;
    return expiresAt;
  }
  const credential = resolved.credential;
  // A key minted from AWS credentials is re-minted by credhelper: its own expiry asks nothing of a
  // person; the login behind its source does.
  const minted = credential.type === 'bearer' && credential.source.startsWith('minted:');
  if (credential.type === 'bearer' && !minted) return credential.expiresAt;
  const source = minted ? credential.source.slice('minted:'.length) : credential.source;
  if (source !== 'aws:sso') return undefined;
  const { ssoLoginDeadline } = await import('../aws/sso-login-deadline.js');
  return ssoLoginDeadline(env);
}

/** Targets whose refresh command (`awsAuthRefresh`, `gcpAuthRefresh`) can move {@link humanActionBy}. */
export const REFRESH_SETTING_OF: Readonly<Record<CredentialTarget, 'awsAuthRefresh' | 'gcpAuthRefresh' | undefined>> = {
  anthropic: undefined,
  bedrock: 'awsAuthRefresh',
  vertex: 'gcpAuthRefresh',
};
