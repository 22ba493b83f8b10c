import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CLI } from './cli.js';
import { scratchDir } from './fixtures.js';

/** A real unprivileged local account made for cross-user tests. */
export interface LocalUser {
  name: string;
  uid: number;
  gid: number;
}

/** True when the tests run as root, the only way to play two local users on one machine. */
export const AS_ROOT = process.getuid?.() === 0;

function idOf(name: string, flag: '-u' | '-g'): number | undefined {
  const run = spawnSync('id', [flag, name], { encoding: 'utf8' });
  return run.status === 0 ? Number(run.stdout.trim()) : undefined;
}

/**
 * The local account `name`, created with `useradd` (no home, no login shell) when it does not
 * exist. Needs root; two test files may race to create it, so "already exists" is fine.
 */
export function localUser(name: string): LocalUser {
  if (idOf(name, '-u') === undefined) {
    spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', name], { stdio: 'ignore' });
  }
  const uid = idOf(name, '-u');
  const gid = idOf(name, '-g');
  if (uid === undefined || gid === undefined) throw new Error(`could not create the local user ${name}`);
  return { name, uid, gid };
}

/** The command line that runs `argv` as `user` (setpriv: no password, no PAM, no environment change). */
export function asUser(user: LocalUser, argv: string[]): [string, string[]] {
  return ['setpriv', [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups', '--', ...argv]];
}

/** Runs a shell script as `user`; throws when it fails. */
export function shellAs(user: LocalUser, script: string, env: Record<string, string> = {}): string {
  const [file, args] = asUser(user, ['/bin/sh', '-c', script]);
  const run = spawnSync(file, args, { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } });
  if (run.status !== 0) throw new Error(`${script} as ${user.name} failed: ${run.stderr}`);
  return run.stdout;
}

/** Runs the built CLI as `user` (`null` runs it as the test's own user) and returns exit code, streams and duration. */
export function cliAs(
  user: LocalUser | null,
  args: string[],
  env: Record<string, string>,
): { code: number | null; stdout: string; stderr: string; ms: number } {
  const argv = [process.execPath, CLI, ...args];
  const [file, rest] = user === null ? [argv[0] as string, argv.slice(1)] : asUser(user, argv);
  const started = performance.now();
  const run = spawnSync(file, rest, { env, cwd: env.HOME, encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, ms: performance.now() - started };
}

/**
 * A scratch area that several users can reach: `root` (0755), a world-writable sticky `shared`
 * folder (what `/tmp` is, and what `XDG_RUNTIME_DIR` often is in containers and CI), and a home
 * for each user given, owned by that user (0700).
 */
export function sharedArea(users: LocalUser[]): { root: string; shared: string; homes: Map<string, string> } {
  const root = scratchDir();
  chmodSync(root, 0o755);
  const shared = join(root, 'shared');
  mkdirSync(shared);
  chmodSync(shared, 0o1777);
  const homes = new Map<string, string>();
  for (const user of users) {
    const home = join(root, user.name);
    mkdirSync(home, { mode: 0o700 });
    chownSync(home, user.uid, user.gid);
    homes.set(user.name, home);
  }
  return { root, shared, homes };
}
