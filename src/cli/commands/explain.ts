import type { CredentialTarget } from '../../credentials/create-credential-helper.js';
import { cliContext, type GlobalOptions } from '../cli-context.js';
import { unknownNameIn } from '../known-names.js';
import { networkLines, networkReport } from '../network-report.js';
import { settingsFilesLines, settingsFilesReport } from '../settings-files-report.js';
import { skippedRefreshHint } from '../skipped-refresh-hint.js';
import { CLI_TARGETS } from '../targets.js';
import type { CommandResult } from './command-result.js';

/** `credhelper explain <target|provider>`: every candidate source, which won, which are shadowed, and why. */
export async function explain(globals: GlobalOptions, target: CredentialTarget | string): Promise<CommandResult> {
  const context = await cliContext(globals, { refresh: false });
  const unknown = unknownNameIn(target, context.env, context.loaded);
  if (unknown !== undefined) return { usageError: unknown };
  const explanation = await context.creds.explain(target);
  const settingsFiles = settingsFilesReport(context.loaded);
  const table = [
    ['#', 'SOURCE', 'STATUS', 'FINGERPRINT', 'REASON'],
    ...explanation.candidates.map((c) => [String(c.rank), c.source, c.status, c.fingerprint ?? '-', c.reason]),
  ];
  const code = explanation.error?.code ?? 'CREDENTIALS_NOT_FOUND';
  // explain never runs awsAuthRefresh / gcpAuthRefresh: say so when one is set and would have run.
  const cliTarget = CLI_TARGETS.find((known) => known === target);
  const hint = cliTarget === undefined ? undefined : skippedRefreshHint('explain', cliTarget, code, context.loaded);
  const lines = [
    ...(explanation.winner === undefined
      ? [`${target}: no credential (${code})`, ...(hint === undefined ? [] : [hint])]
      : [`${target}: ${explanation.winner}${explanation.winnerDetail ? ` (${explanation.winnerDetail})` : ''} wins`]),
    // A value nobody set says so: `region: us-east-1 (default)`.
    ...Object.entries(explanation.resolved ?? {}).map(
      ([name, { value, from }]) => `${name}: ${value} (${from === 'default' ? 'default' : `from ${from}`})`,
    ),
    ...settingsFilesLines(settingsFiles),
    // google-auth-library sends its metadata probe through the proxy unless NO_PROXY excludes it.
    ...(target === 'vertex' ? networkLines(networkReport(context.env)) : []),
  ];
  return { data: { ...explanation, settingsFiles }, lines, table, exitCode: explanation.winner === undefined ? 1 : 0 };
}
