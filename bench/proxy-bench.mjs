// npm run bench, the proxy's rows (issue 19): added latency of `creds.startProxy()` against a direct
// keep-alive request to the same loopback upstream, time to the first streamed byte, and 100
// concurrent streams. The two paths alternate, so both see the same machine.
import { Agent, createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { createCredentialHelper } from '../dist/index.js';

const KEY = 'sk-ant-test-bench-proxy';
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

function upstreamServer() {
  const reply = JSON.stringify({ id: 'msg_bench', type: 'message', content: [{ type: 'text', text: 'hi' }] });
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', async () => {
      if (req.headers['x-api-key'] !== KEY) {
        res.writeHead(401).end();
        return;
      }
      if (!req.url.includes('stream')) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(reply) });
        res.end(reply);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunks = req.url.includes('long') ? 10 : 2;
      for (let i = 0; i < chunks; i++) {
        res.write(`event: ping\ndata: {"i":${i}}\n\n`);
        await new Promise((resolve) => setTimeout(resolve, req.url.includes('long') ? 20 : 2));
      }
      res.end();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** One POST; resolves to [ms to the first body byte, ms to the end]. */
function timed(agent, url, headers) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let first;
        res.on('data', () => {
          first ??= performance.now() - started;
        });
        res.on('end', () => resolve([first ?? performance.now() - started, performance.now() - started]));
      },
    );
    req.on('error', reject);
    req.end('{"model":"m","max_tokens":1,"messages":[{"role":"user","content":"hi"}]}');
  });
}

/** The proxy's rows, in bench/run.mjs's row shape. */
export async function benchProxy() {
  const upstream = await upstreamServer();
  const upstreamUrl = `http://127.0.0.1:${upstream.address().port}`;
  const creds = createCredentialHelper({
    env: { PATH: process.env.PATH, HOME: tmpdir(), ANTHROPIC_API_KEY: KEY },
    authFile: false,
  });
  const proxy = await creds.startProxy({ targets: ['anthropic'], upstreams: { anthropic: upstreamUrl } });
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const direct = (path) => timed(agent, `${upstreamUrl}${path}`, { 'x-api-key': KEY });
  const proxied = (path) => timed(agent, `${proxy.url}/anthropic${path}`, { authorization: `Bearer ${proxy.token}` });
  const rows = [];
  const row = (what, value, peer, peerValue, target, unit = 'ms') => {
    rows.push({
      what,
      value: `${value.toFixed(2)} ${unit}`,
      peer,
      peerValue: `${peerValue.toFixed(2)} ${unit}`,
      ratio: `${(value / peerValue).toFixed(2)}× (+${(value - peerValue).toFixed(2)} ${unit})`,
      target,
    });
  };

  for (let i = 0; i < 300; i++) {
    await direct('/v1/messages');
    await proxied('/v1/messages');
  }
  const plain = { direct: [], proxied: [] };
  const ttfb = { direct: [], proxied: [] };
  for (let i = 0; i < 2_000; i++) {
    plain.direct.push((await direct('/v1/messages'))[1]);
    plain.proxied.push((await proxied('/v1/messages'))[1]);
  }
  for (let i = 0; i < 500; i++) {
    ttfb.direct.push((await direct('/v1/messages?stream'))[0]);
    ttfb.proxied.push((await proxied('/v1/messages?stream'))[0]);
  }
  row(
    'proxy: a non-streaming request, p50',
    median(plain.proxied),
    'direct keep-alive request, same upstream',
    median(plain.direct),
    '≤ +1 ms',
  );
  row(
    'proxy: time to the first streamed byte, p50',
    median(ttfb.proxied),
    'direct keep-alive request, same upstream',
    median(ttfb.direct),
    '≤ +1 ms',
  );

  const concurrent = async (send) => {
    const started = performance.now();
    await Promise.all(Array.from({ length: 100 }, () => send('/v1/messages?stream=long')));
    return performance.now() - started;
  };
  const wall = { direct: [], proxied: [] };
  for (let i = 0; i < 5; i++) {
    wall.direct.push(await concurrent(direct));
    wall.proxied.push(await concurrent(proxied));
  }
  row(
    'proxy: 100 concurrent streams (10 chunks 20 ms apart), wall',
    median(wall.proxied),
    '100 direct concurrent streams',
    median(wall.direct),
    'informative',
  );
  agent.destroy();
  await proxy.close();
  await new Promise((resolve) => upstream.close(resolve));
  return rows;
}
