import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { joinDashOptionValues } from '../../src/cli/dash-option-values.js';
import { cliAsync, cliHome, writeJson } from '../support/cli.js';
import { isolateTests } from '../support/isolation.js';
import { anthropicUpstream } from './proxy-support.js';

// Found using `exec --proxy` with the real Claude Code: the documented `--proxy-log -` was a usage
// error, and Claude Code's own settings file (an `apiKeyHelper`, an `env.ANTHROPIC_BASE_URL`)
// silently took the agent around the proxy, or had it run the key helper itself.

const KEY = 'sk-ant-test-review-key-0001';
const { track } = isolateTests();

const FETCH_ONCE =
  "const r = await fetch(process.env.ANTHROPIC_BASE_URL + '/v1/messages', { method: 'POST', " +
  "headers: { authorization: 'Bearer ' + process.env.ANTHROPIC_AUTH_TOKEN }, body: '{}' }); console.log(r.status);";

describe('--proxy-log - / --log -', () => {
  it('`exec --proxy --proxy-log -` logs each request on stderr', async () => {
    const upstream = track(await anthropicUpstream(KEY));
    const { env } = cliHome({ ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: upstream.url });
    const result = await cliAsync(
      ['exec', '--proxy', '--proxy-log', '-', '--', process.execPath, '--input-type=module', '-e', FETCH_ONCE],
      { env },
    );
    expect(result.stderr).not.toContain('needs a value');
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('200');
    expect(result.stderr).toMatch(/ POST \/anthropic\/v1\/messages 200 \d+B /);
    expect(result.stderr).not.toContain(KEY);
  });

  it('joins only those options, only before `--`', () => {
    expect(joinDashOptionValues(['proxy', '--log', '-', '--target', 'anthropic'])).toEqual([
      'proxy',
      '--log=-',
      '--target',
      'anthropic',
    ]);
    expect(joinDashOptionValues(['exec', '--proxy', '--', 'tool', '--log', '-'])).toEqual([
      'exec',
      '--proxy',
      '--',
      'tool',
      '--log',
      '-',
    ]);
    expect(joinDashOptionValues(['exec', '--settings', '-'])).toEqual(['exec', '--settings', '-']);
  });
});

describe("Claude Code's settings that would defeat the proxy", () => {
  it('a note names the file and the keys (an apiKeyHelper, env base URL and key), never a value', async () => {
    const { env, home } = cliHome({ ANTHROPIC_API_KEY: KEY });
    const settings = writeJson(join(home, '.claude', 'settings.json'), {
      apiKeyHelper: 'echo sk-ant-test-claude-helper-0001',
      env: {
        ANTHROPIC_BASE_URL: 'https://gateway.example.test',
        ANTHROPIC_API_KEY: 'sk-ant-test-claude-env-0001',
        ANTHROPIC_MODEL: 'claude-test',
      },
    });
    const result = await cliAsync(['exec', '--proxy', '--target', 'anthropic', '--', 'true'], { env });
    expect(result.code).toBe(0);
    const note = result.stderr.split('\n').find((line) => line.includes('would defeat the proxy')) ?? '';
    expect(note).toContain(settings);
    expect(note).toContain('apiKeyHelper');
    expect(note).toContain('env.ANTHROPIC_BASE_URL');
    expect(note).toContain('env.ANTHROPIC_API_KEY');
    expect(note).not.toContain('ANTHROPIC_MODEL'); // not the proxy's business
    expect(result.stderr).not.toMatch(/sk-ant-test|gateway\.example/);
  });

  it('no note when the settings set nothing the proxy gives or takes away', async () => {
    const { env, home } = cliHome({ ANTHROPIC_API_KEY: KEY });
    writeJson(join(home, '.claude', 'settings.json'), { env: { ANTHROPIC_MODEL: 'claude-test' }, model: 'opus' });
    const result = await cliAsync(['exec', '--proxy', '--target', 'anthropic', '--', 'true'], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('defeat the proxy');
  });
});
