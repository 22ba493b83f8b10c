import { createWriteStream, openSync } from 'node:fs';
import { envValue } from '../chain/source-context.js';
import type { CredentialTarget } from '../credentials/create-credential-helper.js';
import { CredentialHelperError, isCredentialHelperError } from '../errors.js';
import { printable } from '../printable.js';
import type { ProxyLogSink } from '../proxy/proxy-log.js';
import type { CredentialProxy } from '../proxy/proxy-options.js';
import { withClaudeSettingsHint } from './claude-settings-hint.js';
import { claudeSettingsProxyNote } from './claude-settings-proxy-note.js';
import type { CliContext } from './cli-context.js';
import { readableCredentialFiles } from './readable-credential-files.js';
import { resolveTarget } from './resolve-target.js';
import { askedTargetError, inferredTargetNote } from './target-notes.js';
import { CLI_TARGETS, type TargetBasis, targetBasis } from './targets.js';

function truthy(value: string | undefined): boolean {
  return value !== undefined && value !== '0' && value.toLowerCase() !== 'false';
}

/**
 * The targets a proxy serves: `asked` (from `--target`) as given, each of which must resolve; else
 * every configured target that resolves, by exec's rules (an Anthropic target with nothing set and
 * a target only inferred from files lying around are left out, the second with a note; one asked
 * for by a setting or variable that fails stops the command). With `minValidityMs`, each is checked
 * with `ensureValidFor` too. The primary target (the one Claude Code is switched to): the first
 * `--target`; without `--target`, the provider Claude Code's own variables choose
 * (`CLAUDE_CODE_USE_BEDROCK`, `CLAUDE_CODE_USE_VERTEX`), else the first that resolved.
 */
export async function proxyTargets(
  context: CliContext,
  asked: readonly CredentialTarget[] | undefined,
  command: string,
  minValidityMs?: number,
): Promise<{ targets: CredentialTarget[]; primary: CredentialTarget }> {
  const explicit = asked !== undefined && asked.length > 0;
  const chosen: Array<[CredentialTarget, TargetBasis]> = explicit
    ? [...new Set(asked)].map((target) => [target, { kind: 'asked', because: '--target' }])
    : CLI_TARGETS.flatMap((target) => {
        const basis = targetBasis(target, context.env, context.loaded);
        return basis === undefined ? [] : [[target, basis] as [CredentialTarget, TargetBasis]];
      });
  const usable: CredentialTarget[] = [];
  for (const [target, basis] of chosen) {
    try {
      await resolveTarget(context.creds, target);
      usable.push(target);
    } catch (error) {
      if (explicit || !isCredentialHelperError(error)) {
        throw withClaudeSettingsHint(error, context.loaded, process.cwd(), context.env);
      }
      if (target === 'anthropic') {
        if (error.code === 'CREDENTIALS_NOT_FOUND') continue;
        throw error;
      }
      if (basis.kind === 'inferred') {
        process.stderr.write(
          `credhelper ${command}: ${printable(inferredTargetNote(target, basis, error.code, 'exec'))}\n`,
        );
        continue;
      }
      throw askedTargetError(error, target, basis, usable);
    }
  }
  if (usable.length === 0) {
    throw new CredentialHelperError(
      'CREDENTIALS_NOT_FOUND',
      `credhelper ${command === 'exec' ? 'exec --proxy' : command} found no target with a credential to serve. ` +
        'Fix: set one up (`credhelper status` shows each target), or name it with --target anthropic|bedrock|vertex.',
    );
  }
  if (minValidityMs !== undefined) {
    for (const target of usable) await context.creds.ensureValidFor(target, minValidityMs);
  }
  let primary = usable[0] ?? 'anthropic';
  if (!explicit) {
    if (truthy(envValue(context.env, 'CLAUDE_CODE_USE_BEDROCK')) && usable.includes('bedrock')) primary = 'bedrock';
    else if (truthy(envValue(context.env, 'CLAUDE_CODE_USE_VERTEX')) && usable.includes('vertex')) primary = 'vertex';
  }
  return { targets: usable, primary };
}

/**
 * The log sink of `--log FILE` / `--proxy-log FILE` (`-`: stderr): appended to, created 0600. A
 * file that cannot be opened is an `INVALID_OPTION` now; a write that fails later is said once on
 * stderr and the proxy goes on.
 */
export function proxyLogSink(file: string | undefined, command: string): ProxyLogSink | undefined {
  if (file === undefined) return undefined;
  if (file === '-') return process.stderr;
  let fd: number;
  try {
    fd = openSync(file, 'a', 0o600);
  } catch (error) {
    throw new CredentialHelperError(
      'INVALID_OPTION',
      `cannot open the proxy log file ${printable(file)} (${(error as NodeJS.ErrnoException).code ?? 'error'}). Fix: name a file you can write, or - for stderr.`,
      { cause: error },
    );
  }
  const stream = createWriteStream('', { fd });
  let said = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (said) return;
    said = true;
    process.stderr.write(`credhelper ${command}: the proxy log stopped (${error.code ?? 'error'})\n`);
  });
  return stream;
}

/**
 * Starts the proxy for a CLI command: the targets of {@link proxyTargets}, the log, and the note
 * (once, on stderr) about credential files the agent can still read as the same user.
 */
export async function startCliProxy(
  context: CliContext,
  options: { target?: readonly CredentialTarget[]; minValidityMs?: number; log?: string; port?: number },
  command: string,
): Promise<CredentialProxy> {
  const { targets, primary } = await proxyTargets(context, options.target, command, options.minValidityMs);
  const log = proxyLogSink(options.log, command);
  const proxy = await context.creds.startProxy({
    targets,
    primary,
    ...(log === undefined ? {} : { log }),
    ...(options.port === undefined ? {} : { port: options.port }),
  });
  const files = readableCredentialFiles(context.env);
  if (files.length > 0) {
    process.stderr.write(
      `credhelper ${command}: the agent gets no credential in its environment, but it runs as you and can still read ${printable(files.join(', '))}. ` +
        'To keep it from them, run it as another user or in a sandbox.\n',
    );
  }
  const note = claudeSettingsProxyNote(
    process.cwd(),
    context.env,
    [...Object.keys(proxy.env), ...proxy.unset],
    command,
  );
  if (note !== undefined) process.stderr.write(note);
  return proxy;
}
