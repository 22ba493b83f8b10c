import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cliHome } from '../support/cli.js';
import { scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

// The Anthropic precedence (README "Anthropic API" table) has no `.env` row: `ANTHROPIC_API_KEY`
// in a project's `.env` is never used. `list`, `status` and `trust` say the same as `get`: they do
// not show it as a credential, they say it is not read and what to do.

isolateTests();

const ANTHROPIC = 'sk-ant-test-dotenv-notread-0001';
const OPENAI = 'sk-test-openai-dotenv-read-0002';

function project(text: string): string {
  const dir = join(scratchDir(), 'project');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '.env'), text);
  return dir;
}

describe('ANTHROPIC_API_KEY in a project .env', () => {
  it('get does not use it, and list, status and trust agree (trusted .env)', () => {
    const { env } = cliHome();
    const cwd = project(`ANTHROPIC_API_KEY=${ANTHROPIC}\nOPENAI_API_KEY=${OPENAI}\n`);
    const trusted = cli(['trust', '--yes'], { env, cwd });
    expect(trusted.code, trusted.stderr).toBe(0);
    expect(trusted.stdout).toContain('.env OPENAI_API_KEY (values not shown)');
    expect(trusted.stdout).not.toContain('ANTHROPIC_API_KEY');

    const got = cli(['get', 'anthropic'], { env, cwd });
    expect(got.code).toBe(1);
    expect(cli(['get', 'openai'], { env, cwd }).stdout).toBe(`${OPENAI}\n`);

    const listed = JSON.parse(cli(['list', '--json'], { env, cwd }).stdout);
    expect(listed.environment).toEqual([
      { provider: 'anthropic', variable: 'ANTHROPIC_API_KEY', where: '.env', read: false },
      { provider: 'openai', variable: 'OPENAI_API_KEY', where: '.env', read: true },
    ]);
    const human = cli(['list'], { env, cwd }).stdout;
    expect(human).toMatch(/ANTHROPIC_API_KEY\s+Anthropic\s+\.env \(not read\)/);
    expect(human).toMatch(/OPENAI_API_KEY\s+OpenAI\s+\.env\n/);
    expect(human).toContain('note: ANTHROPIC_API_KEY in .env is not read');
    expect(human).toContain('credhelper login anthropic');

    const status = cli(['status', '--json'], { env, cwd });
    expect(JSON.parse(status.stdout).dotenvNotRead).toEqual([{ provider: 'anthropic', variable: 'ANTHROPIC_API_KEY' }]);
    expect(cli(['status'], { env, cwd }).stdout).toContain('note: ANTHROPIC_API_KEY in .env is not read');
    for (const run of [trusted, got, status])
      expect(run.stdout + run.stderr).not.toMatch(/sk-ant-test-|sk-test-openai/);
  });

  it('a .env with only ANTHROPIC_API_KEY has nothing to trust; set in the environment too, no note', () => {
    const cwd = project(`ANTHROPIC_API_KEY=${ANTHROPIC}\n`);
    const { env } = cliHome();
    const trust = cli(['trust', '--yes'], { env, cwd });
    expect(trust.stdout).toContain('nothing to trust');
    const own = { ...env, ANTHROPIC_API_KEY: 'sk-ant-test-own-0003' };
    const listed = JSON.parse(cli(['list', '--json'], { env: own, cwd }).stdout);
    expect(listed.environment).toEqual([
      { provider: 'anthropic', variable: 'ANTHROPIC_API_KEY', where: 'env', read: true },
    ]);
    const status = cli(['status', '--json'], { env: own, cwd });
    expect(JSON.parse(status.stdout).dotenvNotRead).toBeUndefined();
    expect(cli(['status'], { env: own, cwd }).stdout).not.toContain('not read');
  });

  it('status notes ANTHROPIC_AUTH_TOKEN and CLAUDE_CODE_OAUTH_TOKEN in a .env too (Anthropic reads neither from there)', () => {
    const { env } = cliHome();
    const cwd = project(
      'ANTHROPIC_AUTH_TOKEN=sk-ant-test-dotenv-token-0004\nCLAUDE_CODE_OAUTH_TOKEN=sk-ant-test-dotenv-oat-0005\n',
    );
    const status = cli(['status', '--json'], { env, cwd });
    expect(JSON.parse(status.stdout).dotenvNotRead).toEqual([
      { provider: 'anthropic', variable: 'ANTHROPIC_AUTH_TOKEN' },
      { provider: 'anthropic', variable: 'CLAUDE_CODE_OAUTH_TOKEN' },
    ]);
    const human = cli(['status'], { env, cwd });
    expect(human.stdout).toContain('note: ANTHROPIC_AUTH_TOKEN in .env is not read');
    expect(human.stdout + human.stderr).not.toContain('sk-ant-test-dotenv');
  });
});
