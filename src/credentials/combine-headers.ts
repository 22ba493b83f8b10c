/** Headers whose value is a comma-separated list: the credential's values join the caller's. */
const LIST_HEADERS = new Set(['anthropic-beta']);

/**
 * The caller's headers (lower-case names) with `credentialHeaders` added: a credential header
 * replaces the caller's, except list headers such as `anthropic-beta`, whose values are combined
 * (the caller's first, each flag once), so that an OAuth credential's beta flag does not drop the
 * caller's.
 */
export function combineHeaders(
  callerHeaders: Readonly<Record<string, string>>,
  credentialHeaders: Readonly<Record<string, string>>,
): Record<string, string> {
  const combined: Record<string, string> = { ...callerHeaders };
  for (const [name, value] of Object.entries(credentialHeaders)) {
    const existing = combined[name];
    if (!LIST_HEADERS.has(name) || existing === undefined) {
      combined[name] = value;
      continue;
    }
    const flags: string[] = [];
    for (const flag of `${existing},${value}`.split(',')) {
      const trimmed = flag.trim();
      if (trimmed !== '' && !flags.includes(trimmed)) flags.push(trimmed);
    }
    combined[name] = flags.join(',');
  }
  return combined;
}
