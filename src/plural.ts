/**
 * `count` and the noun in the form that count takes: `plural(1, 'byte')` is `1 byte`,
 * `plural(2, 'byte')` is `2 bytes`, `plural(3, 'entry', 'entries')` is `3 entries`. Every count
 * credhelper prints goes through here (no "printed 1 bytes").
 */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
