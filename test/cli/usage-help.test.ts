import { describe, expect, it, vi } from 'vitest';
import { cli, cliHome } from '../support/cli.js';
import { isolateTests } from '../support/isolation.js';

// A newcomer's transcript: wrong command lines, then `--help`. The built CLI in a temp HOME.

isolateTests();
vi.setConfig({ testTimeout: 120_000 });
const KEY = 'sk-ant-test-usage-canary-0001';

/** A wrong command line, and what the message must show: the form to type. */
const WRONG: Array<{ argv: string[]; says: string[] }> = [
  // exec without `--`: the corrected command line, ready to copy.
  { argv: ['exec', 'echo', 'hi'], says: ['credhelper exec -- echo hi'] },
  { argv: ['exec', 'claude', '-p', 'say hi'], says: ["credhelper exec -- claude -p 'say hi'"] },
  {
    argv: ['exec', '--target', 'bedrock', 'aws', 's3', 'ls'],
    says: ['credhelper exec --target bedrock -- aws s3 ls'],
  },
  { argv: ['exec'], says: ['credhelper exec -- claude', 'usage: credhelper exec [--target <target>]... -- <command>'] },
  { argv: ['exec', '--'], says: ['usage: credhelper exec [--target <target>]... -- <command>'] },
  // A missing argument: which one, and the command's form.
  { argv: ['get'], says: ['needs <target>', 'usage: credhelper get <target> [--json] [--profile <name>]'] },
  { argv: ['explain'], says: ['needs <target>', 'usage: credhelper explain <target>'] },
  { argv: ['cache'], says: ['needs <action>', 'usage: credhelper cache <action>', 'credhelper cache --help'] },
  { argv: ['import'], says: ['needs <file>', 'usage: credhelper import <file>'] },
  { argv: ['auth'], says: ['usage: credhelper auth order get|set|clear --provider <id>'] },
  // An unknown option: named, with the command's usage line.
  {
    argv: ['status', '--chek'],
    says: [
      'unknown option `--chek` for `credhelper status`',
      'usage: credhelper status [--json] [--check] [--expiring-within <duration>] [--refresh]',
      'credhelper status --help',
    ],
  },
  { argv: ['get', 'anthropic', '--raw'], says: ['unknown option `--raw`', 'usage: credhelper get <target>'] },
  // An option without its value.
  {
    argv: ['exec', '--target'],
    says: ['`--target` needs a value: --target <target>', 'usage: credhelper exec'],
  },
  { argv: ['login', '--provider'], says: ['--provider <id>', 'usage: credhelper login [provider]'] },
  // Too many arguments.
  { argv: ['list', 'everything'], says: ['takes no arguments', 'usage: credhelper list [--json]'] },
  { argv: ['get', 'anthropic', 'bedrock'], says: ['takes 1 argument (<target>)', 'usage: credhelper get <target>'] },
  // Found by the command itself, after parsing: still with the form.
  { argv: ['cache', 'wipe'], says: ['expected `cache clear`', 'usage: credhelper cache <action>'] },
  { argv: ['paste-token'], says: ['--provider', 'usage: credhelper paste-token [--provider <id>]'] },
  { argv: ['status', '--expiring-within', 'soon'], says: ['usage: credhelper status'] },
  // No command, or an unknown one: the commands, and where the examples are.
  { argv: ['frobnicate'], says: ["unknown command 'frobnicate'", 'status, get, explain', 'credhelper --help'] },
  { argv: ['--chek'], says: ['expected a command', 'usage: credhelper <command> [options]'] },
];

describe('usage errors say what to type', () => {
  it.each(WRONG)('credhelper $argv: exit 64, the right form on stderr, nothing on stdout', ({ argv, says }) => {
    const { env } = cliHome({ ANTHROPIC_API_KEY: KEY });
    const result = cli(argv, { env });
    expect(result.code).toBe(64);
    expect(result.stdout).toBe('');
    for (const text of says) expect(result.stderr).toContain(text);
    expect(result.stderr).not.toContain(KEY);
  });

  it('a key pasted where the command goes is not echoed in the corrected command line', () => {
    const { env } = cliHome();
    const result = cli(['exec', 'curl', '-H', `x-api-key: ${KEY}`], { env });
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('credhelper exec -- curl -H');
    expect(result.stderr).not.toContain(KEY);
  });
});

describe('--help', () => {
  it('the top-level help lists --version, every command and examples', () => {
    const { env } = cliHome();
    const help = cli(['--help'], { env });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('-v, --version');
    expect(help.stdout).toMatch(/\nExamples:\n {2}credhelper status\n/);
    expect(help.stdout).toContain('credhelper exec -- claude');
    expect(cli(['-v'], { env }).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(cli(['status', '--version'], { env }).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('every command has examples and shows its whole form; `credhelper help <command>` is the same', () => {
    const { env } = cliHome();
    const top = cli(['--help'], { env }).stdout;
    // Every command the top-level help offers, so that a command added later is covered too.
    const commands = [...top.matchAll(/^ {2}\$ credhelper (\S+) --help$/gm)].map((match) => match[1] ?? '');
    expect(commands).toEqual(expect.arrayContaining(['status', 'exec', 'trust', 'list', 'logout', 'auth']));
    expect(commands.length).toBeGreaterThanOrEqual(13);
    for (const command of commands) {
      const help = cli([command, '--help'], { env });
      expect(help.code, command).toBe(0);
      expect(help.stdout, command).toMatch(new RegExp(`\\nExamples:\\n {2}(\\S.*)?credhelper ${command}\\b`));
      expect(help.stdout, command).toMatch(new RegExp(`\\$ credhelper ${command}( |\\n)`));
    }
    expect(cli(['exec', '--help'], { env }).stdout).toContain('$ credhelper exec [--target <target>]... -- <command>');
    expect(cli(['help', 'list'], { env }).stdout).toBe(cli(['list', '--help'], { env }).stdout);
  });
});
