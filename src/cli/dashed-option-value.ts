import type { Command } from 'cac';
import { DURATION_FORMS } from './parse-duration.js';

type CommandOption = Command['options'][number];

/** `--min-validity <duration>` → `--min-validity`; undefined for an option that takes no value. */
function valueOptionName(option: CommandOption): string | undefined {
  if (option.isBoolean === true || !/[<[]/.test(option.rawName)) return undefined;
  return option.rawName.split(/[\s,]+/).find((name) => name.startsWith('--'));
}

/**
 * A value option followed by a word that starts with `-` (`--min-validity -1h`): the argv parser
 * reads that word as flags (`-1h` is `-1 -h`, and `-h` printed the help and exited 0 without running
 * anything). Returns the usage problem for the first such option before `--`, naming the option and
 * the accepted form; a duration option says the duration forms (a duration is never negative).
 * `options` are the matched command's and the global ones.
 */
export function dashedOptionValue(argv: readonly string[], options: readonly CommandOption[]): string | undefined {
  const takesValue = new Map<string, CommandOption>();
  for (const option of options) {
    const name = valueOptionName(option);
    if (name !== undefined) takesValue.set(name, option);
  }
  const end = argv.includes('--') ? argv.indexOf('--') : argv.length;
  for (let i = 0; i < end - 1; i++) {
    const option = takesValue.get(argv[i] ?? '');
    const next = argv[i + 1] ?? '';
    if (option === undefined || !next.startsWith('-') || next.length < 2) continue;
    const flag = argv[i] ?? '';
    if (/<duration>/.test(option.rawName)) {
      const negative = /^-\d/.test(next) ? ': a duration is never negative' : '';
      return `expected ${flag} to be a number with a unit (${DURATION_FORMS}), got ${JSON.stringify(next)}${negative}`;
    }
    const form = option.rawName.split(',').pop()?.trim() ?? flag;
    return `option \`${flag}\` needs a value: ${form} (got \`${next}\`, which reads as an option; a value that starts with - is written ${flag}=${next})`;
  }
  return undefined;
}
