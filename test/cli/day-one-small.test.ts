import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cli, cliHome, userSettings } from '../support/cli.js';
import { isolateTests } from '../support/isolation.js';

// Small things a newcomer saw on day one, as transcripts: the built CLI in a temp HOME.

isolateTests();
vi.setConfig({ testTimeout: 90_000 });

describe('counts are printed in the right number', () => {
  it.each([
    ['apiKeyHelper', 'anthropic'],
    ['awsCredentialExport', 'bedrock'],
  ])('%s printing only a newline: "printed 1 byte", never "1 bytes"', (setting, target) => {
    const { home, env } = cliHome();
    userSettings(home, { [setting]: 'echo' });
    const result = cli(['get', target], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${setting} printed 1 byte of output that is not`);
    expect(result.stderr).not.toMatch(/\b1 bytes\b/);
  });

  it('a longer output is "bytes"', () => {
    const { home, env } = cliHome();
    userSettings(home, { awsCredentialExport: 'echo not-json' });
    expect(cli(['get', 'bedrock'], { env }).stderr).toContain('printed 9 bytes of output that is not JSON');
  });
});

describe('credhelper list', () => {
  it('stored credentials and variables are tables whose columns line up', () => {
    const { env } = cliHome({ OPENAI_API_KEY: 'sk-test-openai-list-0001', GEMINI_API_KEY: 'test-gemini-list-0001' });
    const store = (provider: string, secret: string, ...extra: string[]) =>
      expect(cli(['login', '--provider', provider, ...extra, '--stdin'], { env, input: secret }).code).toBe(0);
    store('anthropic', 'sk-ant-test-list-canary-0001');
    store('openai', 'sk-test-openai-list-0002', '--profile', 'work');
    const pasted = cli(['paste-token', '--provider', 'openrouter', '--expires-in', '30d', '--stdin'], {
      env,
      input: 'test-openrouter-token-0001',
    });
    expect(pasted.code).toBe(0);
    const listed = cli(['list'], { env });
    expect(listed.code).toBe(0);
    for (const secret of ['sk-ant-test-list-canary-0001', 'sk-test-openai-list', 'test-openrouter-token-0001']) {
      expect(listed.stdout).not.toContain(secret);
    }
    const lines = listed.stdout.split('\n');
    /** The rows of the table whose header starts with `header`, up to the count line. */
    const table = (header: string): string[] => {
      const start = lines.findIndex((line) => line.startsWith(`  ${header} `));
      expect(start, header).toBeGreaterThan(0);
      const end = lines.findIndex((line, i) => i > start && !line.startsWith('  '));
      return lines.slice(start, end);
    };
    const aligned = (rows: string[], columns: string[][]) => {
      // Each row's n-th cell starts where the header's n-th title starts, and is followed by a gap.
      const header = rows[0] ?? '';
      const starts = [...header.matchAll(/\S+/g)].map((match) => match.index);
      rows.slice(1).forEach((row, i) => {
        for (const [n, cell] of (columns[i] ?? []).entries()) {
          const at = starts[n] ?? -1;
          expect(row.slice(at - 2, at + cell.length), `${row} / ${cell}`).toBe(`  ${cell}`);
        }
      });
    };
    const credentials = table('ID');
    expect(credentials).toHaveLength(4);
    aligned(credentials, [
      ['anthropic', 'Anthropic', 'api', 'file', '-'],
      ['openai:work', 'OpenAI', 'api', 'file', '-'],
      ['openrouter', 'OpenRouter', 'token', 'file', '20'],
    ]);
    expect(listed.stdout).toContain('\n3 credentials\n');
    const variables = table('VARIABLE');
    expect(variables).toHaveLength(3);
    aligned(variables, [
      ['OPENAI_API_KEY', 'OpenAI', 'env'],
      ['GEMINI_API_KEY', 'Google Gemini', 'env'],
    ]);
    expect(listed.stdout).toContain('\n2 environment variables\n');
  });

  it('one of each: singular counts', () => {
    const { env } = cliHome({ OPENAI_API_KEY: 'sk-test-openai-list-0003' });
    cli(['login', '--provider', 'anthropic', '--stdin'], { env, input: 'sk-ant-test-list-canary-0002' });
    const listed = cli(['list'], { env }).stdout;
    expect(listed).toContain('\n1 credential\n');
    expect(listed).toContain('\n1 environment variable\n');
  });
});

describe('GOOGLE_APPLICATION_CREDENTIALS naming a file that is not there', () => {
  it('is told to fix or unset the variable, not to log in (a login writes a file the variable overrides)', () => {
    const { home, env } = cliHome({ GOOGLE_CLOUD_PROJECT: 'test-project' });
    const missing = join(home, 'keys', 'vertex-sa.json');
    const result = cli(['get', 'vertex'], { env: { ...env, GOOGLE_APPLICATION_CREDENTIALS: missing } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`GOOGLE_APPLICATION_CREDENTIALS names ${missing}, which does not exist`);
    expect(result.stderr).toContain('point GOOGLE_APPLICATION_CREDENTIALS at your credentials file, or unset it');
    expect(result.stderr).not.toContain('Fix: run `gcloud auth application-default login`');
  });
});
