import { RefreshFailureLog } from '../../cache/refresh-failure-log.js';
import { SharedStore } from '../../cache/shared-store.js';
import type { CredentialTarget } from '../../credentials/create-credential-helper.js';
import { humanActionBy } from '../../credentials/human-action-by.js';
import { isCredentialHelperError } from '../../errors.js';
import { printable } from '../../printable.js';
import { entryIds, parseEntryId, rawType } from '../../store/auth-entries.js';
import { AuthStore } from '../../store/auth-store.js';
import { authFilePath } from '../../store/data-dir.js';
import { entryBackend, type StoreBackendKind } from '../../store/keychain-ref.js';
import { type CliContext, cliContext, cliSharedCacheDir, type GlobalOptions } from '../cli-context.js';
import { EXIT } from '../exit-codes.js';
import { loginDueText } from '../login-due.js';
import { type NetworkReport, networkLines, networkReport } from '../network-report.js';
import { parseDurationFlag } from '../parse-duration.js';
import { regionOrigin } from '../region-origin.js';
import { formatTable } from '../render.js';
import { type CredentialFacts, factsOf, resolveTarget } from '../resolve-target.js';
import { type SettingsFilesReport, settingsFilesLines, settingsFilesReport } from '../settings-files-report.js';
import { skippedRefreshHint } from '../skipped-refresh-hint.js';
import { providerAllowed } from '../store-context.js';
import { type StoreReport, storeLine, storeReport } from '../store-report.js';
import { inferredTargetNote } from '../target-notes.js';
import { CLI_TARGETS, targetBasis } from '../targets.js';
import { type UnreadDotenvVariable, unreadDotenvNote, unreadDotenvVariables } from '../unread-dotenv.js';
import { untrustedRows } from '../untrusted-rows.js';
import type { CommandResult } from './command-result.js';

/** One stored OAuth token or pasted token in `credhelper status`. Never holds a secret. */
export interface StoredRow {
  id: string;
  type: string;
  /** Where its secret is (from auth.json alone). */
  store?: StoreBackendKind;
  ok: boolean;
  source?: string;
  expiresAt?: string;
  expiresInMs?: number;
  /** When a person must paste a new token (a pasted token's expiry); none for OAuth (it is refreshed). */
  humanActionBy?: string;
  humanActionInMs?: number;
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
      const row: StoredRow = { id, type, store: entryBackend(data[id]), ok: true, source: credential.source };
      if (credential.expiresAt !== undefined) {
        row.expiresAt = credential.expiresAt.toISOString();
        row.expiresInMs = credential.expiresAt.getTime() - Date.now();
        // An OAuth access token is renewed with its refresh token: nobody needs to act.
        if (type !== 'oauth') {
          row.humanActionBy = row.expiresAt;
          row.humanActionInMs = row.expiresInMs;
        }
      }
      rows.push(row);
    } catch (error) {
      const code = isCredentialHelperError(error) ? error.code : 'UNKNOWN';
      const message = isCredentialHelperError(error)
        ? error.message.replace(/^\[credhelper\] /, '')
        : 'unexpected error';
      rows.push({ id, type, store: entryBackend(data[id]), ok: false, code, problem: message });
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
  /**
   * When a person must next act (log in, paste a token) for this credential to keep working, when
   * known (`humanActionBy` of the library): not `expiresAt` of a credential credhelper renews.
   */
  humanActionBy?: string;
  /** ms until `humanActionBy`. */
  humanActionInMs?: number;
  /**
   * Set when the target was only inferred from files or variables that may belong to other work
   * (`~/.aws/config`, `AWS_PROFILE`, an ADC file): what was found. Not set when the user asked for it.
   */
  inferredFrom?: string;
  /** Where `region` came from: `env:AWS_REGION`, `env:CLOUD_ML_REGION`…, or `default` when nothing named one. */
  regionFrom?: string;
  /** An inferred target that did not resolve: a note, not counted by `--check`. */
  note?: boolean;
  /** What is wrong, when `ok` is false (or the credential expires soon). */
  problem?: string;
  code?: string;
}

async function rowOf(context: CliContext, target: CredentialTarget, refresh: boolean): Promise<StatusRow> {
  const basis = targetBasis(target, context.env, context.loaded);
  if (basis === undefined) return { target, configured: false, ok: false, problem: 'not configured' };
  const inferred = basis.kind === 'inferred' ? { inferredFrom: basis.because } : {};
  try {
    const resolved = await resolveTarget(context.creds, target);
    const facts = factsOf(resolved);
    const row: StatusRow = { ...facts, configured: true, ok: true, ...inferred };
    const deadline = await humanActionBy(resolved, context.env);
    if (deadline !== undefined) {
      row.humanActionBy = deadline.toISOString();
      row.humanActionInMs = deadline.getTime() - Date.now();
    }
    if (facts.region !== undefined) {
      const from = await regionOrigin(target, context.env);
      if (from !== undefined) row.regionFrom = from;
    }
    if (facts.expiresAt !== undefined) row.expiresInMs = Date.parse(facts.expiresAt) - Date.now();
    return row;
  } catch (error) {
    const code = isCredentialHelperError(error) ? error.code : 'UNKNOWN';
    const message = isCredentialHelperError(error) ? error.message.replace(/^\[credhelper\] /, '') : 'unexpected error';
    const configured = code !== 'CREDENTIALS_NOT_FOUND' || target !== 'anthropic';
    if (configured && basis.kind === 'inferred' && isCredentialHelperError(error)) {
      return {
        target,
        configured,
        ok: false,
        ...inferred,
        note: true,
        code,
        problem: inferredTargetNote(target, basis, code, 'status'),
      };
    }
    // The refresh command was left out (no --refresh): say so, or the person wonders why it did not run.
    const hint = refresh ? undefined : skippedRefreshHint('status', target, code, context.loaded);
    const problem = !configured ? 'not configured' : hint === undefined ? message : `${message} ${hint}`;
    return { target, configured, ok: false, code, problem };
  }
}

/** A failed background refresh in `credhelper status`. Never holds a secret. */
export interface BackgroundRefreshFailureRow {
  source: string;
  code: string;
  message: string;
  at: string;
  usableUntil?: string;
}

/** The PROBLEM column: the problem, else when a person must next log in (outside the window). */
function problemText(row: { problem?: string; humanActionInMs?: number }): string {
  if (row.problem !== undefined) return row.problem;
  return row.humanActionInMs === undefined ? '' : `login needed ${loginDueText(row.humanActionInMs)}`;
}

/**
 * `credhelper status`: one row per target, then one per stored OAuth or pasted token. With `check`,
 * the exit code says whether every configured target and stored token is usable (0), one is
 * missing, expired or failing, or a person must act now (1, also when nothing is configured at
 * all), or a person must act (log in, paste a token: `humanActionBy`) within `expiringWithinMs`
 * (2); a credential's own expiry that credhelper renews by itself never counts. A target only
 * inferred from files lying around (`~/.aws/config`) that does not resolve is a `note` row and is
 * not counted. Refresh commands run only with `refresh`; stored
 * OAuth tokens near expiry are refreshed (a token request, never a browser).
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
    /**
     * Background refreshes that failed in the user's other processes (a long-running agent with
     * the shared cache): their current value is still in use until `usableUntil`.
     */
    backgroundRefreshFailures: BackgroundRefreshFailureRow[];
    settingsFiles: SettingsFilesReport;
    /** The project's settings are not trusted: they were left out (the `PROJECT_UNTRUSTED` message). */
    untrusted?: { code: string; problem: string };
    /** Key variables in the project's `.env` that their provider never reads (`ANTHROPIC_API_KEY`). */
    dotenvNotRead?: UnreadDotenvVariable[];
    /** The proxy and custom CA in effect (see `networkReport`). */
    network: NetworkReport;
    /** Where new secrets go, and whether the keychain answers (see `storeReport`). */
    store: StoreReport;
  }>
> {
  const parsedWithin = parseDurationFlag('--expiring-within', options.expiringWithin ?? '24h');
  if ('usageError' in parsedWithin) return parsedWithin;
  const within = parsedWithin.ms;
  // In a project not trusted (yet), the table still shows what the user's own settings give, and
  // the project's helpers as error rows that say to run `credhelper trust`.
  const context = await cliContext(globals, { refresh: options.refresh === true, untrusted: 'skip' });
  const untrusted = context.untrusted === undefined ? undefined : untrustedRows(context.untrusted);
  const rows = await Promise.all(
    CLI_TARGETS.map(async (target): Promise<StatusRow> => {
      const refused = untrusted?.rows.find((row) => row.target === target);
      return refused === undefined
        ? rowOf(context, target, options.refresh === true)
        : { ...refused, configured: true, ok: false };
    }),
  );
  const stored = await storedRows(context);
  // Only a person's deadline counts: a credential's own short expiry is credhelper's to renew.
  for (const row of [...rows, ...stored]) {
    if (!row.ok || row.humanActionInMs === undefined) continue;
    if (row.humanActionInMs <= 0) {
      row.ok = false;
      row.code = 'HUMAN_ACTION_NEEDED';
      row.problem = 'login needed now';
    } else if (row.humanActionInMs <= within) row.problem = `login needed ${loginDueText(row.humanActionInMs)}`;
  }
  // An inferred target that did not resolve (a note) is not counted: nobody asked for it.
  const configured = [...rows.filter((row) => row.configured && row.note !== true), ...stored];
  let exitCode: number = EXIT.OK;
  if (options.check === true) {
    // An untrusted project is a person's to review: 1, even when what it sets shows in no row.
    if (configured.length === 0 || configured.some((row) => !row.ok) || context.untrusted !== undefined) {
      exitCode = EXIT.CREDENTIALS;
    } else if (configured.some((row) => row.problem !== undefined)) exitCode = EXIT.EXPIRING;
  }
  const storedTable =
    stored.length === 0
      ? []
      : [
          '',
          formatTable([
            ['STORED', 'STATUS', 'TYPE', 'STORE', 'EXPIRES', 'PROBLEM'],
            ...stored.map((row) => [
              row.id,
              row.ok ? (row.problem === undefined ? 'ok' : 'expiring') : 'error',
              row.type,
              row.store ?? '-',
              row.expiresAt ?? '-',
              problemText(row),
            ]),
          ]),
        ];
  const human = [
    ['TARGET', 'STATUS', 'SOURCE', 'TYPE', 'EXPIRES', 'REGION', 'PROBLEM'],
    ...rows.map((row) => [
      row.target,
      !row.configured ? '-' : row.ok ? (row.problem === undefined ? 'ok' : 'expiring') : row.note ? 'note' : 'error',
      row.source ?? '-',
      row.type ?? '-',
      row.expiresAt ?? '-',
      row.region === undefined ? '-' : `${row.region}${row.regionFrom === 'default' ? ' (default)' : ''}`,
      problemText(row),
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
  const failures =
    cacheDir === null || cacheProblem !== undefined ? [] : await new RefreshFailureLog(cacheDir).current(Date.now());
  const failureRows: BackgroundRefreshFailureRow[] = failures.map((failure) => ({
    source: failure.source,
    code: failure.code,
    message: failure.message,
    at: new Date(failure.at).toISOString(),
    ...(failure.usableUntil === undefined ? {} : { usableUntil: new Date(failure.usableUntil).toISOString() }),
  }));
  // A person must fix the cause before the value in use runs out.
  if (
    exitCode === EXIT.OK &&
    options.check === true &&
    failures.some((failure) => failure.usableUntil === undefined || failure.usableUntil - Date.now() <= within)
  ) {
    exitCode = EXIT.EXPIRING;
  }
  const failureLines = failureRows.flatMap((row) => [
    '',
    `background refresh failed: ${row.source} at ${row.at} (${row.code}): ${printable(row.message)}` +
      (row.usableUntil === undefined
        ? ''
        : `; the credential in use works until ${row.usableUntil}: fix it before then`),
  ]);
  const refusal = context.untrusted?.error;
  const untrustedData =
    refusal === undefined
      ? {}
      : { untrusted: { code: refusal.code, problem: refusal.message.replace(/^\[credhelper\] /, '') } };
  // What no row shows (the project's variables, OAuth endpoints): the whole refusal, once.
  const untrustedLines =
    untrusted?.otherSettings === true && untrustedData.untrusted !== undefined
      ? ['', `untrusted project: ${untrustedData.untrusted.problem}`]
      : [];
  // A key in .env that the Anthropic precedence never reads would look like a reason for its row.
  const unreadDotenv = unreadDotenvVariables(context.env, process.cwd());
  const network = networkReport(context.env);
  const seenLocked = [...rows, ...stored].some((row) => row.code === 'KEYCHAIN_LOCKED');
  const store = await storeReport(context.env, context.loaded, seenLocked);
  return {
    data: {
      targets: rows,
      stored,
      cacheDir,
      ...(cacheProblem === undefined ? {} : { cacheProblem }),
      backgroundRefreshFailures: failureRows,
      settingsFiles: report,
      ...untrustedData,
      ...(unreadDotenv.length === 0 ? {} : { dotenvNotRead: unreadDotenv }),
      network,
      store,
    },
    lines: [
      formatTable(human),
      ...storedTable,
      ...failureLines,
      ...untrustedLines,
      ...(unreadDotenv.length === 0 ? [] : ['', ...unreadDotenv.map(unreadDotenvNote)]),
      '',
      ...settingsFilesLines(report),
      `shared cache: ${cacheLine}`,
      storeLine(store),
      ...networkLines(network),
    ],
    exitCode,
  };
}
