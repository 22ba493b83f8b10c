/** The units a duration flag accepts, with their length in ms. */
const UNITS_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The forms every duration flag accepts, as shown in its usage error. */
export const DURATION_FORMS = '30s, 15m, 24h or 30d';

/**
 * Parses a duration flag (`--expiring-within`, `--expires-in`): digits and a unit (`ms`, `s`,
 * `m`, `h`, `d`). A bare number is refused: `--expires-in 2` meant 2 ms, which nobody means.
 * Returns the milliseconds, or a usage problem naming the flag and the accepted forms.
 */
export function parseDurationFlag(flag: string, text: unknown): { ms: number } | { usageError: string } {
  const match = /^(\d{1,9})(ms|s|m|h|d)$/.exec(String(text).trim());
  if (match === null) {
    const bare = /^\d+$/.exec(String(text).trim())?.[0];
    return {
      usageError:
        `expected ${flag} to be a number with a unit (${DURATION_FORMS}), got ${JSON.stringify(String(text))}` +
        (bare === undefined ? '' : `: a bare number has no unit (write ${bare}m, ${bare}h or ${bare}d)`),
    };
  }
  return { ms: Number(match[1]) * (UNITS_MS[match[2] ?? 'ms'] ?? 1) };
}
