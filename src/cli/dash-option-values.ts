/** The options whose value may be `-` (stderr): `exec --proxy-log -`, `proxy --log -`. */
export const DASH_VALUE_OPTIONS: readonly string[] = ['--proxy-log', '--log'];

/**
 * `argv` with `--opt -` joined into `--opt=-` for each of `options`, before the first `--`: the
 * argv parser reads a lone `-` as no value, so the documented "`-` for stderr" needed the `=` form.
 */
export function joinDashOptionValues(argv: readonly string[], options = DASH_VALUE_OPTIONS): string[] {
  const joined: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    if (arg === '--') {
      joined.push(...argv.slice(index));
      break;
    }
    if (options.includes(arg) && argv[index + 1] === '-') {
      joined.push(`${arg}=-`);
      index++;
      continue;
    }
    joined.push(arg);
  }
  return joined;
}
