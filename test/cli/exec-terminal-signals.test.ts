// Issue 22: `exec` and SIGINT/SIGQUIT. A terminal's Ctrl-C / Ctrl-\ goes to its whole foreground
// process group, so the child has it already: it must arrive once. A SIGINT/SIGQUIT the terminal
// cannot have sent (credhelper in the background, no controlling terminal) was a `kill` to
// credhelper alone: it is forwarded, so that a supervisor's `kill -INT` stops the agent. In the
// foreground a sentinel process in credhelper's group tells a group signal from one to its pid.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { GROUP_SIGNAL_WAIT_MS } from '../../src/cli/group-signal-sentinel.js';
import { CLI, cliHome } from '../support/cli.js';
import { fixture, waitFor } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { hasScript, type PtySession, runInPty } from '../support/pty.js';

isolateTests();
const KEY = 'sk-ant-test-exec-signals-0001';
const COUNTER = fixture('count-interrupts.mjs');
/** Time for a second, duplicate delivery to show up on a loaded machine. */
const SETTLE_MS = 700;
const sessions: PtySession[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) session.process.kill('SIGKILL');
});

/** The pids whose parent is `pid` (from /proc). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((candidate) => {
      try {
        const stat = readFileSync(`/proc/${candidate}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    });
}

function commandOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `credhelper exec -- node count-interrupts.mjs` as a shell command line, with `redirect` appended. */
function execLine(redirect = ''): string {
  return `${process.execPath} ${CLI} exec -- ${process.execPath} ${COUNTER}${redirect}`;
}

/** Starts `line` in a pseudo-terminal; resolves with the session and credhelper's pid. */
async function inPty(line: string): Promise<{ session: PtySession; credhelper: number }> {
  const { env } = cliHome({ ANTHROPIC_API_KEY: KEY });
  const session = runInPty(line, { env, cwd: env.HOME });
  sessions.push(session);
  await session.waitFor(/ready \d+/, 20_000);
  return { session, credhelper: Number(/ready (\d+)/.exec(session.screen())?.[1]) };
}

/** Ends the child with SIGTERM through credhelper and returns the counts it printed. */
async function countsAfterTerm(session: PtySession, credhelper: number): Promise<string> {
  process.kill(credhelper, 'SIGTERM');
  await session.waitFor(/done ints=\d+ quits=\d+/, 10_000);
  return /done (ints=\d+ quits=\d+)/.exec(session.screen())?.[1] ?? '';
}

describe.skipIf(!hasScript())('exec in a real terminal', () => {
  it('Ctrl-C and Ctrl-\\ typed at the terminal reach the child once each (stdin on the terminal)', async () => {
    // `exec`: the session's shell would die of the terminal's SIGQUIT, taking the terminal away.
    const { session, credhelper } = await inPty(`exec ${execLine()}`);
    session.type('\x03');
    await session.waitFor('int 1');
    session.type('\x1c');
    await session.waitFor('quit 1');
    await sleep(SETTLE_MS);
    expect(await countsAfterTerm(session, credhelper)).toBe('ints=1 quits=1');
    expect(session.screen()).not.toContain(KEY);
  }, 40_000);

  it('Ctrl-C reaches the child once when stdin is redirected but credhelper runs in the foreground', async () => {
    // stdin is no terminal, yet the terminal's Ctrl-C reaches the whole foreground group.
    const { session, credhelper } = await inPty(`exec ${execLine(' </dev/null')}`);
    session.type('\x03');
    await session.waitFor('int 1');
    await sleep(SETTLE_MS);
    expect(await countsAfterTerm(session, credhelper)).toBe('ints=1 quits=0');
  }, 40_000);

  it('kill -INT / -QUIT to credhelper in the background (job control) is forwarded to the child', async () => {
    // `set -m`: the job gets its own process group, not the terminal's foreground one; its stdin
    // is still the terminal. Ctrl-C cannot have sent this SIGINT: someone's kill did.
    const { session, credhelper } = await inPty(`set -m; ${execLine()} & wait`);
    process.kill(credhelper, 'SIGINT');
    await session.waitFor('int 1', 5_000);
    process.kill(credhelper, 'SIGQUIT');
    await session.waitFor('quit 1', 5_000);
    expect(await countsAfterTerm(session, credhelper)).toBe('ints=1 quits=1');
  }, 40_000);

  it('kill -INT / -QUIT to credhelper alone while it is the foreground group is forwarded, once each', async () => {
    // In the foreground a SIGINT may be the terminal's (the child has it) or a `kill` to
    // credhelper's pid alone (it does not): the sentinel in credhelper's group tells them apart.
    const { session, credhelper } = await inPty(`exec ${execLine()}`);
    process.kill(credhelper, 'SIGINT');
    await session.waitFor('int 1', 10_000);
    process.kill(credhelper, 'SIGQUIT');
    await session.waitFor('quit 1', 10_000);
    await sleep(SETTLE_MS);
    expect(await countsAfterTerm(session, credhelper)).toBe('ints=1 quits=1');
  }, 40_000);

  it('kill -INT to credhelper alone is forwarded in the foreground with stdin redirected too', async () => {
    const { session, credhelper } = await inPty(`exec ${execLine(' </dev/null')}`);
    process.kill(credhelper, 'SIGINT');
    await session.waitFor('int 1', 10_000);
    await sleep(SETTLE_MS);
    expect(await countsAfterTerm(session, credhelper)).toBe('ints=1 quits=0');
  }, 40_000);

  it('kill -INT to the whole foreground group reaches the child once; three Ctrl-C in a row three times', async () => {
    const { session, credhelper } = await inPty(`exec ${execLine()}`);
    process.kill(-credhelper, 'SIGINT'); // exec: credhelper leads the foreground group
    await session.waitFor('int 1', 10_000);
    for (let typed = 0; typed < 3; typed++) {
      session.type('\x03');
      await sleep(30);
    }
    await session.waitFor('int 4', 10_000);
    await sleep(SETTLE_MS + GROUP_SIGNAL_WAIT_MS);
    expect(await countsAfterTerm(session, credhelper)).toBe('ints=4 quits=0');
  }, 40_000);

  it('leaves no sentinel behind: the process it started in its group ends with credhelper', async () => {
    const { session, credhelper } = await inPty(`exec ${execLine()}`);
    const sentinels = childrenOf(credhelper).filter((pid) => commandOf(pid) === 'cat');
    expect(sentinels).toHaveLength(1);
    session.type('\x03'); // the sentinel dies of it and is replaced
    await session.waitFor('int 1');
    expect(
      await waitFor(
        () => childrenOf(credhelper).some((pid) => commandOf(pid) === 'cat' && pid !== sentinels[0]),
        5_000,
      ),
    ).toBe(true);
    const replaced = childrenOf(credhelper).filter((pid) => commandOf(pid) === 'cat');
    expect(await countsAfterTerm(session, credhelper)).toBe('ints=1 quits=0');
    await session.exited;
    expect(await waitFor(() => replaced.every((pid) => !existsSync(`/proc/${pid}`)), 5_000)).toBe(true);
  }, 40_000);
});

describe('exec with no terminal', () => {
  it('kill -INT and kill -QUIT to credhelper are forwarded to the child, once each', async () => {
    const { env } = cliHome({ ANTHROPIC_API_KEY: KEY });
    const child = spawn(process.execPath, [CLI, 'exec', '--', process.execPath, COUNTER], {
      env,
      cwd: env.HOME,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // no controlling terminal, as under a supervisor
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    expect(await waitFor(() => stdout.includes('ready'), 10_000)).toBe(true);
    child.kill('SIGINT');
    expect(await waitFor(() => stdout.includes('int 1'), 5_000)).toBe(true);
    child.kill('SIGQUIT');
    expect(await waitFor(() => stdout.includes('quit 1'), 5_000)).toBe(true);
    await sleep(SETTLE_MS);
    child.kill('SIGTERM');
    expect(await closed).toBe(0);
    expect(stdout).toContain('done ints=1 quits=1');
  }, 30_000);
});
