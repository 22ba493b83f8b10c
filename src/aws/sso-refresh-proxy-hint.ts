import { proxyForUrl, proxyLabel } from '../net/proxy-for-url.js';
import { envValue, type ReadonlyEnv } from '../read-env.js';

/** The AWS SDK's message when an expired sso-session token could not be refreshed (it drops the refresh's own error). */
const SSO_REFRESH_FAILED = /Token is expired\. To refresh this SSO session/;

/**
 * A sentence for an expired SSO token behind a proxy: the SDK refreshes an sso-session token at
 * SSO-OIDC (`CreateToken`) through the proxy and, when that call fails, throws away why and only
 * says "Token is expired". The sentence names the proxy (never its password) so that a refused
 * SSO-OIDC host is not mistaken for a login that ran out. `''` when no proxy applies.
 */
export function ssoRefreshProxyHint(message: string, env: ReadonlyEnv): string {
  if (!SSO_REFRESH_FAILED.test(message)) return '';
  const region = envValue(env, 'AWS_REGION') ?? envValue(env, 'AWS_DEFAULT_REGION') ?? 'us-east-1';
  const endpoint =
    envValue(env, 'AWS_ENDPOINT_URL_SSO_OIDC') ??
    envValue(process.env, 'AWS_ENDPOINT_URL_SSO_OIDC') ??
    `https://oidc.${region}.amazonaws.com/`;
  const proxy = proxyForUrl(endpoint, env);
  if (proxy === undefined) return '';
  return (
    ` The SSO token refresh (SSO-OIDC CreateToken) goes through the proxy ${proxyLabel(proxy)} (HTTPS_PROXY / HTTP_PROXY):` +
    ' if the proxy refuses the SSO-OIDC host, let it through or list it in NO_PROXY.'
  );
}
