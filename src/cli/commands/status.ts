import type { CredentialTarget } from '../../credentials/create-credential-helper.js';
import { isCredentialHelperError } from '../../errors.js';
import { type CliContext, cliContext, cliSharedCacheDir, type GlobalOptions } from '../cli-context.js';
import { EXIT } from '../exit-codes.js';
import { type CredentialFacts, factsOf, resolveTarget } from '../resolve-target.js';
import { CLI_TARGETS, looksConfigured } from '../targets.js';
import type { CommandResult } from './command-result.js';

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

/** Parses `--expiring-within`: `24h`, `30m`, `90s`, `2d`, or a number of milliseconds. */
export function parseDurationMs(text: string): number | undefined {
  const match = /^(\d+)(ms|s|m|h|d)?$/.exec(text.trim());
  if (match === null) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] ?? 'ms'] ?? 1;
  return Number(match[1]) * unit;
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
 * `credhelper status`: one row per target. With `check`, the exit code says whether every configured
 * target is usable (0), one is missing or failing (1, also when nothing is configured at all), or
 * one expires within `expiringWithinMs` (2). Refresh commands run only with `refresh`.
 */
export async function status(
  globals: GlobalOptions,
  options: { check?: boolean; refresh?: boolean; expiringWithin?: string },
): Promise<CommandResult<{ targets: StatusRow[]; cacheDir: string | null }>> {
  const within = parseDurationMs(options.expiringWithin ?? '24h');
  if (within === undefined) {
    return {
      usageError: `expected --expiring-within like 24h, 30m or 90s, got ${JSON.stringify(options.expiringWithin)}`,
    };
  }
  const context = await cliContext(globals, { refresh: options.refresh === true });
  const rows = await Promise.all(CLI_TARGETS.map((target) => rowOf(context, target)));
  for (const row of rows) {
    if (row.ok && row.expiresInMs !== undefined && row.expiresInMs <= within) {
      row.problem = `expires in ${Math.max(0, Math.round(row.expiresInMs / 60_000))} min`;
    }
  }
  const configured = rows.filter((row) => row.configured);
  let exitCode: number = EXIT.OK;
  if (options.check === true) {
    if (configured.length === 0 || configured.some((row) => !row.ok)) exitCode = EXIT.CREDENTIALS;
    else if (configured.some((row) => row.problem !== undefined)) exitCode = EXIT.EXPIRING;
  }
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
  const cacheDir = cliSharedCacheDir(context.env) ?? null;
  return {
    data: { targets: rows, cacheDir },
    table: human,
    lines: [`shared cache: ${cacheDir ?? 'off (CREDHELPER_SHARED_CACHE=0)'}`],
    exitCode,
  };
}
