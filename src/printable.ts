const NAMED: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * The format characters (`\p{Cf}`: bidi overrides, zero-width ones…) and the line and paragraph
 * separators (`\p{Zl}`, `\p{Zp}`) of Unicode 17 (Node 20.20's), as the body of a regex character
 * class (flag `u`). Written out because a class of Unicode properties makes V8 build ICU sets the
 * first time the regex runs, ~0.15 ms each, on every CLI start (issue #21).
 * test/printable.test.ts compares it with the property escapes of the Node that runs the tests.
 */
export const FORMAT_AND_SEPARATOR_CLASS =
  String.raw`\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u2028-\u202e` +
  String.raw`\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\u{110bd}\u{110cd}\u{13430}-\u{1343f}` +
  String.raw`\u{1bca0}-\u{1bca3}\u{1d173}-\u{1d17a}\u{e0001}\u{e0020}-\u{e007f}`;

/** Control characters (`\p{Cc}`: C0, DEL, C1), as the body of a character class. */
const CONTROL_CLASS = String.raw`\u0000-\u001f\u007f-\u009f`;
/** Control (C0, DEL, C1), format (bidi overrides, zero-width) and line/paragraph separator characters. */
const UNPRINTABLE = new RegExp(`[${CONTROL_CLASS}${FORMAT_AND_SEPARATOR_CLASS}]`, 'gu');
/** The same, except `\n`. */
const UNPRINTABLE_BUT_NEWLINE = new RegExp(String.raw`(?!\n)[${CONTROL_CLASS}${FORMAT_AND_SEPARATOR_CLASS}]`, 'gu');

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
