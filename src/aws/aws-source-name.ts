/**
 * The AWS SDK marks the credentials each provider returns with feature ids in `$source`. This maps
 * them, most specific first, to credhelper's source names.
 */
const FEATURE_SOURCES: readonly (readonly [feature: string, source: string])[] = [
  ['CREDENTIALS_PROFILE_PROCESS', 'aws:credential_process'],
  ['CREDENTIALS_PROCESS', 'aws:credential_process'],
  ['CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN', 'aws:web_identity'],
  ['CREDENTIALS_PROFILE_STS_WEB_ID_TOKEN', 'aws:web_identity'],
  ['CREDENTIALS_PROFILE_SSO', 'aws:sso'],
  ['CREDENTIALS_PROFILE_SSO_LEGACY', 'aws:sso'],
  ['CREDENTIALS_SSO', 'aws:sso'],
  ['CREDENTIALS_SSO_LEGACY', 'aws:sso'],
  ['CREDENTIALS_PROFILE_LOGIN', 'aws:login'],
  ['CREDENTIALS_LOGIN', 'aws:login'],
  ['CREDENTIALS_HTTP', 'aws:container'],
  ['CREDENTIALS_ENV_VARS', 'aws:env'],
  ['CREDENTIALS_PROFILE_SOURCE_PROFILE', 'aws:profile'],
  ['CREDENTIALS_PROFILE_NAMED_PROVIDER', 'aws:profile'],
  ['CREDENTIALS_PROFILE', 'aws:profile'],
];

/**
 * Names the link of the AWS default chain that produced `credentials`. Instance metadata (and the
 * legacy container provider) set no feature: those are `aws:container` when a container
 * credentials URI is set, else `aws:imds`.
 */
export function awsSourceName(credentials: object, env: Readonly<Record<string, string | undefined>>): string {
  const features = '$source' in credentials ? credentials.$source : undefined;
  if (typeof features === 'object' && features !== null) {
    for (const [feature, source] of FEATURE_SOURCES) {
      if (feature in features) return source;
    }
  }
  const containerUri = env.AWS_CONTAINER_CREDENTIALS_FULL_URI ?? env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI;
  return containerUri ? 'aws:container' : 'aws:imds';
}
