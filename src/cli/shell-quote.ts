import { CredentialHelperError } from '../errors.js';

/** A name a POSIX shell accepts in `export NAME=…`. */
const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `value` as one POSIX shell word that expands to exactly `value`: inside single quotes nothing
 * is special, so only `'` itself needs care (`'` → `'\''`). Works the same in `sh` (dash), `bash`,
 * `zsh` and `ksh`. A NUL byte cannot be held by a shell variable at all: `OUTPUT_INVALID`.
 */
export function shellQuote(value: string): string {
  if (value.includes('\0')) {
    throw new CredentialHelperError(
      'OUTPUT_INVALID',
      'a value to print for a shell contains a NUL byte, which no shell variable can hold',
    );
  }
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * One `export NAME='value'` line per variable, in the object's order, for `eval "$(…)"`. Every
 * value is quoted by {@link shellQuote}, so the output stays inert even for a value that no
 * validation looked at. Throws on a name that is not a shell variable name (a bug, not input).
 */
export function shellExports(variables: Readonly<Record<string, string>>): string[] {
  return Object.entries(variables).map(([name, value]) => {
    if (!SHELL_NAME.test(name)) throw new TypeError(`not a shell variable name: ${JSON.stringify(name)}`);
    return `export ${name}=${shellQuote(value)}`;
  });
}
