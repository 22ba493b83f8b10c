import type { ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { envValue } from '../../chain/source-context.js';
import type { CredentialTarget } from '../../credentials/create-credential-helper.js';
import { isCredentialHelperError } from '../../errors.js';
import { NESTED_VARIABLE } from '../../helpers/helper-nesting.js';
import { printable } from '../../printable.js';
import { PROVIDERS } from '../../providers/provider-table.js';
import { orderedEntryIds } from '../../store/auth-entries.js';
import { AuthStore } from '../../store/auth-store.js';
import { authFilePath } from '../../store/data-dir.js';
import { claudeSettingsHint, withClaudeSettingsHint } from '../claude-settings-hint.js';
import { type CliContext, cliContext, type GlobalOptions } from '../cli-context.js';
import { execProxy } from '../exec-proxy.js';
import { EXIT } from '../exit-codes.js';
import type { GroupSignalSentinel } from '../group-signal-sentinel.js';
import { parseDurationFlag } from '../parse-duration.js';
import { environmentOf, resolveTarget } from '../resolve-target.js';
import { suspendSignalExit } from '../signal-exit.js';
import { providerAllowed } from '../store-context.js';
import { askedTargetError, inferredTargetNote } from '../target-notes.js';
import { CLI_TARGETS, type TargetBasis, targetBasis } from '../targets.js';
import { TERMINAL_SIGNALS, terminalSignalMayHaveReachedChild } from '../terminal-signal-reach.js';
import type { CommandResult } from './command-result.js';

const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'] as const;

/**
 * The other providers' stored credentials (`credhelper login openai`), under their variables,
 * for the providers whose variables the child does not already have. Anthropic and Bedrock keys
 * come through their targets.
 */
async function addStoredProviders(context: CliContext, childEnv: Record<string, string | undefined>): Promise<void> {
  let data: Record<string, unknown>;
  try {
    data = new AuthStore(authFilePath(context.env)).read();
  } catch {
    return; // a corrupt store is reported by the commands that read it; exec still runs
  }
  for (const provider of PROVIDERS) {
    if (provider.id === 'anthropic' || provider.id === 'amazon-bedrock') continue;
    if (orderedEntryIds(data, provider.id).length === 0) continue;
    if (provider.keyVariables.some((name) => envValue(childEnv, name) !== undefined)) continue;
    if (providerAllowed(context.loaded, provider.id) !== undefined) continue;
    let credential: Awaited<ReturnType<typeof context.creds.provider>>;
    try {
      credential = await context.creds.provider(provider.id);
    } catch (error) {
      // A refused or malformed entry (e.g. a `wellknown` entry naming NODE_OPTIONS) is left out, and said.
      if (!isCredentialHelperError(error) || error.code !== 'STORE_CORRUPT') throw error;
      process.stderr.write(`credhelper exec: ${printable(`${provider.id} left out: ${error.message}`)}\n`);
      continue;
    }
    for (const [name, value] of Object.entries(credential.env)) childEnv[name] ??= value;
  }
}

/**
 * `credhelper exec [--target T …] -- <cmd> [args…]`: runs `cmd` with the resolved credentials in
 * its environment only (credhelper's own environment is not changed; the child's carries no
 * `CREDHELPER_NESTED`, so a credhelper it starts works normally), forwards signals to it
 * (except Ctrl-C and Ctrl-\ while credhelper is the terminal's foreground group: the child
 * received those itself; see {@link terminalSignalMayHaveReachedChild}; a SIGINT or SIGQUIT
 * sent to credhelper's pid alone is still forwarded, up to a second later, see
 * `group-signal-sentinel.ts`), and
 * exits with its exit code (128 + the signal number when it was killed). Without `--target`, every
 * target that looks configured is resolved (an Anthropic target with no credential is skipped; a
 * target only inferred from files lying around, such as `~/.aws/config`, that does not resolve is
 * left out with a one-line note on stderr; one asked for by a setting or variable that fails stops
 * exec, with the `--target` way out), and other providers' stored keys are added under their
 * variables (`OPENAI_API_KEY`…). With `minValidity` (`8h`), each resolved target is checked first
 * (`ensureValidFor`): a person's deadline inside that time runs the refresh command now, and one
 * still inside (or with no refresh command) stops exec with exit 1 before the child starts.
 */
export async function exec(
  globals: GlobalOptions,
  command: string[],
  options: {
    target?: CredentialTarget[];
    minValidity?: string;
    bedrockBearer?: boolean;
    proxy?: boolean;
    proxyLog?: string;
  },
): Promise<CommandResult> {
  const [file, ...args] = command;
  if (file === undefined) return { usageError: 'expected a command after --, e.g. credhelper exec -- claude' };
  let minValidityMs: number | undefined;
  if (options.minValidity !== undefined) {
    const parsed = parseDurationFlag('--min-validity', options.minValidity);
    if ('usageError' in parsed) return parsed;
    minValidityMs = parsed.ms;
  }
  const context = await cliContext(globals, { refresh: true, mintBedrockBearer: options.bedrockBearer === true });
  const explicit = options.target !== undefined && options.target.length > 0;
  const chosen: Array<[CredentialTarget, TargetBasis]> = explicit
    ? (options.target ?? []).map((target) => [target, { kind: 'asked', because: '--target' }])
    : CLI_TARGETS.flatMap((target) => {
        const basis = targetBasis(target, context.env, context.loaded);
        return basis === undefined ? [] : [[target, basis] as [CredentialTarget, TargetBasis]];
      });
  // --proxy: the child gets the proxy's base URLs and token, and no credential (see exec-proxy.ts).
  const proxied =
    options.proxy === true
      ? await execProxy(context, {
          ...(explicit ? { target: options.target } : {}),
          ...(minValidityMs === undefined ? {} : { minValidityMs }),
          ...(options.proxyLog === undefined ? {} : { log: options.proxyLog }),
        })
      : undefined;
  const childEnv: Record<string, string | undefined> = proxied?.childEnv ?? { ...context.env };
  const usable: CredentialTarget[] = [];
  for (const [target, basis] of proxied === undefined ? chosen : []) {
    try {
      const { set, unset, defaults = {} } = environmentOf(await resolveTarget(context.creds, target));
      for (const name of unset) delete childEnv[name];
      Object.assign(childEnv, set);
      for (const [name, value] of Object.entries(defaults)) {
        if (envValue(childEnv, name) === undefined) childEnv[name] = value;
      }
      usable.push(target);
    } catch (error) {
      if (explicit || !isCredentialHelperError(error))
        throw withClaudeSettingsHint(error, context.loaded, process.cwd(), context.env);
      // Anthropic with nothing set is simply not configured; its other failures are its own (a helper's).
      if (target === 'anthropic') {
        if (error.code === 'CREDENTIALS_NOT_FOUND') continue;
        throw error;
      }
      if (basis.kind === 'inferred') {
        process.stderr.write(`credhelper exec: ${printable(inferredTargetNote(target, basis, error.code, 'exec'))}\n`);
        continue;
      }
      // The way out names what resolved before it and what else was asked for.
      const rest = chosen.slice(chosen.findIndex(([other]) => other === target) + 1);
      const others = [...usable, ...rest.filter(([, b]) => b.kind === 'asked').map(([other]) => other)];
      throw askedTargetError(error, target, basis, others);
    }
  }
  if (minValidityMs !== undefined) {
    for (const target of usable) {
      const checked = await context.creds.ensureValidFor(target, minValidityMs);
      if (!checked.refreshed) continue;
      const { set, unset } = environmentOf(await resolveTarget(context.creds, target));
      for (const name of unset) delete childEnv[name];
      Object.assign(childEnv, set);
    }
  }
  if (!explicit && proxied === undefined) await addStoredProviders(context, childEnv);
  const anyProviderKey = PROVIDERS.some((provider) =>
    provider.keyVariables.some((name) => envValue(childEnv, name) !== undefined),
  );
  if (proxied === undefined && !explicit && usable.length === 0 && !anyProviderKey) {
    // Nothing resolved: the command would start without any model credential, and nobody would know why.
    const hint = claudeSettingsHint(context.loaded, process.cwd(), context.env);
    process.stderr.write(
      `credhelper exec: no credential found (Anthropic, Bedrock, Vertex or a stored provider key): ${printable(file)} ` +
        'runs without one. Set one up (`credhelper status` shows each target), or pass --target to require one.' +
        `${hint === undefined ? '' : ` ${hint}`}\n`,
    );
  }
  // The child is the user's program, not a helper: a credhelper it starts (Claude Code's
  // apiKeyHelper `credhelper get anthropic`) is not nested.
  delete childEnv[NESTED_VARIABLE];
  // From a terminal, Ctrl-C reaches the child directly; forwarding it too would deliver it twice
  // (and an interactive agent reads two Ctrl-C as "quit"). credhelper itself must not die of it.
  // A SIGINT/SIGQUIT the terminal cannot have sent (credhelper in the background, no terminal) is
  // a `kill` to credhelper alone: forwarded. In the terminal's foreground group, a sentinel
  // process in that group tells the two apart: a `kill` to credhelper's pid alone is forwarded.
  // Handlers go in before the spawn: a signal that lands in between is held, then delivered.
  const interactive = process.stdin.isTTY === true;
  let child: ChildProcess | undefined;
  let sentinel: GroupSignalSentinel | undefined;
  const held: NodeJS.Signals[] = [];
  const deliver = (signal: NodeJS.Signals): void => {
    if (child === undefined) held.push(signal);
    else if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  const forward = (signal: NodeJS.Signals) => () => {
    if (!TERMINAL_SIGNALS.has(signal) || !terminalSignalMayHaveReachedChild(child?.pid, interactive)) {
      deliver(signal);
      return;
    }
    void sentinel?.sentToGroup(signal as 'SIGINT' | 'SIGQUIT').then((group) => {
      if (!group) deliver(signal);
    });
  };
  const handlers = FORWARDED_SIGNALS.map((signal) => [signal, forward(signal)] as const);
  const resumeSignalExit = suspendSignalExit(); // the child gets the signals; credhelper exits with its code
  for (const [signal, handler] of handlers) process.on(signal, handler);
  const { spawn } = await import('node:child_process'); // not on the start-up path of other commands
  if (process.platform !== 'win32' && (interactive || terminalSignalMayHaveReachedChild(undefined, interactive))) {
    const { startGroupSignalSentinel } = await import('../group-signal-sentinel.js');
    sentinel = startGroupSignalSentinel();
  }
  const started = spawn(file, args, { stdio: 'inherit', env: childEnv });
  child = started;
  for (const signal of held) started.kill(signal);
  const exitCode = await new Promise<number>((resolve) => {
    started.on('error', (error: NodeJS.ErrnoException) => {
      process.stderr.write(`credhelper exec: cannot run ${file}: ${error.code ?? error.message}\n`);
      resolve(error.code === 'ENOENT' ? 127 : 126);
    });
    started.on('exit', (code, signal) => {
      resolve(code ?? 128 + (signal === null ? 0 : (constants.signals[signal] ?? 0)));
    });
  });
  for (const [signal, handler] of handlers) process.off(signal, handler);
  sentinel?.close();
  await proxied?.close();
  resumeSignalExit();
  return { exitCode: exitCode === 0 ? EXIT.OK : exitCode };
}
