import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tempDir } from './support/fixtures.js';

const KEY = 'sk-ant-test-readme-7777';
const seen: Array<{ path: string; apiKey: string | undefined; authorization: string | undefined }> = [];
const server = createServer((request: IncomingMessage, response) => {
  seen.push({
    path: request.url ?? '',
    apiKey: request.headers['x-api-key'] as string,
    authorization: request.headers.authorization,
  });
  const ok = request.headers['x-api-key'] === KEY && request.headers['anthropic-version'] === '2023-06-01';
  response.writeHead(ok ? 200 : 401, { 'content-type': 'application/json', connection: 'close' });
  response.end(JSON.stringify(ok ? { type: 'message', content: [] } : { type: 'error' }));
});
const home = tempDir();
const saved = { ...process.env };

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  mkdirSync(join(home.dir, '.config/anthropic'), { recursive: true, mode: 0o700 });
  writeFileSync(join(home.dir, '.config/anthropic/key'), `${KEY}\n`, { mode: 0o600 });
  for (const name of [
    'ANTHROPIC_AUTH_TOKEN',
    'CLAUDE_CODE_OAUTH_TOKEN',
    'CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR',
    'ANTHROPIC_API_KEY',
  ]) {
    delete process.env[name];
  }
  process.env.HOME = home.dir;
  process.env.ANTHROPIC_BASE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
  home.cleanup();
  process.env = saved;
});

describe('README', () => {
  it('shows examples/readme-example.ts verbatim, and the example works against a local Anthropic-like server', async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const example = readFileSync(new URL('../examples/readme-example.ts', import.meta.url), 'utf8');
    expect(readme).toContain(example.trim());

    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await import('../examples/readme-example.js');
    expect(log).toHaveBeenCalledWith('credential from helper:apiKeyHelper: HTTP 200');
    expect(seen).toEqual([{ path: '/v1/messages', apiKey: KEY, authorization: `Bearer ${KEY}` }]);
    expect(JSON.stringify(log.mock.calls)).not.toContain(KEY);
    log.mockRestore();
  });
});
