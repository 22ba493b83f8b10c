import { credentialTextProblem } from '../../credential-text-problem.js';
import { CredentialHelperError } from '../../errors.js';
import { NotOwnedError, readCheckedFile } from '../../files/owned-paths.js';
import { isRecord } from '../../is-record.js';
import { plural } from '../../plural.js';
import { printable } from '../../printable.js';
import { wellknownVariableProblem } from '../../providers/wellknown-variable.js';
import { parseEntryId } from '../../store/auth-entries.js';
import { putEntry, releaseReplaced } from '../../store/put-entry.js';
import type { GlobalOptions } from '../cli-context.js';
import { backendWhere, newEntryBackend, plaintextNote } from '../new-entry-backend.js';
import { storeContext } from '../store-context.js';
import type { CommandResult } from './command-result.js';

/** A `wellknown` entry that would hand its token over as NODE_OPTIONS & co. refuses the whole file (nothing is imported). */
function refuseWellknown(file: string, id: string, variable: string): void {
  const provider = parseEntryId(id)?.provider ?? id;
  const problem = wellknownVariableProblem(provider, variable);
  if (problem === undefined) return;
  throw new CredentialHelperError(
    'STORE_CORRUPT',
    `entry "${id}" of ${file} ${problem}; nothing was imported. Fix: remove that entry from the file (or let it name the provider's own key variable), then import again.`,
    { setting: file },
  );
}

/**
 * `credhelper import FILE [--overwrite]`: copies the entries of opencode's or pi's `auth.json`
 * (pi's `api_key` becomes `api`) into credhelper's store. Entries already stored are kept unless
 * `--overwrite`; malformed entries are skipped and named (never shown); a `wellknown` entry that
 * names a variable it may not (see `wellknownVariableProblem`) refuses the whole file. The source file is only read.
 */
/** Why a secret field of an imported entry is not a bare credential, or `undefined` when none is. */
function importedSecretProblem(entry: Record<string, unknown>): string | undefined {
  const fields = entry.type === 'wellknown' ? ['token'] : ['key', 'token', 'access', 'refresh'];
  for (const field of fields) {
    const value = entry[field];
    if (typeof value !== 'string') continue;
    const problem = credentialTextProblem(value);
    if (problem !== undefined) return `its ${field} is not a bare credential: ${problem}`;
  }
  return undefined;
}

export async function importStore(
  globals: GlobalOptions,
  file: string,
  options: { overwrite?: boolean },
): Promise<CommandResult> {
  let json: unknown;
  try {
    json = JSON.parse(readCheckedFile(file, { owner: 'any' }));
  } catch (error) {
    if (error instanceof NotOwnedError) {
      throw new CredentialHelperError('STORE_CORRUPT', `${file} ${error.problem}; nothing was imported`, {
        setting: file,
      });
    }
    const code = (error as { code?: string }).code;
    throw new CredentialHelperError(
      'STORE_CORRUPT',
      code === undefined
        ? `${file} is not valid JSON; nothing was imported`
        : `cannot read ${file} (${code}); nothing was imported. Fix: name opencode's or pi's auth.json ` +
            '(e.g. ~/.local/share/opencode/auth.json)',
      { setting: file },
    );
  }
  if (!isRecord(json)) {
    throw new CredentialHelperError('STORE_CORRUPT', `${file} is not a JSON object of credentials`, { setting: file });
  }
  const { importedEntrySchema } = await import('../../schemas/auth-file.js');
  const accepted: Record<string, unknown> = {};
  const skipped: Array<{ id: string; reason: string }> = [];
  for (const [id, value] of Object.entries(json)) {
    if (parseEntryId(id) === undefined) {
      skipped.push({ id, reason: 'not a provider id' });
      continue;
    }
    const parsed = importedEntrySchema.safeParse(value);
    if (parsed.success && parsed.data.type === 'wellknown') refuseWellknown(file, id, parsed.data.key);
    // The one rule for every way a key enters (as login, paste-token and helper output): never the value in the reason.
    const problem = parsed.success ? importedSecretProblem(parsed.data) : undefined;
    if (problem !== undefined) skipped.push({ id, reason: problem });
    else if (parsed.success) accepted[id] = parsed.data;
    else
      skipped.push({
        id,
        reason: `malformed (${parsed.error.issues.map((i) => i.path.join('.') || 'type').join(', ')})`,
      });
  }
  const context = await storeContext(globals);
  const backend = await newEntryBackend(context);
  const replaced: Array<[unknown, unknown]> = [];
  const { imported, kept } = await context.store.update(async (data) => {
    const imported: string[] = [];
    const kept: string[] = [];
    for (const [id, entry] of Object.entries(accepted)) {
      if (Object.hasOwn(data, id) && options.overwrite !== true) kept.push(id);
      else {
        // A keychain item that cannot be written stops the import before auth.json changes.
        replaced.push([
          await putEntry(data, id, entry as Record<string, unknown>, backend, context.store.path),
          data[id],
        ]);
        imported.push(id);
      }
    }
    return { imported, kept };
  });
  const notes: string[] = [];
  for (const [previous, current] of replaced) {
    const note = await releaseReplaced(previous, current, context.env, context.store);
    if (note !== undefined) notes.push(`note: ${note}`);
  }
  const plaintext = imported.length === 0 ? undefined : await plaintextNote(context, backend);
  if (plaintext !== undefined) notes.push(`note: ${plaintext}`);
  return {
    data: { file: context.store.path, store: backend.kind, imported, kept, skipped },
    lines: [
      `imported ${plural(imported.length, 'entry', 'entries')} into ${backendWhere(backend, context.store.path)}${imported.length > 0 ? `: ${imported.join(', ')}` : ''}`,
      ...notes,
      ...(kept.length > 0 ? [`kept the stored ${kept.join(', ')} (pass --overwrite to replace)`] : []),
      ...skipped.map((s) => `skipped ${printable(s.id)}: ${s.reason}`),
    ],
  };
}
