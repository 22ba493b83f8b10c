import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

/** A server on 127.0.0.1 that a test starts and closes; unref'd so it never keeps a run alive. */
export interface LocalServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function listen(
  handler: (request: IncomingMessage, response: ServerResponse, body: Buffer) => void | Promise<void>,
): Promise<LocalServer> {
  const server: Server = createServer((request, response) => {
    readBody(request)
      .then((body) => handler(request, response, body))
      .catch(() => {
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** A minimal Anthropic Messages API reply (what the SDKs accept as a `message`). */
export function messageReply(text: string) {
  return {
    id: 'msg_test',
    type: 'message',
    role: 'assistant',
    model: 'claude-test',
    content: [{ type: 'text', text }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 1, output_tokens: 1 },
  };
}

/** Fake temporary credentials, in the casing both metadata services use. */
export interface FakeAwsCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  Token: string;
  Expiration: string;
}

/** The ECS/EKS container credentials endpoint: `GET /creds` with the authorization token. */
export async function containerCredentialsServer(
  credentials: FakeAwsCredentials,
  authorizationToken: string,
): Promise<LocalServer & { requests: number }> {
  const state = { requests: 0 };
  const server = await listen((request, response) => {
    state.requests++;
    if (request.url !== '/creds' || request.headers.authorization !== authorizationToken) {
      json(response, 403, { message: 'forbidden' });
      return;
    }
    json(response, 200, credentials);
  });
  return {
    ...server,
    get requests() {
      return state.requests;
    },
  };
}

/** EC2 instance metadata, IMDSv2 only: a session token is required for every GET. */
export async function imdsServer(credentials: FakeAwsCredentials, role = 'agent-role'): Promise<LocalServer> {
  const token = 'imds-session-token-test';
  return listen((request, response) => {
    if (request.method === 'PUT' && request.url === '/latest/api/token') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end(token);
      return;
    }
    if (request.headers['x-aws-ec2-metadata-token'] !== token) {
      response.writeHead(401);
      response.end();
      return;
    }
    if (request.url === '/latest/meta-data/iam/security-credentials/') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end(role);
      return;
    }
    if (request.url === `/latest/meta-data/iam/security-credentials/${role}`) {
      json(response, 200, { Code: 'Success', Type: 'AWS-HMAC', LastUpdated: new Date().toISOString(), ...credentials });
      return;
    }
    response.writeHead(404);
    response.end();
  });
}

/** A real STS endpoint (moto) on 127.0.0.1; it accepts any signature. */
export async function startMoto(): Promise<LocalServer> {
  const probe = await listen(() => undefined);
  const { port } = probe;
  await probe.close();
  const child: ChildProcess = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: 'ignore',
  });
  child.unref();
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      await fetch(`${url}/moto-api/`);
      break;
    } catch {
      if (Date.now() > deadline || child.exitCode !== null) {
        child.kill('SIGKILL');
        throw new Error('moto did not start');
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url,
    port,
    close: async () => {
      child.kill('SIGKILL');
    },
  };
}

/** What the fake Bedrock runtime saw of one request. */
export interface BedrockCall {
  path: string;
  auth: 'bearer' | 'sigv4' | 'none';
  /** For SigV4: the access key id in the credential scope; for bearer: the token. */
  principal: string;
  /** Whether the signature or the token matched what the server expects. */
  accepted: boolean;
}

/**
 * A fake Bedrock runtime that authenticates for real: a bearer token must equal `bearerToken`;
 * a SigV4 request is signed again here, from the method, raw path, query, signed headers and body
 * bytes it received, with `secretAccessKey` at its `x-amz-date`, and the two `Authorization`
 * headers must be equal. Anything else gets 403. Accepted requests get a minimal Messages reply.
 */
export async function bedrockServer(expect: {
  region: string;
  secretAccessKey?: string;
  bearerToken?: string;
}): Promise<LocalServer & { calls: BedrockCall[] }> {
  const calls: BedrockCall[] = [];
  const server = await listen(async (request, response, body) => {
    const authorization = request.headers.authorization ?? '';
    const [rawPath = '/', rawQuery = ''] = (request.url ?? '/').split('?', 2);
    let call: BedrockCall = { path: rawPath, auth: 'none', principal: '', accepted: false };
    if (authorization.startsWith('Bearer ')) {
      const token = authorization.slice('Bearer '.length);
      call = { ...call, auth: 'bearer', principal: token, accepted: token === expect.bearerToken };
    } else if (authorization.startsWith('AWS4-HMAC-SHA256 ')) {
      const accessKeyId = /Credential=([^/]+)\//.exec(authorization)?.[1] ?? '';
      const signed = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(';') ?? [];
      const headers: Record<string, string> = {};
      for (const name of signed) headers[name] = String(request.headers[name] ?? '');
      const query: Record<string, string> = {};
      for (const [key, value] of new URLSearchParams(rawQuery)) query[key] = value;
      const amzDate = String(request.headers['x-amz-date'] ?? '');
      const signingDate = new Date(
        `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:` +
          `${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
      );
      const sessionToken = request.headers['x-amz-security-token'];
      const signer = new SignatureV4({
        credentials: {
          accessKeyId,
          secretAccessKey: expect.secretAccessKey ?? '',
          ...(typeof sessionToken === 'string' ? { sessionToken } : {}),
        },
        region: expect.region,
        service: 'bedrock',
        sha256: Hash.bind(null, 'sha256'),
      });
      const resigned = await signer.sign(
        new HttpRequest({
          method: request.method ?? 'GET',
          protocol: 'http:',
          hostname: '127.0.0.1',
          path: rawPath,
          query,
          headers,
          body: body.length > 0 ? body : undefined,
        }),
        { signingDate },
      );
      call = {
        ...call,
        auth: 'sigv4',
        principal: accessKeyId,
        accepted: expect.secretAccessKey !== undefined && resigned.headers.authorization === authorization,
      };
    }
    calls.push(call);
    if (!call.accepted) {
      json(response, 403, {
        message: 'The request signature we calculated does not match the signature you provided.',
      });
      return;
    }
    json(response, 200, messageReply('hello from the fake Bedrock'));
  });
  return Object.assign(server, { calls });
}

/**
 * The IAM Identity Center (SSO) portal: `GET /federation/credentials` with the SSO access token in
 * `x-amz-sso_bearer_token` returns role credentials (expiration in ms since the epoch).
 */
export async function ssoPortalServer(
  accessToken: string,
  credentials: FakeAwsCredentials,
): Promise<LocalServer & { requests: string[] }> {
  const requests: string[] = [];
  const server = await listen((request, response) => {
    requests.push(request.url ?? '');
    if (
      !request.url?.startsWith('/federation/credentials') ||
      request.headers['x-amz-sso_bearer_token'] !== accessToken
    ) {
      json(response, 401, { message: 'Session token not found or invalid' });
      return;
    }
    json(response, 200, {
      roleCredentials: {
        accessKeyId: credentials.AccessKeyId,
        secretAccessKey: credentials.SecretAccessKey,
        sessionToken: credentials.Token,
        expiration: Date.parse(credentials.Expiration),
      },
    });
  });
  return Object.assign(server, { requests });
}

function metadataReply(response: ServerResponse, status: number, body: string, type = 'application/text'): void {
  response.writeHead(status, { 'Metadata-Flavor': 'Google', 'content-type': type });
  response.end(body);
}

/** A GCE metadata server (`GCE_METADATA_HOST`): the ping, a default service account token, the project. */
export async function gceMetadataServer(options: {
  accessToken: string;
  expiresInS?: number;
  projectId?: string;
}): Promise<LocalServer & { tokenRequests: number }> {
  const state = { tokenRequests: 0 };
  const server = await listen((request, response) => {
    if (request.headers['metadata-flavor'] !== 'Google') {
      metadataReply(response, 403, 'Missing Metadata-Flavor header');
      return;
    }
    const path = (request.url ?? '').split('?')[0];
    if (path === '/computeMetadata/v1/instance' || path === '/computeMetadata/v1/instance/') {
      metadataReply(response, 200, '');
    } else if (path === '/computeMetadata/v1/instance/service-accounts/default/token') {
      state.tokenRequests++;
      metadataReply(
        response,
        200,
        JSON.stringify({
          access_token: options.accessToken,
          expires_in: options.expiresInS ?? 3599,
          token_type: 'Bearer',
        }),
        'application/json',
      );
    } else if (path === '/computeMetadata/v1/project/project-id' && options.projectId !== undefined) {
      metadataReply(response, 200, options.projectId);
    } else if (path === '/computeMetadata/v1/universe/universe-domain') {
      metadataReply(response, 200, 'googleapis.com');
    } else {
      metadataReply(response, 404, 'not found');
    }
  });
  return {
    ...server,
    get tokenRequests() {
      return state.tokenRequests;
    },
  };
}

/**
 * Google's STS token exchange for workload identity federation: a subject token equal to
 * `acceptSubjectToken` gets `accessToken`; any other gets 400 `invalid_grant`.
 */
export async function googleStsServer(options: {
  acceptSubjectToken: string;
  /** The token to mint; a list mints them in turn (the last one repeats). */
  accessToken: string | string[];
  expiresInS?: number;
}): Promise<LocalServer & { requests: number; tokenUrl: string }> {
  const state = { requests: 0, minted: 0 };
  const tokens = Array.isArray(options.accessToken) ? options.accessToken : [options.accessToken];
  const server = await listen((request, response, body) => {
    state.requests++;
    const form = new URLSearchParams(body.toString('utf8'));
    if (request.method !== 'POST' || form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:token-exchange') {
      json(response, 400, { error: 'invalid_request' });
      return;
    }
    if (form.get('subject_token') !== options.acceptSubjectToken) {
      json(response, 400, { error: 'invalid_grant', error_description: 'The subject token is invalid or expired.' });
      return;
    }
    const accessToken = tokens[Math.min(state.minted++, tokens.length - 1)];
    json(response, 200, {
      access_token: accessToken,
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      token_type: 'Bearer',
      expires_in: options.expiresInS ?? 3600,
    });
  });
  return {
    ...server,
    tokenUrl: `${server.url}/v1/token`,
    get requests() {
      return state.requests;
    },
  };
}

/** An `external_account` ADC file (workload identity federation) whose subject token is a file. */
export function externalAccountJson(tokenUrl: string, subjectTokenFile: string): string {
  return JSON.stringify({
    type: 'external_account',
    audience: '//iam.googleapis.com/projects/123456/locations/global/workloadIdentityPools/agents/providers/ci',
    subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
    token_url: tokenUrl,
    credential_source: { file: subjectTokenFile },
  });
}

/** What the fake Vertex endpoint saw of one request. */
export interface VertexCall {
  path: string;
  authorization: string;
  accepted: boolean;
}

/**
 * A fake Vertex AI endpoint: accepts `POST /projects/<p>/locations/<r>/publishers/anthropic/models/<m>:rawPredict`
 * with `Authorization: Bearer <accessToken>` for the given project and region; anything else 401/404.
 */
export async function vertexServer(expect: {
  accessToken: string;
  projectId: string;
  region: string;
}): Promise<LocalServer & { calls: VertexCall[] }> {
  const calls: VertexCall[] = [];
  const server = await listen((request, response) => {
    const path = request.url ?? '';
    const authorization = request.headers.authorization ?? '';
    const route = new RegExp(
      `^/v1/projects/${expect.projectId}/locations/${expect.region}/publishers/anthropic/models/[^/:]+:rawPredict$`,
    );
    const call: VertexCall = {
      path,
      authorization,
      accepted: authorization === `Bearer ${expect.accessToken}` && route.test(path),
    };
    calls.push(call);
    if (!route.test(path)) {
      json(response, 404, { error: { code: 404, message: `no route ${path}` } });
      return;
    }
    if (!call.accepted) {
      json(response, 401, { error: { code: 401, message: 'Request had invalid authentication credentials.' } });
      return;
    }
    json(response, 200, messageReply('hello from the fake Vertex'));
  });
  return Object.assign(server, { calls });
}
