import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { CredentialTarget } from '../credentials/create-credential-helper.js';
import { isCredentialHelperError } from '../errors.js';
import type { GlobalOptions } from './cli-context.js';
import type { CommandResult } from './commands/command-result.js';
import { EXIT, exitCodeOf } from './exit-codes.js';
import { render } from './render.js';
import { CLI_TARGETS } from './targets.js';

function version(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

const targetArgument = (value: string): CredentialTarget => {
  const target = CLI_TARGETS.find((known) => known === value);
  if (target === undefined) throw new InvalidArgumentError(`expected one of ${CLI_TARGETS.join(', ')}.`);
  return target;
};

/**
 * Runs the CLI with `argv` (without `node` and the script) and resolves to the exit code. Each
 * command's module is imported only when it runs. Data goes to stdout; diagnostics to stderr.
 */
export async function main(argv: string[], io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let exitCode: number = EXIT.OK;
  const program = new Command('credhelper');
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  const run = async (json: boolean, task: () => Promise<CommandResult>) => {
    const result = await task();
    if (result.usageError !== undefined) {
      io.stderr.write(`credhelper: ${result.usageError}\n`);
      exitCode = EXIT.USAGE;
      return;
    }
    io.stdout.write(render(result, json));
    exitCode = result.exitCode ?? EXIT.OK;
  };

  program
    .description('Model-provider credentials for AI agents: Anthropic, Amazon Bedrock, Google Vertex.')
    .version(version(), '-V, --version')
    .option(
      '--settings <file>',
      'also read this settings file (last, highest precedence); default $CREDHELPER_SETTINGS',
    )
    .option('--claude', "also read Claude Code's settings files (~/.claude/settings.json, .claude/settings*.json)")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(run credhelper --help for usage)');

  program
    .command('status')
    .description('one row per target: source, type, expiry, problem (no secrets)')
    .option('--json', 'machine-readable output')
    .option(
      '--check',
      'exit 0 if every configured target is usable, 1 if one is missing or failing, 2 if one expires soon',
    )
    .option('--expiring-within <duration>', 'for --check: what counts as expiring soon (e.g. 30m, 24h)', '24h')
    .option('--refresh', 'allow awsAuthRefresh / gcpAuthRefresh to run (a login may open a browser)')
    .addHelpText(
      'after',
      '\nExamples:\n  credhelper status\n  credhelper status --check --expiring-within 2h || echo "renew your credentials"',
    )
    .action((options: { json?: boolean; check?: boolean; expiringWithin?: string; refresh?: boolean }) =>
      run(options.json === true, async () => (await import('./commands/status.js')).status(globals(), options)),
    );

  program
    .command('get')
    .description('print a credential for scripts: the key or token (Bedrock SigV4: export lines)')
    .argument('<target>', `one of ${CLI_TARGETS.join(', ')}`, targetArgument)
    .option('--json', 'also print type, source and expiry, as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  curl -H "x-api-key: $(credhelper get anthropic)" …\n  eval "$(credhelper get bedrock)"\n  credhelper get vertex --json',
    )
    .action((target: CredentialTarget, options: { json?: boolean }) =>
      run(options.json === true, async () => (await import('./commands/get.js')).get(globals(), target)),
    );

  program
    .command('explain')
    .description('every candidate source of a target, which won and which are shadowed (fingerprints only)')
    .argument('<target>', `one of ${CLI_TARGETS.join(', ')}`, targetArgument)
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExample:\n  credhelper explain bedrock')
    .action((target: CredentialTarget, options: { json?: boolean }) =>
      run(options.json === true, async () => (await import('./commands/explain.js')).explain(globals(), target)),
    );

  program
    .command('aws-credential-process')
    .description('print credential_process JSON from awsCredentialExport / the AWS chain / awsAuthRefresh')
    .option('--profile <name>', 'resolve with this AWS profile')
    .addHelpText(
      'after',
      '\nIn ~/.aws/config:\n  [profile agents]\n  credential_process = credhelper aws-credential-process',
    )
    .action((options: { profile?: string }) =>
      run(false, async () =>
        (await import('./commands/aws-credential-process.js')).awsCredentialProcess(globals(), options),
      ),
    );

  program
    .command('exec')
    .description('run a command with the resolved credentials in its environment only')
    .addOption(
      new Option('--target <target...>', 'targets to resolve (default: every configured target)').choices(CLI_TARGETS),
    )
    .argument('<command...>', 'the command and its arguments, after --')
    .addHelpText(
      'after',
      '\nExamples:\n  credhelper exec -- claude -p "hello"\n  credhelper exec --target bedrock -- aws bedrock list-foundation-models',
    )
    .action((command: string[], options: { target?: CredentialTarget[] }) =>
      run(false, async () => (await import('./commands/exec.js')).exec(globals(), command, options)),
    );

  program
    .command('trust')
    .description("allow the helper commands this project's settings files set (again after any changes)")
    .option('--revoke', 'forget the trust in this project')
    .option('--json', 'machine-readable output')
    .action((options: { revoke?: boolean; json?: boolean }) =>
      run(options.json === true, async () => (await import('./commands/trust.js')).trust(globals(), options)),
    );

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      ) {
        return EXIT.OK;
      }
      return EXIT.USAGE;
    }
    const code = exitCodeOf(error);
    const message = isCredentialHelperError(error)
      ? error.message
      : `[credhelper] unexpected error: ${error instanceof Error ? error.name : typeof error}. Please report it.`;
    io.stderr.write(`${message}\n`);
    return code;
  }
}
