const NAMED: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** Control (C0, DEL, C1), format (bidi overrides, zero-width) and line/paragraph separator characters. */
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
/** The same, except `\n`. */
const UNPRINTABLE_BUT_NEWLINE = /(?!\n)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

function escaped(char: string): string {
  const named = NAMED[char];
  if (named !== undefined) return named;
  const code = char.codePointAt(0) ?? 0;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/**
 * `text` with every character escaped that could change how a terminal shows it, so that a name or
 * value read from a file (a settings key, a provider id, a path, a command) cannot move the cursor,
 * erase a line, recolour the screen or reorder what is shown: C0 controls, DEL and C1 controls become
 * `\xNN` (`\t`, `\n`, `\r` by name); bidi overrides, zero-width characters and Unicode line separators
 * become `\u{NNNN}`. With `keepNewlines`, `\n` is kept (for multi-line output that credhelper itself
 * assembled). Everything else, backslashes included, is returned unchanged.
 */
export function printable(text: string, options: { keepNewlines?: boolean } = {}): string {
  return text.replace(options.keepNewlines === true ? UNPRINTABLE_BUT_NEWLINE : UNPRINTABLE, escaped);
}
