import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMMAND_NAMES, type ParsedCommandLine, parseCommandLine } from '../../src/cli/main.js';

// Issue #21: a command line that starts with a command's name defines that command alone (cac
// parsed the arguments once per defined command). After a global option every command is defined,
// as before: the two must read every command line the same way.
const everyCommand = (argv: string[]) => parseCommandLine(['--claude', ...argv]);

/** What parsing `argv` gives, with the help cac prints while it parses (`--help`), comparable across the two. */
function outcome(parse: (argv: string[]) => ParsedCommandLine, argv: string[]): unknown {
  const printed: string[] = [];
  vi.spyOn(console, 'info').mockImplementation((text: unknown) => void printed.push(String(text)));
  const parsed = parse(argv);
  vi.restoreAllMocks();
  if (parsed.kind === 'run') return { kind: 'run', json: parsed.json, usage: parsed.usage, printed };
  // A message that quotes the command line quotes the `--claude` put in front of it.
  if (parsed.kind === 'usage') {
    return { kind: 'usage', message: parsed.message.replace('credhelper --claude ', 'credhelper '), printed };
  }
  return { kind: parsed.kind, printed };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the command named first is the only one defined (issue #21)', () => {
  it('COMMAND_NAMES lists every command, in the order of the help', () => {
    const unknown = parseCommandLine(['no-such-command']);
    expect(unknown.kind).toBe('usage');
    expect(unknown.kind === 'usage' && unknown.message).toContain(`(commands: ${COMMAND_NAMES.join(', ')})`);
  });

  it.each(COMMAND_NAMES)('%s: help, usage errors and runs read the same as with every command defined', (name) => {
    for (const rest of [
      ['--help'],
      ['-h'],
      ['--bogus-option'],
      [],
      ['anthropic'],
      ['anthropic', 'extra', 'words'],
      ['--json'],
      ['--min-validity', '-1h'],
      ['--profile'],
      ['--', 'true'],
      ['clear', '--json'],
      ['migrate', '--to', 'file'],
    ]) {
      const argv = [name, ...rest];
      expect(outcome(parseCommandLine, argv), argv.join(' ')).toEqual(outcome(everyCommand, argv));
    }
  });

  it('an alias or a command after an option still finds the command among all of them', () => {
    expect(parseCommandLine(['ls', '--json']).kind).toBe('run');
    expect(parseCommandLine(['--settings', 'x.json', 'get', 'anthropic']).kind).toBe('run');
  });
});
