import { createServer, request as httpRequest, type Server } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import type { LocalServer } from './local-servers.js';

/** A forward proxy on 127.0.0.1 that logs what it carries. */
export interface ForwardProxy extends LocalServer {
  /** One line per request carried: `CONNECT host:port` or `GET http://host:port/path`. */
  log: string[];
}

/**
 * Where the proxy connects for `host`: `<name>.proxy-only.test` goes to 127.0.0.1 (the client
 * cannot resolve those names, so a request that bypasses the proxy fails with ENOTFOUND); any other
 * name is refused (the proxy is the only way to `*.proxy-only.test`, and nothing else is reached).
 */
function upstreamHost(host: string): string | undefined {
  return /\.proxy-only\.test\.?$/i.test(host) ? '127.0.0.1' : undefined;
}

/**
 * Starts a forward proxy: `CONNECT` tunnels (https) and absolute-URL requests (plain http), both
 * only to `*.proxy-only.test` names. `refuse: true` answers every request `403` (a proxy that
 * denies the destination).
 */
export async function startForwardProxy(options: { refuse?: boolean } = {}): Promise<ForwardProxy> {
  const log: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    log.push(`${request.method} ${request.url}`);
    const target = new URL(request.url ?? '/', 'http://invalid');
    const host = upstreamHost(target.hostname);
    if (options.refuse === true || host === undefined || target.protocol !== 'http:') {
      response.writeHead(403, { 'content-type': 'text/plain' });
      response.end('proxy: destination refused');
      return;
    }
    const upstream = httpRequest(
      {
        host,
        port: target.port || 80,
        method: request.method,
        path: `${target.pathname}${target.search}`,
        headers: { ...request.headers, host: target.host },
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => {
      response.writeHead(502);
      response.end();
    });
    request.pipe(upstream);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connect', (request, client: Socket, head: Buffer) => {
    log.push(`CONNECT ${request.url}`);
    const [name = '', port = '443'] = (request.url ?? '').split(/:(?=\d+$)/);
    const host = upstreamHost(name);
    if (options.refuse === true || host === undefined) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    log,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
