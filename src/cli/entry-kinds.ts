/** How each kind of stored entry is named in messages. */
const KIND_NAMES: Readonly<Record<string, string>> = {
  api: 'an API key (api, from `login`)',
  token: 'a pasted token (token, from `paste-token`)',
  oauth: 'an OAuth login (oauth)',
  wellknown: 'a well-known entry (wellknown)',
};

/** `an API key (api, from \`login\`)` for `api`, and so on; an unknown kind by its name. */
export function entryKindName(kind: string): string {
  return KIND_NAMES[kind] ?? `an entry of type ${JSON.stringify(kind)}`;
}

/**
 * Why writing an entry of `kind` over `existing` (its stored type, if any) needs a yes: the
 * message names the entry and both kinds, or `undefined` when nothing of another kind is replaced.
 */
export function replacementQuestion(id: string, existing: string | undefined, kind: string): string | undefined {
  if (existing === undefined || existing === kind) return undefined;
  return `${id} holds ${entryKindName(existing)}; this would replace it with ${entryKindName(kind)}`;
}
