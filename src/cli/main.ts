import { readFileSync } from 'node:fs';
import { cac } from 'cac';
import type { CredentialTarget } from '../credentials/create-credential-helper.js';
import { didYouMeanHint } from '../did-you-mean.js';
import { isCredentialHelperError } from '../errors.js';
import { printable } from '../printable.js';
import { redact } from '../redact.js';
import type { GlobalOptions } from './cli-context.js';
import type { CommandResult } from './commands/command-result.js';
import { joinDashOptionValues } from './dash-option-values.js';
import { dashedOptionValue } from './dashed-option-value.js';
import { EXIT, exitCodeOf } from './exit-codes.js';
import { releaseHeldStderr } from './held-stderr.js';
import { lazyStderr, lazyStdout, OutputError } from './lazy-stdio.js';
import { parseDurationFlag } from './parse-duration.js';
import { endRefreshOutputLine } from './refresh-output.js';
import { render } from './render.js';
import { CLI_TARGETS } from './targets.js';
import { usageFooter, usageLine, usageProblem } from './usage-text.js';

/** Output streams, injectable for tests. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** A problem with the command line itself (exit 64). */
class UsageError extends Error {}

/** Set by scripts/bundle-cli.mjs at build time; read from package.json when running unbundled. */
declare const CREDHELPER_VERSION: string | undefined;

function version(): string {
  if (typeof CREDHELPER_VERSION === 'string') return CREDHELPER_VERSION;
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

function target(value: unknown): CredentialTarget {
  const found = CLI_TARGETS.find((known) => known === value);
  if (found === undefined) {
    const hint = didYouMeanHint(String(value), CLI_TARGETS);
    throw new UsageError(`unknown target '${String(value)}'${hint}: expected one of ${CLI_TARGETS.join(', ')}`);
  }
  return found;
}

/** A target, or another provider's id (for `get` and `explain`). */
function targetOrProvider(value: unknown): string {
  if (typeof value === 'string' && /^[a-z0-9][a-z0-9._-]*$/.test(value)) return value;
  throw new UsageError(
    `expected one of ${CLI_TARGETS.join(', ')} or a provider id (e.g. openai), got '${String(value)}'`,
  );
}

function targets(value: unknown): CredentialTarget[] | undefined {
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value : [value]).map(target);
}

/** Every command's name, in the order `credhelper --help` lists them (each one defined below). */
export const COMMAND_NAMES = [
  'status',
  'get',
  'explain',
  'aws-credential-process',
  'exec',
  'proxy',
  'trust',
  'cache',
  'login',
  'paste-token',
  'list',
  'logout',
  'auth',
  'import',
  'store',
] as const;

/** What a command line asks for, before anything runs. */
export type ParsedCommandLine =
  | { kind: 'version' }
  /** `--help`: cac has printed the help. `noCommand`: no command given (help printed, exit 64). */
  | { kind: 'help' | 'noCommand'; outputHelp: () => void }
  | { kind: 'usage'; message: string }
  /** `usage`: the lines a usage error found while the task runs ends with (the command's form). */
  | { kind: 'run'; json: boolean; task: () => Promise<CommandResult>; usage: string };

/**
 * Parses `argv` (without `node` and the script) without running anything: every option and
 * argument is checked here, and a bad one is a `usage` result, never an exception. The argv
 * parser is cac (small, ESM, no dependencies: start-up matters here); each command's module is
 * imported only when its task runs.
 */
export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  if (argv[0] === '--version' || argv[0] === '-V' || argv[0] === '-v') return { kind: 'version' };
  // `credhelper help [command]` is `credhelper [command] --help`.
  if (argv[0] === 'help') return parseCommandLine([...argv.slice(1), '--help']);
  const cli = cac('credhelper');
  // A command line that starts with a command's name defines that command alone: cac parses the
  // arguments once per defined command (15 of them), which cost ~1 ms of every start (issue #21).
  // Nothing else differs: only that command can match its own name, and its help, usage lines and
  // errors are its own (the command list appears only where no command was named).
  const first = COMMAND_NAMES.find((name) => name === argv[0]);
  const defines = (name: string): boolean => first === undefined || first === name;
  let result: { json: boolean; task: () => Promise<CommandResult> } | undefined;
  const globals = (options: Record<string, unknown>): GlobalOptions => {
    const picked: GlobalOptions = {};
    if (typeof options.settings === 'string') picked.settings = options.settings;
    if (options.claude === true) picked.claude = true;
    return picked;
  };

  cli
    .option(
      '--settings <file>',
      'Also read this settings file (last, highest precedence); default $CREDHELPER_SETTINGS',
    )
    .option('--claude', "Also read Claude Code's settings files (~/.claude/settings.json, .claude/settings*.json)")
    .option('-v, --version', 'Print the version')
    .example('credhelper status')
    .example('credhelper exec -- claude')
    .example('eval "$(credhelper get bedrock)"')
    .example('credhelper trust')
    .example('credhelper get --help');

  if (defines('status')) {
    cli
      .command('status', 'One row per target: source, type, expiry, problem (no secrets)')
      .option('--json', 'Machine-readable output')
      .option(
        '--check',
        'Exit 0 if every configured target is usable, 1 if one is missing or failing, 2 if a person must log in (or paste a token) within --expiring-within',
      )
      .option('--expiring-within <duration>', 'For --check: how soon a login that is due counts (e.g. 30m, 24h)', {
        default: '24h',
      })
      .option('--refresh', 'Allow awsAuthRefresh / gcpAuthRefresh to run (a login may open a browser)')
      .example('credhelper status')
      .example('credhelper status --check --expiring-within 2h || echo "renew your credentials"')
      .action((options: Record<string, unknown>) => {
        result = {
          json: options.json === true,
          task: async () =>
            (await import('./commands/status.js')).status(globals(options), {
              check: options.check === true,
              refresh: options.refresh === true,
              expiringWithin: String(options.expiringWithin),
            }),
        };
      });
  }

  if (defines('get')) {
    cli
      .command(
        'get <target>',
        'Print a credential for scripts: the key or token (Bedrock SigV4: export lines); also a provider id (openai…)',
      )
      .option('--json', 'Also print type, source and expiry, as JSON')
      .option('--profile <name>', 'A stored profile of the provider (auth.json entry <provider>:<name>)')
      .option('--bearer', 'Bedrock: a short-term API key minted locally from the AWS credentials (at most 12 h)')
      .example('curl -H "x-api-key: $(credhelper get anthropic)" …')
      .example('eval "$(credhelper get bedrock)"')
      .example('credhelper get vertex --json')
      .example('credhelper get openai')
      .action((name: unknown, options: Record<string, unknown>) => {
        const chosen = targetOrProvider(name);
        result = {
          json: options.json === true,
          task: async () =>
            (await import('./commands/get.js')).get(globals(options), chosen, {
              ...(typeof options.profile === 'string' ? { profile: options.profile } : {}),
              ...(options.bearer === true ? { bearer: true } : {}),
            }),
        };
      });
  }

  if (defines('explain')) {
    cli
      .command(
        'explain <target>',
        'Every candidate source of a target, which won and which are shadowed (fingerprints only)',
      )
      .option('--json', 'Machine-readable output')
      .example('credhelper explain bedrock')
      .example('credhelper explain openai')
      .action((name: unknown, options: Record<string, unknown>) => {
        const chosen = targetOrProvider(name);
        result = {
          json: options.json === true,
          task: async () => (await import('./commands/explain.js')).explain(globals(options), chosen),
        };
      });
  }

  if (defines('aws-credential-process')) {
    cli
      .command(
        'aws-credential-process',
        'Print credential_process JSON from awsCredentialExport / the AWS chain / awsAuthRefresh',
      )
      .option('--profile <name>', 'Resolve with this AWS profile')
      .example('# in ~/.aws/config:  credential_process = credhelper aws-credential-process')
      .action((options: Record<string, unknown>) => {
        const profile = typeof options.profile === 'string' ? options.profile : undefined;
        result = {
          json: false,
          task: async () =>
            (await import('./commands/aws-credential-process.js')).awsCredentialProcess(
              globals(options),
              profile === undefined ? {} : { profile },
            ),
        };
      });
  }

  if (defines('exec')) {
    cli
      .command('exec', 'Run a command (after --) with the resolved credentials in its environment only')
      .usage('exec [--target <target>]... -- <command> [args...]')
      .option('--target <target>', 'A target to resolve, repeatable (default: every configured target)')
      .option(
        '--min-validity <duration>',
        'Make sure no person must log in within this time (8h) before starting: runs the refresh command now if needed, else exits 1',
      )
      .option('--bedrock-bearer', 'Give Bedrock a short-term API key minted from the AWS credentials, not the keys')
      .option(
        '--proxy',
        'Give the command no credential at all: a local proxy on 127.0.0.1 adds them to its model requests',
      )
      .option(
        '--proxy-log <file>',
        'With --proxy: append one line per request (method, path, status, bytes, ms) to <file> (- for stderr)',
      )
      .example('credhelper exec -- claude -p "hello"')
      .example('credhelper exec --proxy -- claude -p "hello"      # the agent never sees a key')
      .example('credhelper exec --target bedrock -- aws bedrock list-foundation-models')
      .example('credhelper exec --target vertex -- claude -p "hello"   # with CLAUDE_CODE_USE_VERTEX=1')
      .example(
        'Vertex: the child gets ANTHROPIC_VERTEX_PROJECT_ID, CLOUD_ML_REGION, GOOGLE_CLOUD_PROJECT,\n' +
          '  GOOGLE_APPLICATION_CREDENTIALS (the ADC file credhelper used, unless already set) and, for gcloud,\n' +
          '  CLOUDSDK_AUTH_ACCESS_TOKEN. An agent on google-auth-library (Claude Code, AnthropicVertex) mints its own\n' +
          "  token from that same ADC: it does not use credhelper's (with --proxy: Claude Code needs none; see the README).",
      )
      .action((options: Record<string, unknown>) => {
        const command = Array.isArray(options['--']) ? options['--'].map(String) : [];
        const chosen = targets(options.target);
        result = {
          json: false,
          task: async () =>
            (await import('./commands/exec.js')).exec(globals(options), command, {
              ...(chosen === undefined ? {} : { target: chosen }),
              ...(options.minValidity === undefined ? {} : { minValidity: String(options.minValidity) }),
              ...(options.bedrockBearer === true ? { bedrockBearer: true } : {}),
              ...(options.proxy === true ? { proxy: true } : {}),
              ...(typeof options.proxyLog === 'string' ? { proxyLog: options.proxyLog } : {}),
            }),
        };
      });
  }

  if (defines('proxy')) {
    cli
      .command(
        'proxy',
        'Run the local credential proxy and print the variables an agent needs to use it (until Ctrl-C)',
      )
      .usage('proxy [--target <target>]... [--port <port>] [--log <file>]')
      .option('--target <target>', 'A target to serve, repeatable (default: every configured target)')
      .option('--port <port>', 'The port on 127.0.0.1 (default: a free one)')
      .option('--log <file>', 'Append one line per request (method, path, status, bytes, ms) to <file> (- for stderr)')
      .example("credhelper proxy --target anthropic     # then, in the agent's shell, paste the printed lines")
      .action((options: Record<string, unknown>) => {
        const chosen = targets(options.target);
        let port: number | undefined;
        if (options.port !== undefined) {
          port = Number(options.port);
          if (!Number.isInteger(port) || port < 1 || port > 65_535) {
            throw new UsageError(`expected --port to be a port number from 1 to 65535, got '${String(options.port)}'`);
          }
        }
        result = {
          json: false,
          task: async () =>
            (await import('./commands/proxy.js')).proxy(globals(options), {
              ...(chosen === undefined ? {} : { target: chosen }),
              ...(port === undefined ? {} : { port }),
              ...(typeof options.log === 'string' ? { log: options.log } : {}),
            }),
        };
      });
  }

  if (defines('trust')) {
    cli
      .command(
        'trust',
        'Allow the helper commands, variables and .env this project sets (shown first; asked again after any change)',
      )
      .option('--yes', 'Trust without asking (for scripts; required when there is no terminal)')
      .option('--revoke', 'Forget the trust in this project')
      .option('--json', 'Machine-readable output')
      .example('credhelper trust            # shows what this project would run, then asks')
      .example('credhelper trust --yes      # in a script, after reviewing the project')
      .example('credhelper trust --revoke')
      .action((options: Record<string, unknown>) => {
        result = {
          json: options.json === true,
          task: async () =>
            (await import('./commands/trust.js')).trust(globals(options), {
              revoke: options.revoke === true,
              yes: options.yes === true,
            }),
        };
      });
  }

  if (defines('cache')) {
    cli
      .command('cache <action>', 'Shared cache: `clear` removes every entry (entries hold secrets)')
      .option('--json', 'Machine-readable output')
      .example('credhelper cache clear')
      .action((action: unknown, options: Record<string, unknown>) => {
        if (action !== 'clear') throw new UsageError(`expected \`cache clear\`, got \`cache ${String(action)}\``);
        result = {
          json: options.json === true,
          task: async () => (await import('./commands/cache.js')).cacheClear(),
        };
      });
  }

  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  const storeOptions = (provider: unknown, options: Record<string, unknown>) => {
    const picked: { provider?: string; profile?: string; stdin?: boolean; overwrite?: boolean; custom?: boolean } = {};
    const chosen = text(provider) ?? text(options.provider);
    if (chosen !== undefined) picked.provider = chosen;
    if (text(options.profile) !== undefined) picked.profile = String(options.profile);
    if (options.stdin === true) picked.stdin = true;
    if (options.overwrite === true) picked.overwrite = true;
    if (options.custom === true) picked.custom = true;
    return picked;
  };

  if (defines('login')) {
    cli
      .command(
        'login [provider]',
        'Store an API key: the OS keychain when one answers, else auth.json (a masked prompt, or --stdin; never argv)',
      )
      .option('--provider <id>', 'The provider (e.g. anthropic, openai, amazon-bedrock); asked when omitted')
      .option('--profile <name>', 'Store it as <provider>:<name> (several keys per provider)')
      .option('--stdin', 'Read the key from standard input')
      .option('--overwrite', 'Replace an entry of another kind (a pasted token, an OAuth login) without asking')
      .option('--custom', 'Allow a provider id that is not in the provider table (asked on a terminal)')
      .option('--json', 'Machine-readable output')
      .example('credhelper login')
      .example('printf %s "$KEY" | credhelper login --provider openai --profile work --stdin')
      .action((provider: unknown, options: Record<string, unknown>) => {
        result = {
          json: options.json === true,
          task: async () =>
            (await import('./commands/store-commands.js')).login(globals(options), storeOptions(provider, options)),
        };
      });
  }

  if (defines('paste-token')) {
    cli
      .command(
        'paste-token',
        'Store a token (e.g. from `claude setup-token`), optionally with its lifetime (keychain or auth.json, as login)',
      )
      .option('--provider <id>', 'The provider (e.g. anthropic)')
      .option('--profile <name>', 'Store it as <provider>:<name>')
      .option('--expires-in <duration>', 'When it stops working, e.g. 30d, 12h (for status --check)')
      .option('--stdin', 'Read the token from standard input')
      .option('--overwrite', 'Replace an entry of another kind (an API key from login, an OAuth login) without asking')
      .option('--custom', 'Allow a provider id that is not in the provider table (asked on a terminal)')
      .option('--json', 'Machine-readable output')
      .example('credhelper paste-token --provider anthropic --expires-in 365d   # asks for it, masked')
      .example('printf %s "$TOKEN" | credhelper paste-token --provider openrouter --stdin')
      .action((options: Record<string, unknown>) => {
        const parsedExpiry =
          options.expiresIn === undefined ? undefined : parseDurationFlag('--expires-in', options.expiresIn);
        if (parsedExpiry !== undefined && 'usageError' in parsedExpiry) throw new UsageError(parsedExpiry.usageError);
        const expiresIn = parsedExpiry?.ms;
        if (expiresIn === 0) throw new UsageError('expected --expires-in to be longer than 0 (e.g. 30d)');
        const picked = {
          ...storeOptions(undefined, options),
          ...(expiresIn === undefined ? {} : { expiresInMs: expiresIn }),
        };
        if (picked.provider === undefined) throw new UsageError('pass --provider (e.g. --provider anthropic)');
        result = {
          json: options.json === true,
          task: async () => (await import('./commands/store-commands.js')).login(globals(options), picked, 'token'),
        };
      });
  }

  if (defines('list')) {
    cli
      .command('list', 'Stored credentials by type, then the provider variables that are set (names only)')
      .alias('ls')
      .option('--json', 'Machine-readable output')
      .example('credhelper list')
      .example('credhelper list --json')
      .action((options: Record<string, unknown>) => {
        result = {
          json: options.json === true,
          task: async () => (await import('./commands/store-commands.js')).list(globals(options)),
        };
      });
  }

  if (defines('logout')) {
    cli
      .command('logout [provider]', 'Remove a stored credential (asked when omitted)')
      .option('--provider <id>', 'The provider')
      .option('--profile <name>', 'Remove <provider>:<name>')
      .option('--json', 'Machine-readable output')
      .example('credhelper logout                  # asks which one')
      .example('credhelper logout openai')
      .example('credhelper logout anthropic --profile work')
      .action((provider: unknown, options: Record<string, unknown>) => {
        result = {
          json: options.json === true,
          task: async () =>
            (await import('./commands/store-commands.js')).logout(globals(options), storeOptions(provider, options)),
        };
      });
  }

  if (defines('auth')) {
    cli
      .command(
        'auth <what> <action> [...ids]',
        'auth order get|set|clear --provider P [ids]: which stored entries go first',
      )
      .usage('auth order get|set|clear --provider <id> [ids...] [--json]')
      .option('--provider <id>', 'The provider')
      .option('--json', 'Machine-readable output')
      .example('credhelper auth order get --provider anthropic')
      .example('credhelper auth order set --provider anthropic work default')
      .action((what: unknown, action: unknown, ids: unknown, options: Record<string, unknown>) => {
        if (what !== 'order') throw new UsageError(`expected \`auth order …\`, got \`auth ${String(what)}\``);
        const picked = { ids: Array.isArray(ids) ? ids.map(String) : [], ...storeOptions(undefined, options) };
        result = {
          json: options.json === true,
          task: async () =>
            (await import('./commands/store-commands.js')).authOrder(globals(options), String(action), picked),
        };
      });
  }

  if (defines('import')) {
    cli
      .command('import <file>', "Copy the entries of opencode's or pi's auth.json into credhelper's store")
      .option('--overwrite', 'Replace entries that are already stored')
      .option('--json', 'Machine-readable output')
      .example('credhelper import ~/.local/share/opencode/auth.json')
      .action((file: unknown, options: Record<string, unknown>) => {
        result = {
          json: options.json === true,
          task: async () =>
            (await import('./commands/store-commands.js')).importStore(globals(options), String(file), {
              overwrite: options.overwrite === true,
            }),
        };
      });
  }

  if (defines('store')) {
    cli
      .command(
        'store <action>',
        'store migrate [--to keychain|file]: move the stored secrets into the OS keychain (or back)',
      )
      .usage('store migrate [--to keychain|file] [--json]')
      .option('--to <where>', 'keychain (default) or file')
      .option('--json', 'Machine-readable output')
      .example('credhelper store migrate')
      .example('credhelper store migrate --to file   # back into auth.json (plaintext)')
      .action((action: unknown, options: Record<string, unknown>) => {
        const to = options.to === undefined ? undefined : String(options.to);
        result = {
          json: options.json === true,
          task: async () =>
            (await import('./commands/store-commands.js')).storeMigrate(globals(options), String(action), to),
        };
      });
  }

  // Each command's help shows the whole form (its arguments and options), as usage errors do.
  for (const command of cli.commands) command.usage(usageLine(command));
  cli.help(indentExamples);
  try {
    // `--proxy-log -` (stderr) first becomes `--proxy-log=-`; then, before cac parses: `--min-validity
    // -1h` reads as `-1 -h`, and cac prints the help for `-h`.
    const words = joinDashOptionValues(argv);
    const commandWord = words.find((word) => cli.commands.some((command) => command.isMatched(word)));
    const named = cli.commands.find((command) => commandWord !== undefined && command.isMatched(commandWord));
    const dashed = dashedOptionValue(words, [...(named?.options ?? []), ...cli.globalCommand.options]);
    if (dashed !== undefined) return usage(`${dashed}\n${usageFooter(named)}`);
    const parsed = cli.parse(['node', 'credhelper', ...words], { run: false });
    if (parsed.options.help === true) return { kind: 'help', outputHelp: () => cli.outputHelp() };
    if (parsed.options.version === true) return { kind: 'version' };
    if (cli.matchedCommand === undefined) {
      const commands = cli.commands.map((command) => command.name).join(', ');
      if (parsed.args.length > 0) {
        return usage(`unknown command '${String(parsed.args[0])}' (commands: ${commands})\n${usageFooter(undefined)}`);
      }
      if (argv.length > 0) return usage(`expected a command (${commands})\n${usageFooter(undefined)}`);
      return { kind: 'noCommand', outputHelp: () => cli.outputHelp() };
    }
    cli.runMatchedCommand();
    if (result === undefined) return usage(`nothing to do\n${usageFooter(cli.matchedCommand)}`);
    return { kind: 'run', ...result, usage: usageFooter(cli.matchedCommand) };
  } catch (error) {
    if (error instanceof UsageError || (error instanceof Error && error.name === 'CACError')) {
      return usage(`${usageProblem(error.message, cli.matchedCommand, argv)}\n${usageFooter(cli.matchedCommand)}`);
    }
    throw error;
  }
}

/** cac prints examples flush left; indented, they read as the other sections do. */
function indentExamples(sections: Array<{ title?: string; body: string }>): Array<{ title?: string; body: string }> {
  return sections.map((section) =>
    section.title === 'Examples' ? { ...section, body: section.body.replace(/^/gm, '  ') } : section,
  );
}

/** A usage problem; whatever of the command line it quotes is redacted (a key pasted as an argument). */
function usage(message: string): ParsedCommandLine {
  return { kind: 'usage', message: redact(message) };
}

/**
 * Runs the CLI with `argv` (without `node` and the script) and resolves to the exit code. Data goes
 * to stdout; diagnostics to stderr.
 */
export async function main(argv: string[], io: CliIo = { stdout: lazyStdout, stderr: lazyStderr }): Promise<number> {
  try {
    const parsed = parseCommandLine(argv);
    switch (parsed.kind) {
      case 'version':
        io.stdout.write(`${version()}\n`);
        return EXIT.OK;
      case 'help':
        return EXIT.OK;
      case 'noCommand':
        parsed.outputHelp();
        return EXIT.USAGE;
      case 'usage':
        throw new UsageError(parsed.message);
    }
    const outcome = await parsed.task();
    if (outcome.usageError !== undefined) throw new UsageError(`${outcome.usageError}\n${parsed.usage}`);
    endRefreshOutputLine(io.stderr);
    io.stdout.write(render(outcome, parsed.json));
    return outcome.exitCode ?? EXIT.OK;
  } catch (error) {
    endRefreshOutputLine(io.stderr);
    releaseHeldStderr(io.stderr);
    if (error instanceof OutputError) {
      io.stderr.write(`credhelper: ${error.message}\n`);
      return EXIT.OUTPUT;
    }
    if (error instanceof UsageError) {
      // The message ends with the right form of the command and where its examples are.
      io.stderr.write(`credhelper: ${printable(error.message, { keepNewlines: true })}\n`);
      return EXIT.USAGE;
    }
    // A message may quote names from files: no control character reaches the terminal.
    io.stderr.write(
      `${isCredentialHelperError(error) ? printable(error.message, { keepNewlines: true }) : `[credhelper] unexpected error: ${error instanceof Error ? error.name : typeof error}. Please report it.`}\n`,
    );
    return exitCodeOf(error);
  }
}
