import { SharedStore } from '../../cache/shared-store.js';
import type { CredentialTarget } from '../../credentials/create-credential-helper.js';
import { isCredentialHelperError } from '../../errors.js';
import { entryIds, parseEntryId, rawType } from '../../store/auth-entries.js';
import { AuthStore } from '../../store/auth-store.js';
import { authFilePath } from '../../store/data-dir.js';
import { type CliContext, cliContext, cliSharedCacheDir, type GlobalOptions } from '../cli-context.js';
import { EXIT } from '../exit-codes.js';
import { parseDurationFlag } from '../parse-duration.js';
import { formatTable } from '../render.js';
import { type CredentialFacts, factsOf, resolveTarget } from '../resolve-target.js';
import { type SettingsFilesReport, settingsFilesLines, settingsFilesReport } from '../settings-files-report.js';
import { providerAllowed } from '../store-context.js';
import { CLI_TARGETS, looksConfigured } from '../targets.js';
import type { CommandResult } from './command-result.js';

/** One stored OAuth token or pasted token in `credhelper status`. Never holds a secret. */
export interface StoredRow {
  id: string;
  type: string;
  ok: boolean;
  source?: string;
  expiresAt?: string;
  expiresInMs?: number;
  problem?: string;
  code?: string;
}

/**
 * The stored tokens that can expire (OAuth, pasted tokens), each resolved as an agent would
 * (an OAuth token near expiry is refreshed now: that is the only way to know it still works).
 */
async function storedRows(context: CliContext): Promise<StoredRow[]> {
  const store = new AuthStore(authFilePath(context.env));
  let data: Record<string, unknown>;
  try {
    data = store.read();
  } catch (error) {
    const code = isCredentialHelperError(error) ? error.code : 'UNKNOWN';
    return [
      {
        id: store.path,
        type: 'file',
        ok: false,
        code,
        problem: String((error as Error).message).replace(/^\[credhelper\] /, ''),
      },
    ];
  }
  const rows: StoredRow[] = [];
  for (const id of entryIds(data)) {
    const type = rawType(data[id]);
    const parsed = parseEntryId(id);
    if ((type !== 'oauth' && type !== 'token' && type !== 'wellknown') || parsed === undefined) continue;
    if (providerAllowed(context.loaded, parsed.provider) !== undefined) continue;
    try {
      const credential = await context.creds.provider(parsed.provider, { profile: parsed.profile ?? 'default' });
      const row: StoredRow = { id, type, ok: true, source: credential.source };
      if (credential.expiresAt !== undefined) {
        row.expiresAt = credential.expiresAt.toISOString();
        row.expiresInMs = credential.expiresAt.getTime() - Date.now();
      }
      rows.push(row);
    } catch (error) {
      const code = isCredentialHelperError(error) ? error.code : 'UNKNOWN';
      const message = isCredentialHelperError(error)
        ? error.message.replace(/^\[credhelper\] /, '')
        : 'unexpected error';
      rows.push({ id, type, ok: false, code, problem: message });
    }
  }
  return rows;
}

/** One row of `credhelper status`. Never holds a secret. */
export interface StatusRow extends Partial<CredentialFacts> {
  target: CredentialTarget;
  configured: boolean;
  ok: boolean;
  /** ms until `expiresAt`, when known. */
  expiresInMs?: number;
  /** What is wrong, when `ok` is false (or the credential expires soon). */
  problem?: string;
  code?: string;
}

async function rowOf(context: CliContext, target: CredentialTarget): Promise<StatusRow> {
  if (!looksConfigured(target, context.env, context.loaded)) {
    return { target, configured: false, ok: false, problem: 'not configured' };
  }
  try {
    const facts = factsOf(await resolveTarget(context.creds, target));
    const row: StatusRow = { ...facts, configured: true, ok: true };
    if (facts.expiresAt !== undefined) row.expiresInMs = Date.parse(facts.expiresAt) - Date.now();
    return row;
  } catch (error) {
    const code = isCredentialHelperError(error) ? error.code : 'UNKNOWN';
    const message = isCredentialHelperError(error) ? error.message.replace(/^\[credhelper\] /, '') : 'unexpected error';
    const configured = code !== 'CREDENTIALS_NOT_FOUND' || target !== 'anthropic';
    return { target, configured, ok: false, code, problem: configured ? message : 'not configured' };
  }
}

/**
 * `credhelper status`: one row per target, then one per stored OAuth or pasted token. With `check`,
 * the exit code says whether every configured target and stored token is usable (0), one is
 * missing, expired or failing (1, also when nothing is configured at all), or one expires within
 * `expiringWithinMs` (2). Refresh commands run only with `refresh`; stored OAuth tokens near
 * expiry are refreshed (a token request, never a browser).
 */
export async function status(
  globals: GlobalOptions,
  options: { check?: boolean; refresh?: boolean; expiringWithin?: string },
): Promise<
  CommandResult<{
    targets: StatusRow[];
    stored: StoredRow[];
    cacheDir: string | null;
    cacheProblem?: string;
    settingsFiles: SettingsFilesReport;
  }>
> {
  const parsedWithin = parseDurationFlag('--expiring-within', options.expiringWithin ?? '24h');
  if ('usageError' in parsedWithin) return parsedWithin;
  const within = parsedWithin.ms;
  const context = await cliContext(globals, { refresh: options.refresh === true });
  const rows = await Promise.all(CLI_TARGETS.map((target) => rowOf(context, target)));
  const stored = await storedRows(context);
  for (const row of [...rows, ...stored]) {
    if (row.ok && row.expiresInMs !== undefined && row.expiresInMs <= within) {
      row.problem = `expires in ${Math.max(0, Math.round(row.expiresInMs / 60_000))} min`;
    }
  }
  const configured = [...rows.filter((row) => row.configured), ...stored];
  let exitCode: number = EXIT.OK;
  if (options.check === true) {
    if (configured.length === 0 || configured.some((row) => !row.ok)) exitCode = EXIT.CREDENTIALS;
    else if (configured.some((row) => row.problem !== undefined)) exitCode = EXIT.EXPIRING;
  }
  const storedTable =
    stored.length === 0
      ? []
      : [
          '',
          formatTable([
            ['STORED', 'STATUS', 'TYPE', 'EXPIRES', 'PROBLEM'],
            ...stored.map((row) => [
              row.id,
              row.ok ? (row.problem === undefined ? 'ok' : 'expiring') : 'error',
              row.type,
              row.expiresAt ?? '-',
              row.problem ?? '',
            ]),
          ]),
        ];
  const human = [
    ['TARGET', 'STATUS', 'SOURCE', 'TYPE', 'EXPIRES', 'PROBLEM'],
    ...rows.map((row) => [
      row.target,
      !row.configured ? '-' : row.ok ? (row.problem === undefined ? 'ok' : 'expiring') : 'error',
      row.source ?? '-',
      row.type ?? '-',
      row.expiresAt ?? '-',
      row.problem ?? '',
    ]),
  ];
  const report = settingsFilesReport(context.loaded);
  const cacheDir = cliSharedCacheDir(context.env) ?? null;
  // A directory another user made (or opened up) is not used: say so once, here.
  const cacheProblem = cacheDir === null ? undefined : new SharedStore(cacheDir).problem();
  const cacheLine =
    cacheDir === null
      ? 'off (CREDHELPER_SHARED_CACHE=0)'
      : cacheProblem === undefined
        ? cacheDir
        : `off: ${cacheDir} ${cacheProblem}, so each process resolves on its own. Fix: remove it, or set CREDHELPER_CACHE_DIR to a directory of your own`;
  return {
    data: {
      targets: rows,
      stored,
      cacheDir,
      ...(cacheProblem === undefined ? {} : { cacheProblem }),
      settingsFiles: report,
    },
    lines: [formatTable(human), ...storedTable, '', ...settingsFilesLines(report), `shared cache: ${cacheLine}`],
    exitCode,
  };
}
