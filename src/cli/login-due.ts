/**
 * `status`'s words for a `humanActionBy` deadline `inMs` from now: `now`, `in 40 min`, `in 5 h`,
 * `in 3 d`.
 */
export function loginDueText(inMs: number): string {
  if (inMs <= 0) return 'now';
  const minutes = Math.round(inMs / 60_000);
  if (minutes < 120) return `in ${minutes} min`;
  const hours = Math.round(inMs / 3_600_000);
  if (hours < 72) return `in ${hours} h`;
  return `in ${Math.round(inMs / 86_400_000)} d`;
}
