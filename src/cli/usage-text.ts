import type { Command } from 'cac';
import { plural } from '../plural.js';

type CommandOption = Command['options'][number];

/** Options every command takes (set on cac's global command): left out of each command's usage line. */
const OMITTED_OPTIONS: ReadonlySet<string> = new Set(['help', 'settings', 'claude', 'version']);

/** `--profile <name>` → `[--profile <name>]`. */
function optionForm(option: CommandOption): string {
  const long = option.rawName.split(/,\s*/).find((name) => name.startsWith('--')) ?? option.rawName;
  return `[${long}]`;
}

/**
 * The form a command is typed in, as one line without the program name: its arguments, then its
 * own options (the global `--settings`/`--claude` are in `--help`), e.g.
 * `get <target> [--json] [--profile <name>]`. A command that set `.usage()` keeps its own text.
 */
export function usageLine(command: Command): string {
  if (command.usageText !== undefined) return command.usageText;
  const options = command.options.filter((option) => !OMITTED_OPTIONS.has(option.name)).map(optionForm);
  return [command.rawName, ...options].join(' ');
}

/**
 * The lines a usage error ends with: the right form of the command (or of any command), and where
 * the examples are.
 */
export function usageFooter(command: Command | undefined): string {
  if (command === undefined) return 'usage: credhelper <command> [options]\n(commands and examples: credhelper --help)';
  return `usage: credhelper ${usageLine(command)}\n(options and examples: credhelper ${command.name} --help)`;
}

/** `value` as a shell word: as it is when nothing in it is special to a shell, else single-quoted. */
function shellWord(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/** `exec`'s own options that take a value (everything else before the command is a flag). */
const EXEC_VALUE_OPTIONS: ReadonlySet<string> = new Set(['--target', '--settings', '--min-validity']);
const EXEC_FLAGS: ReadonlySet<string> = new Set(['--claude']);

/**
 * What `credhelper exec …` should have been when the command was given without `--`
 * (`credhelper exec claude -p hi` → `credhelper exec -- claude -p hi`): exec's own options stay in
 * front, the first other word and everything after it go behind `--`. Undefined when `argv`
 * already has `--` or no command word.
 */
export function execWithDoubleDash(argv: readonly string[]): string | undefined {
  const start = argv.indexOf('exec');
  if (start === -1 || argv.includes('--')) return undefined;
  const own: string[] = [];
  let i = start + 1;
  while (i < argv.length) {
    const word = argv[i] ?? '';
    const name = word.split('=', 1)[0] ?? word;
    if (EXEC_VALUE_OPTIONS.has(name)) {
      const takesNext = !word.includes('=') && i + 1 < argv.length;
      own.push(...argv.slice(i, takesNext ? i + 2 : i + 1));
      i += takesNext ? 2 : 1;
    } else if (EXEC_FLAGS.has(word)) {
      own.push(word);
      i++;
    } else break;
  }
  const command = argv.slice(i);
  if (command.length === 0) return undefined;
  return ['credhelper', ...argv.slice(0, start), 'exec', ...own, '--', ...command].map(shellWord).join(' ');
}

/**
 * cac's error messages in credhelper's words, naming what was wrong and what was expected
 * (`command` is the matched command, if any; `argv` the command line without the program).
 */
export function usageProblem(message: string, command: Command | undefined, argv: readonly string[]): string {
  if (command?.name === 'exec') {
    const corrected = execWithDoubleDash(argv);
    if (corrected !== undefined) return `exec runs the command given after \`--\`; type: ${corrected}`;
  }
  const unknown = /^Unknown option `(.+)`$/.exec(message);
  if (unknown !== null) {
    return command === undefined
      ? `unknown option \`${unknown[1]}\``
      : `unknown option \`${unknown[1]}\` for \`credhelper ${command.name}\``;
  }
  const valueMissing = /^option `(.+)` value is missing$/.exec(message);
  if (valueMissing !== null) {
    const form = valueMissing[1] ?? '';
    return `option \`${form.split(' ')[0]}\` needs a value: ${form}`;
  }
  if (command !== undefined && /^missing required args/.test(message)) {
    const required = command.args.filter((arg) => arg.required).map((arg) => `<${arg.value}>`);
    return `\`credhelper ${command.name}\` needs ${required.join(' ')}`;
  }
  const unused = /^Unused args: (.+)$/.exec(message);
  if (unused !== null && command !== undefined) {
    const forms = command.args.map((arg) => (arg.required ? `<${arg.value}>` : `[${arg.value}]`));
    const takes = forms.length === 0 ? 'no arguments' : `${plural(forms.length, 'argument')} (${forms.join(' ')})`;
    return `\`credhelper ${command.name}\` takes ${takes}; unexpected ${unused[1]}`;
  }
  return message;
}
