import type { AuthClient, gaxios } from 'google-auth-library';
import type { VertexCredential } from './vertex-credential.js';

/** Options of `vertexAuthClient()`. */
export interface VertexAuthClientOptions {
  /**
   * `false`: the client adds no headers and resolves nothing, for
   * `new AnthropicVertex({ projectId, region, authClient, fetch: creds.fetch('vertex') })`, where
   * `creds.fetch` authenticates every request (and answers a credential failure with a 401 that the
   * SDK does not retry). Default `true`: the client adds `authorization: Bearer …` itself.
   */
  authenticate?: boolean;
}

/**
 * A `google-auth-library` `AuthClient` whose tokens come from credhelper (`getCredential`, i.e. the
 * cached `vertex()` with its `gcpAuthRefresh` rule). Creating it touches no credentials, so an
 * `AnthropicVertex` built with it never fails at construction; a missing credential surfaces on
 * the first request instead. `projectId` is filled in from the first resolution.
 */
export async function createVertexAuthClient(
  getCredential: () => Promise<VertexCredential>,
  options: VertexAuthClientOptions & { projectId?: string } = {},
): Promise<AuthClient> {
  const authenticate = options.authenticate ?? true;
  const lib = await import('google-auth-library');

  class CredhelperAuthClient extends lib.AuthClient {
    async getAccessToken(): Promise<{ token: string; res: null }> {
      const credential = await getCredential();
      this.projectId ??= credential.projectId;
      return { token: credential.accessToken, res: null };
    }

    async getRequestHeaders(): Promise<Headers> {
      if (!authenticate) return new Headers();
      const { token } = await this.getAccessToken();
      return new Headers({ authorization: `Bearer ${token}` });
    }

    async request<T>(options: gaxios.GaxiosOptions): gaxios.GaxiosPromise<T> {
      const headers = new Headers(options.headers);
      for (const [key, value] of await this.getRequestHeaders()) headers.set(key, value);
      return this.transporter.request<T>({ ...options, headers });
    }
  }

  const client = new CredhelperAuthClient();
  if (options.projectId !== undefined) client.projectId = options.projectId;
  return client;
}
