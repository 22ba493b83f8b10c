// A value option followed by a word that starts with `-` (`exec --min-validity -1h`): cac read `-1h`
// as `-1 -h`, printed the help and exited 0 without running the child. Every option that takes a
// value now gives a usage error (exit 64) naming the option and the accepted form.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli/main.js';
import { DURATION_FORMS } from '../../src/cli/parse-duration.js';
import { cli, cliHome } from '../support/cli.js';
import { scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

isolateTests();

/** Every option that takes a value: the words before it, the option, and whether it is a duration. */
const VALUE_OPTIONS: ReadonlyArray<{ before: string[]; flag: string; duration?: true; after?: string[] }> = [
  { before: ['status'], flag: '--settings' },
  { before: ['status'], flag: '--expiring-within', duration: true },
  { before: ['get', 'anthropic'], flag: '--profile' },
  { before: ['aws-credential-process'], flag: '--profile' },
  { before: ['exec'], flag: '--target', after: ['--', 'true'] },
  { before: ['exec'], flag: '--min-validity', duration: true, after: ['--', 'true'] },
  { before: ['login'], flag: '--provider' },
  { before: ['login'], flag: '--profile' },
  { before: ['paste-token'], flag: '--provider' },
  { before: ['paste-token'], flag: '--profile' },
  { before: ['paste-token'], flag: '--expires-in', duration: true },
  { before: ['logout'], flag: '--provider' },
  { before: ['logout'], flag: '--profile' },
  { before: ['auth', 'order', 'get'], flag: '--provider' },
  { before: ['exec', '--proxy'], flag: '--proxy-log', after: ['--', 'true'] },
  { before: ['proxy'], flag: '--target' },
  { before: ['proxy'], flag: '--port' },
  { before: ['proxy'], flag: '--log' },
  { before: ['store', 'migrate'], flag: '--to' },
];

describe('a value option followed by a dashed word', () => {
  it('the table lists every option of the CLI that takes a value', () => {
    const source = readFileSync(new URL('../../src/cli/main.ts', import.meta.url), 'utf8');
    const declared = source.match(/\.option\(\s*'--[a-z-]+ <[a-z]+>'/g) ?? [];
    expect(declared.length).toBe(VALUE_OPTIONS.length);
  });

  it.each(VALUE_OPTIONS.flatMap((row) => ['-1h', '-x', '--json'].map((value) => ({ ...row, value }))))(
    '$before.0 $flag $value: a usage error naming the option and its form',
    ({ before, flag, duration, after = [], value }) => {
      const parsed = parseCommandLine([...before, flag, value, ...after]);
      expect(parsed.kind).toBe('usage');
      const message = parsed.kind === 'usage' ? parsed.message : '';
      expect(message).toContain(flag);
      expect(message).toContain(JSON.stringify(value).slice(1, -1));
      expect(message).toContain(duration === true ? DURATION_FORMS : 'needs a value');
      if (duration !== true) expect(message).toContain(`${flag}=${value}`);
    },
  );

  it('a value written with = is taken as it is; words after -- are the command', () => {
    const run = parseCommandLine(['exec', '--min-validity', '8h', '--', 'sh', '-c', 'echo --target -x']);
    expect(run.kind).toBe('run');
    const negative = parseCommandLine(['exec', '--min-validity=-1h', '--', 'true']);
    expect(negative.kind).toBe('run'); // the exec task itself refuses it (parseDurationFlag)
  });

  it('the built CLI: `exec --min-validity -1h -- cmd` exits 64 before anything runs, no help on stdout', () => {
    const { env } = cliHome({ ANTHROPIC_API_KEY: 'sk-ant-test-dashed-0001' });
    const marker = join(scratchDir(), 'ran');
    const result = cli(['exec', '--min-validity', '-1h', '--', 'touch', marker], { env });
    expect(result.code).toBe(64);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('expected --min-validity to be a number with a unit (30s, 15m, 24h or 30d)');
    expect(result.stderr).toContain('a duration is never negative');
    expect(existsSync(marker)).toBe(false);
    expect(result.stderr).not.toContain('sk-ant-test-dashed-0001');
  });
});
