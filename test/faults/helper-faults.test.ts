// The fault matrix: every helper setting × every way a real helper goes wrong. Each cell checks the
// typed error code, how long the caller waited, that no process of the helper is left behind, and
// that a secret canary the helper printed appears in no message, String(err), stack, inspect()
// output or CLI output. `npm run test:faults` runs this directory alone; `npm test` includes it.
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { type CredentialHelperErrorCode, createCredentialHelper, isCredentialHelperError } from 'credhelper';
import { afterEach, describe, expect, it } from 'vitest';
import { restoreProcessEnv, useAwsEnv, useGcpEnv } from '../support/clean-env.js';
import { cliAsync, cliHome, userSettings } from '../support/cli.js';
import { fixture, removeScratchDirs, scratchDir, waitFor } from '../support/fixtures.js';
import { processesWith } from '../support/processes.js';

afterEach(() => {
  restoreProcessEnv();
  removeScratchDirs();
});

/** Helper timeout in this suite (the default is 30 s; CREDHELPER_HELPER_TIMEOUT_MS sets it for the CLI). */
const TIMEOUT_MS = 1_500;
/** SIGTERM → SIGKILL grace (runHelper's default) plus scheduling slack on a loaded 2-core machine. */
const KILL_GRACE_MS = 2_000;
const SLACK_MS = 2_500;

type Setting = 'apiKeyHelper' | 'awsCredentialExport' | 'awsAuthRefresh' | 'gcpAuthRefresh';
const SETTINGS: Setting[] = ['apiKeyHelper', 'awsCredentialExport', 'awsAuthRefresh', 'gcpAuthRefresh'];

type Fault =
  | 'hangs'
  | 'hangs with grandchildren'
  | 'exits non-zero'
  | 'killed by a signal'
  | 'prints nothing'
  | 'prints 10 MB'
  | 'prints invalid JSON'
  | 'prints JSON of the wrong shape'
  | 'prints expired credentials'
  | 'prints to stderr'
  | 'closes stdout early and keeps running'
  | 'is not executable'
  | 'does not exist'
  | 'has shell metacharacters in its path';

/** The fault's script under test/fixtures/faults (copied for the metacharacter case). */
const SCRIPT: Record<Fault, string> = {
  hangs: 'hang.sh',
  'hangs with grandchildren': 'hang-with-grandchildren.sh',
  'exits non-zero': 'exit-nonzero.sh',
  'killed by a signal': 'killed-by-signal.sh',
  'prints nothing': 'print-nothing.sh',
  'prints 10 MB': 'print-10mb.sh',
  'prints invalid JSON': 'invalid-json.sh',
  'prints JSON of the wrong shape': 'wrong-shape.sh',
  'prints expired credentials': 'expired.sh',
  'prints to stderr': 'stderr.sh',
  'closes stdout early and keeps running': 'close-stdout-early.sh',
  'is not executable': 'not-executable.sh',
  'does not exist': 'no-such-helper.sh',
  'has shell metacharacters in its path': 'exit-nonzero-metachar.sh',
};

/** Faults that only end when credhelper stops the helper. */
const STOPPED_BY_TIMEOUT = new Set<Fault>([
  'hangs',
  'hangs with grandchildren',
  'closes stdout early and keeps running',
]);

/**
 * The expected code per cell. A credential helper's output is parsed; a refresh command's output is
 * a login flow passed on unparsed, so when it exits 0 the source is read again and still finds
 * nothing (CREDENTIALS_NOT_FOUND). An apiKeyHelper's key is one line: JSON (several lines) is not one.
 */
function expectedCode(setting: Setting, fault: Fault): CredentialHelperErrorCode {
  const refresh = setting === 'awsAuthRefresh' || setting === 'gcpAuthRefresh';
  switch (fault) {
    case 'hangs':
    case 'hangs with grandchildren':
    case 'closes stdout early and keeps running':
      return 'HELPER_TIMEOUT';
    case 'exits non-zero':
    case 'is not executable':
    case 'does not exist':
    case 'has shell metacharacters in its path':
      return 'HELPER_EXIT';
    case 'killed by a signal':
      return 'HELPER_SIGNAL';
    case 'prints 10 MB':
      return 'HELPER_OUTPUT_TOO_LARGE';
    case 'prints to stderr':
      if (refresh) return 'CREDENTIALS_NOT_FOUND';
      return setting === 'apiKeyHelper' ? 'HELPER_STDERR' : 'OUTPUT_INVALID';
    case 'prints expired credentials':
      if (refresh) return 'CREDENTIALS_NOT_FOUND';
      return setting === 'apiKeyHelper' ? 'OUTPUT_INVALID' : 'CREDENTIALS_EXPIRED';
    default:
      return refresh ? 'CREDENTIALS_NOT_FOUND' : 'OUTPUT_INVALID';
  }
}

const FAULTS = Object.keys(SCRIPT) as Fault[];

/** A fresh canary per cell. Not secret-shaped, so that only credhelper's own care keeps it out. */
const canary = (): string => `test-canary-secret-${randomBytes(8).toString('hex')}`;

/** The setting's value: the fault's script (quoted as a user would when its path has metacharacters). */
function helperCommand(fault: Fault, dir: string): { command: string; pwned: string } {
  const pwned = join(dir, 'PWNED');
  if (fault === 'does not exist') return { command: join(dir, SCRIPT[fault]), pwned };
  if (fault !== 'has shell metacharacters in its path') return { command: fixture(`faults/${SCRIPT[fault]}`), pwned };
  // Every character sh treats specially, and an injection that would create PWNED if unquoted.
  // The helper runs in `dir`, so an unquoted `touch PWNED` would create dir/PWNED.
  const nasty = join(dir, 'a b;$(touch PWNED)&|<>*?[x]~`touch PWNED`#!"\'\\');
  mkdirSync(nasty);
  const script = join(nasty, SCRIPT[fault]);
  copyFileSync(fixture(`faults/${SCRIPT[fault]}`), script);
  return { command: `'${script.replaceAll("'", `'\\''`)}'`, pwned };
}

/** Upper bound on the time until the caller gets the error. */
function boundMs(fault: Fault): number {
  return STOPPED_BY_TIMEOUT.has(fault) ? TIMEOUT_MS + KILL_GRACE_MS + SLACK_MS : 5_000;
}

interface Cell {
  setting: Setting;
  fault: Fault;
  secret: string;
  token: string;
  command: string;
  pwned: string;
  /** The helper's working directory. */
  dir: string;
}

function cell(setting: Setting, fault: Fault): Cell {
  const dir = scratchDir();
  const { command, pwned } = helperCommand(fault, dir);
  const token = `FAULT_${randomBytes(6).toString('hex')}`;
  return { setting, fault, secret: canary(), token, command, pwned, dir };
}

/** The environment of a cell: nothing configured but the one setting, so that nothing else can win. */
function cellEnv(c: Cell): NodeJS.ProcessEnv {
  const extra = { CANARY: c.secret, FAULT_TOKEN: c.token, AWS_REGION: 'us-east-1' };
  return c.setting === 'gcpAuthRefresh'
    ? useGcpEnv({ ...extra, GOOGLE_CLOUD_PROJECT: 'test-project', CLOUD_ML_REGION: 'us-east5' })
    : useAwsEnv(extra);
}

async function resolveCell(c: Cell, env: NodeJS.ProcessEnv, refreshOutput: string[]): Promise<unknown> {
  const creds = createCredentialHelper({
    env,
    cwd: c.dir,
    settings: { [c.setting]: c.command },
    helperTimeoutMs: TIMEOUT_MS,
    refreshTimeoutMs: TIMEOUT_MS,
    onRefreshOutput: (chunk) => refreshOutput.push(chunk),
    strictHelperStderr: true, // the documented contract; the default (a diagnostic) is in test/conformance/
  });
  if (c.setting === 'apiKeyHelper') return creds.anthropic();
  if (c.setting === 'gcpAuthRefresh') return creds.vertex();
  return creds.bedrock();
}

describe.each(SETTINGS)('%s', (setting) => {
  it.each(FAULTS)('%s: typed error, bounded wait, no process left, no canary', async (fault) => {
    const c = cell(setting, fault);
    const env = cellEnv(c);
    const refreshOutput: string[] = [];
    const started = performance.now();
    const error = await resolveCell(c, env, refreshOutput).then(
      () => new Error('resolved, expected an error'),
      (e: unknown) => e,
    );
    const waitedMs = performance.now() - started;

    expect(isCredentialHelperError(error) ? error.code : String(error)).toBe(expectedCode(setting, fault));
    expect(waitedMs).toBeLessThan(boundMs(fault));
    if (!isCredentialHelperError(error)) return;
    const refresh = setting === 'awsAuthRefresh' || setting === 'gcpAuthRefresh';
    if (error.code.startsWith('HELPER_')) expect(error.details.setting).toBe(setting);
    if (fault === 'exits non-zero') expect(error.details.exitCode).toBe(3);
    if (fault === 'has shell metacharacters in its path') expect(error.details.exitCode).toBe(5);
    if (fault === 'is not executable') expect(error.details.exitCode).toBe(126);
    if (fault === 'does not exist') expect(error.details.exitCode).toBe(127);
    if (fault === 'killed by a signal') expect(error.details.signal).toBe('SIGKILL');
    expect(existsSync(c.pwned)).toBe(false);

    // Everything a caller, a logger or a crash report could print.
    for (const text of [error.message, String(error), error.stack ?? '', inspect(error, { depth: 8 })]) {
      expect(text).not.toContain(c.secret);
    }
    expect(JSON.stringify(error.details)).not.toContain(c.secret);
    // A refresh command's output is the user's login flow, passed on unchanged (and only there).
    if (!refresh) expect(refreshOutput).toEqual([]);

    expect(await waitFor(() => processesWith(c.token).length === 0, 3_000)).toBe(true);
  });
});

describe('the same matrix through the CLI (`credhelper get`)', () => {
  const command: Record<Setting, string> = {
    apiKeyHelper: 'anthropic',
    awsCredentialExport: 'bedrock',
    awsAuthRefresh: 'bedrock',
    gcpAuthRefresh: 'vertex',
  };
  it.each(SETTINGS)(
    '%s: every fault exits non-zero; the canary is on neither stream; no process left',
    async (setting) => {
      const cells = FAULTS.map((fault) => cell(setting, fault));
      // The cells of one setting run at once: 14 CLI processes, each with its own HOME.
      const runs = await Promise.all(
        cells.map(async (c) => {
          const { home, env } = cliHome({
            CANARY: c.secret,
            FAULT_TOKEN: c.token,
            AWS_REGION: 'us-east-1',
            GOOGLE_CLOUD_PROJECT: 'test-project',
            CLOUD_ML_REGION: 'us-east5',
            CREDHELPER_HELPER_TIMEOUT_MS: String(TIMEOUT_MS),
            CREDHELPER_REFRESH_TIMEOUT_MS: String(TIMEOUT_MS),
          });
          // The documented contract (stderr is an error); the default is in test/conformance/.
          userSettings(home, { [setting]: c.command, strictHelperStderr: true });
          const started = performance.now();
          const run = await cliAsync(['get', command[setting]], { env, cwd: c.dir, timeoutMs: 30_000 });
          return { c, run, waitedMs: performance.now() - started };
        }),
      );
      for (const { c, run, waitedMs } of runs) {
        const label = `${setting} / ${c.fault}`;
        expect(run.code, label).not.toBe(0);
        expect(run.code, label).not.toBe(null);
        expect(run.stdout, label).toBe('');
        // stderr holds the error and, for refresh commands, the login flow they print (by design):
        // the refresh fault scripts print the canary on stdout, which is that flow.
        const refresh = setting === 'awsAuthRefresh' || setting === 'gcpAuthRefresh';
        // The error is the last line, on a line of its own even after a login flow that ended mid-line.
        const errorLine = run.stderr.trimEnd().split('\n').at(-1) ?? '';
        expect(errorLine, label).toMatch(/^(\[credhelper\] )?[a-zA-Z]+/);
        expect(errorLine, label).not.toContain(c.secret);
        if (!refresh) expect(run.stderr, label).not.toContain(c.secret);
        expect(run.stderr, label).not.toMatch(/\n\s+at /); // no stack trace
        expect(waitedMs, label).toBeLessThan(boundMs(c.fault) + 10_000); // 14 processes share 2 cores
        expect(existsSync(c.pwned), label).toBe(false);
      }
      for (const { c } of runs) {
        expect(await waitFor(() => processesWith(c.token).length === 0, 3_000), `${setting} / ${c.fault}`).toBe(true);
      }
    },
  );
});

describe('timeouts from the environment (how the CLI is given short timeouts)', () => {
  it('CREDHELPER_HELPER_TIMEOUT_MS / CREDHELPER_REFRESH_TIMEOUT_MS: a whole number of ms above 0, else INVALID_OPTION', () => {
    for (const variable of ['CREDHELPER_HELPER_TIMEOUT_MS', 'CREDHELPER_REFRESH_TIMEOUT_MS']) {
      for (const bad of ['0', '-1', '1.5', 'soon', '1e3']) {
        const error = (() => {
          try {
            createCredentialHelper({ env: { [variable]: bad } });
          } catch (e) {
            return e;
          }
        })();
        expect(isCredentialHelperError(error) && error.code, `${variable}=${bad}`).toBe('INVALID_OPTION');
        expect(isCredentialHelperError(error) && error.message).toContain(variable);
      }
      expect(() => createCredentialHelper({ env: { [variable]: '2500' } })).not.toThrow();
    }
  });
});
