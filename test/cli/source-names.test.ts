import { describe, expect, it, vi } from 'vitest';
import { hoursFromNow, writeAuthFile } from '../support/auth-file.js';
import { cli, cliHome, userSettings } from '../support/cli.js';
import { fixture } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

// Issue 16, "Consistent names": one name per source, the same in explain, get --json and status.

isolateTests();
vi.setConfig({ testTimeout: 90_000 });
const KEY = 'sk-ant-test-names-0001';
const OAUTH = 'sk-ant-oat01-test-names-0001';

interface Case {
  what: string;
  env?: Record<string, string>;
  auth?: Record<string, unknown>;
  helper?: boolean;
  profile?: string;
  source: string;
}

const CASES: Case[] = [
  { what: 'a variable', env: { ANTHROPIC_API_KEY: KEY }, source: 'env:ANTHROPIC_API_KEY' },
  { what: 'apiKeyHelper', helper: true, source: 'helper:apiKeyHelper' },
  { what: 'a stored API key', auth: { anthropic: { type: 'api', key: KEY } }, source: 'store:anthropic' },
  {
    what: 'a stored OAuth token',
    auth: { anthropic: { type: 'oauth', access: OAUTH, refresh: 'test-refresh-0001', expires: hoursFromNow(5) } },
    source: 'store:anthropic',
  },
  { what: 'a pasted token', auth: { anthropic: { type: 'token', token: OAUTH } }, source: 'store:anthropic' },
  { what: 'a stored profile', auth: { 'anthropic:work': { type: 'api', key: KEY } }, source: 'store:anthropic:work' },
  {
    what: 'a pinned profile (get --profile)',
    auth: { anthropic: { type: 'api', key: 'sk-ant-test-names-other' }, 'anthropic:work': { type: 'api', key: KEY } },
    profile: 'work',
    source: 'store:anthropic:work',
  },
];

describe('one name per source', () => {
  it.each(CASES)('$what: explain, get --json and status agree on $source', (c) => {
    const extra: Record<string, string> = { FAKE_KEY: KEY, ...c.env };
    if (c.auth !== undefined) extra.CREDHELPER_AUTH_FILE = writeAuthFile(c.auth);
    const { home, env } = cliHome(extra);
    if (c.helper === true) userSettings(home, { apiKeyHelper: fixture('print-key.sh') });
    const profile = c.profile === undefined ? [] : ['--profile', c.profile];
    const got = JSON.parse(cli(['get', 'anthropic', '--json', ...profile], { env }).stdout) as { source: string };
    expect(got.source).toBe(c.source);
    if (c.profile !== undefined) return; // explain and status show the precedence, not a pinned entry
    const explain = JSON.parse(cli(['explain', 'anthropic', '--json'], { env }).stdout) as {
      winner: string;
      winnerDetail?: string;
      candidates: Array<{ source: string; status: string }>;
    };
    expect(explain.winner).toBe(c.source);
    expect(explain.winnerDetail).toBeUndefined();
    expect(explain.candidates.find((row) => row.status === 'won')?.source).toBe(c.source);
    const human = cli(['explain', 'anthropic'], { env }).stdout;
    expect(human.split('\n')[0]).toBe(`anthropic: ${c.source} wins`);
    expect(human).not.toContain('store:anthropic/');
    const status = JSON.parse(cli(['status', '--json'], { env }).stdout) as { targets: Array<{ source?: string }> };
    expect(status.targets[0]?.source).toBe(c.source);
    for (const text of [human, JSON.stringify(explain), JSON.stringify(status)]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(OAUTH);
    }
  });

  it('nothing stored: "Tried, in order" names the store once', () => {
    const { env } = cliHome({ CREDHELPER_AUTH_FILE: writeAuthFile({}) });
    const run = cli(['get', 'anthropic'], { env });
    expect(run.code).toBe(1);
    expect(run.stderr.match(/store:anthropic/g)).toHaveLength(1);
  });
});
