// Load: 100 concurrent streams through the proxy, each receiving every chunk as sent, and the heap
// flat after them (no per-request retention: buffered bodies, sockets, listeners). Runs in the
// `load` project (alone, with --expose-gc); the figures are printed for bench/results.md's readers.
import { createCredentialHelper } from 'credhelper';
import { describe, expect, it } from 'vitest';
import { cleanEnv } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { anthropicUpstream } from './proxy-support.js';

const { track } = isolateTests();
const KEY = 'sk-ant-test-load-key-0001';
const MiB = 1024 * 1024;
const STREAMS = 100;
const CHUNKS = 10;

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc (the load project does)');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('the proxy under load', () => {
  it(`${STREAMS} concurrent streams: every chunk arrives, the heap is flat after`, async () => {
    const upstream = track(
      await anthropicUpstream(KEY, async (request, response) => {
        if (request.headers['x-api-key'] !== KEY) {
          response.writeHead(401).end();
          return;
        }
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        for (let i = 0; i < CHUNKS; i++) {
          response.write(`event: ping\ndata: {"i":${i},"pad":"${'x'.repeat(512)}"}\n\n`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        response.end();
      }),
    );
    const creds = createCredentialHelper({ env: cleanEnv({ ANTHROPIC_API_KEY: KEY }), authFile: false });
    const proxy = await creds.startProxy({ targets: ['anthropic'], upstreams: { anthropic: upstream.url } });
    const body = JSON.stringify({
      model: 'm',
      max_tokens: 1,
      stream: true,
      messages: [{ role: 'user', content: 'x'.repeat(4096) }],
    });
    const round = async () => {
      const started = performance.now();
      const counts = await Promise.all(
        Array.from({ length: STREAMS }, async () => {
          const answer = await fetch(`${proxy.url}/anthropic/v1/messages`, {
            method: 'POST',
            headers: { authorization: `Bearer ${proxy.token}`, 'content-type': 'application/json' },
            body,
          });
          const text = await answer.text();
          return text.split('event: ping').length - 1;
        }),
      );
      return { counts, ms: performance.now() - started };
    };
    try {
      await round(); // warm: connection pools, JIT
      const baseline = heapAfterGc();
      let last = { counts: [] as number[], ms: 0 };
      for (let i = 0; i < 5; i++) last = await round();
      upstream.calls.length = 0; // the fake's own record of bodies is not the proxy's memory
      const after = heapAfterGc();
      expect(last.counts).toEqual(new Array(STREAMS).fill(CHUNKS));
      console.log(
        `${STREAMS} concurrent streams × ${CHUNKS} chunks: ${last.ms.toFixed(0)} ms a round; heap after 5 rounds, after GC: ${((after - baseline) / MiB).toFixed(2)} MiB`,
      );
      expect(after - baseline).toBeLessThan(8 * MiB);
      // 10 chunks 20 ms apart: a round is ~200 ms when the streams really run side by side.
      expect(last.ms).toBeLessThan(5_000);
    } finally {
      await proxy.close();
    }
  }, 60_000);
});
