// A helper never outlives the CLI: SIGTERM, SIGINT or SIGHUP to `credhelper` while a helper runs
// stops the helper's whole process group (TERM, then KILL) and exits 128 + the signal's number.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, cliHome, userSettings } from '../support/cli.js';
import { fixture, isAlive, readPid, scratchDir, waitFor } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { processesWith } from '../support/processes.js';

isolateTests();

const EXIT_CODE = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
type ExitSignal = keyof typeof EXIT_CODE;
const SIGNALS = Object.keys(EXIT_CODE) as ExitSignal[];
/** SIGTERM → SIGKILL grace (2 s) plus start-up and scheduling slack on a loaded 2-core machine. */
const BOUND_MS = 6_000;

interface Started {
  token: string;
  stderr: () => string;
  /** Resolves with the exit code and signal of the CLI, and how long it took after `kill`. */
  kill: (signal: ExitSignal) => Promise<{ code: number | null; signal: NodeJS.Signals | null; afterMs: number }>;
}

/** Starts the built CLI with `args` and `settings`, and waits until `minProcesses` of its helper run. */
async function startCli(
  args: string[],
  settings: Record<string, string>,
  minProcesses: number,
  extra: Record<string, string> = {},
): Promise<Started> {
  const token = `SIGNAL_${randomBytes(6).toString('hex')}`;
  const { home, env } = cliHome({
    FAULT_TOKEN: token,
    CANARY: 'sk-ant-test-signal-canary-0001',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(scratchDir(), 'none'),
    AWS_SHARED_CREDENTIALS_FILE: join(scratchDir(), 'none'),
    ...extra,
  });
  userSettings(home, settings);
  const child = spawn(process.execPath, [CLI, ...args], { env, cwd: home, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  // The CLI has the token too: count only the helper's processes.
  const helperProcesses = () => processesWith(token).filter((pid) => pid !== child.pid).length;
  expect(await waitFor(() => helperProcesses() >= minProcesses, 10_000), 'the helper started').toBe(true);
  return {
    token,
    stderr: () => stderr,
    async kill(signal) {
      const sentAt = performance.now();
      child.kill(signal);
      const result = await exited;
      return { ...result, afterMs: performance.now() - sentAt };
    },
  };
}

describe('a signal to the CLI while a helper runs', () => {
  it.each(SIGNALS)('%s: the helper and its grandchildren are killed; exit 128 + n', async (signal) => {
    // The leader, two `sh -c` grandchildren and their two `sleep`s.
    const run = await startCli(['get', 'anthropic'], { apiKeyHelper: fixture('faults/hang-with-grandchildren.sh') }, 5);
    const { code, signal: killedBy, afterMs } = await run.kill(signal);
    expect({ code, killedBy }).toEqual({ code: EXIT_CODE[signal], killedBy: null });
    expect(afterMs).toBeLessThan(BOUND_MS);
    expect(await waitFor(() => processesWith(run.token).length === 0, 3_000)).toBe(true);
    // The error says why the helper stopped, and no secret the helper printed.
    expect(run.stderr()).toContain(`apiKeyHelper was stopped because credhelper received ${signal}`);
    expect(run.stderr()).not.toContain('sk-ant-test-signal-canary-0001');
  });

  it('a backgrounded grandchild (hang-with-grandchild.sh) dies with the group', async () => {
    const pidFile = join(scratchDir(), 'grandchild.pid');
    const run = await startCli(['get', 'anthropic'], { apiKeyHelper: fixture('hang-with-grandchild.sh') }, 2, {
      PID_FILE: pidFile,
    });
    const grandchild = await readPid(pidFile);
    expect((await run.kill('SIGTERM')).code).toBe(143);
    expect(await waitFor(() => !isAlive(grandchild), 3_000)).toBe(true);
  });

  it('a helper that ignores SIGTERM gets SIGKILL after the grace period', async () => {
    const pidFile = join(scratchDir(), 'helper.pid');
    const run = await startCli(['get', 'anthropic'], { apiKeyHelper: fixture('ignore-term.sh') }, 1, {
      PID_FILE: pidFile,
    });
    const { code, afterMs } = await run.kill('SIGINT');
    expect(code).toBe(130);
    expect(afterMs).toBeGreaterThan(1_500); // it waited for the grace period, then killed
    expect(afterMs).toBeLessThan(BOUND_MS);
    expect(await waitFor(() => processesWith(run.token).length === 0, 3_000)).toBe(true);
  });

  it('awsCredentialExport (get bedrock) and awsAuthRefresh (aws-credential-process) are stopped too', async () => {
    const hang = fixture('faults/hang-with-grandchildren.sh');
    for (const [args, settings] of [
      [['get', 'bedrock'], { awsCredentialExport: hang }],
      [['aws-credential-process'], { awsAuthRefresh: hang }],
    ] as const) {
      const run = await startCli([...args], settings, 5);
      expect((await run.kill('SIGTERM')).code, args.join(' ')).toBe(143);
      expect(await waitFor(() => processesWith(run.token).length === 0, 3_000), args.join(' ')).toBe(true);
    }
  });

  it('`exec` resolving its credentials is stopped the same way (before its child starts)', async () => {
    const run = await startCli(
      ['exec', '--', 'sh', '-c', 'echo child-ran'],
      { apiKeyHelper: fixture('faults/hang-with-grandchildren.sh') },
      5,
    );
    expect((await run.kill('SIGHUP')).code).toBe(129);
    expect(await waitFor(() => processesWith(run.token).length === 0, 3_000)).toBe(true);
  });
});
