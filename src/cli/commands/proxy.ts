import type { CredentialTarget } from '../../credentials/create-credential-helper.js';
import { cliContext, type GlobalOptions } from '../cli-context.js';
import { EXIT } from '../exit-codes.js';
import { startCliProxy } from '../proxy-targets.js';
import { shellExports } from '../shell-quote.js';
import { suspendSignalExit } from '../signal-exit.js';
import type { CommandResult } from './command-result.js';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * `credhelper proxy [--target T …] [--port N] [--log FILE]`: starts the local proxy (see
 * `creds.startProxy`) and prints, on stdout, the shell lines that set an agent up to use it: an
 * `unset` of every credential variable, then `export` lines (values quoted for any POSIX shell)
 * with the base URLs and the token. Runs until SIGINT, SIGTERM or SIGHUP, then closes and exits 0.
 */
export async function proxy(
  globals: GlobalOptions,
  options: { target?: CredentialTarget[]; port?: number; log?: string },
): Promise<CommandResult> {
  const context = await cliContext(globals, { refresh: true });
  const started = await startCliProxy(context, options, 'proxy');
  const resumeSignalExit = suspendSignalExit();
  const stopped = new Promise<void>((resolve) => {
    const stop = () => {
      for (const signal of STOP_SIGNALS) process.off(signal, stop);
      resolve();
    };
    for (const signal of STOP_SIGNALS) process.on(signal, stop);
  });
  process.stdout.write(`unset ${started.unset.join(' ')}\n${shellExports(started.env).join('\n')}\n`);
  process.stderr.write(`credhelper proxy: listening on ${started.url} until Ctrl-C (SIGINT) or SIGTERM\n`);
  await stopped;
  await started.close();
  resumeSignalExit();
  return { exitCode: EXIT.OK };
}
