import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CLI } from '../support/cli.js';
import { runCount } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { AS_ROOT, cliAs, type LocalUser, localUser, sharedArea, shellAs } from '../support/local-users.js';

// Another local user plays the attacker: they can create folders and files in a world-writable
// place (/tmp, an XDG_RUNTIME_DIR of /tmp) before the victim runs credhelper. Real accounts
// (useradd), real processes (setpriv), the built CLI.

isolateTests();
vi.setConfig({ testTimeout: 90_000 });

if (!AS_ROOT) console.log('cross-user tests skipped: they need root to create two local users (CI runs as root)');

const VICTIM_KEY = 'sk-ant-test-victim-key-0123456789';
const PLANTED_KEY = 'sk-ant-test-planted-by-attacker-0123';

/** A victim home (owned by the victim) whose apiKeyHelper prints VICTIM_KEY and counts its runs. */
function victimHome(home: string, victim: LocalUser): { count: string } {
  const count = join(home, 'count');
  const script = join(home, 'vend.sh');
  writeFileSync(script, `#!/bin/sh\necho run >> "${count}"\necho ${VICTIM_KEY}\n`, { mode: 0o755 });
  mkdirSync(join(home, '.config', 'credhelper'), { recursive: true });
  writeFileSync(join(home, '.config', 'credhelper', 'settings.json'), JSON.stringify({ apiKeyHelper: script }));
  for (const path of [script, join(home, '.config'), join(home, '.config', 'credhelper')]) {
    chownSync(path, victim.uid, victim.gid);
  }
  chownSync(join(home, '.config', 'credhelper', 'settings.json'), victim.uid, victim.gid);
  return { count };
}

function envFor(home: string, runtimeDir: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_RUNTIME_DIR: runtimeDir,
    AWS_EC2_METADATA_DISABLED: 'true',
    METADATA_SERVER_DETECTION: 'none',
  };
}

/**
 * The entry the victim's `get anthropic` writes, learnt from a run with a private runtime dir.
 * Names are an HMAC (keyed by the cache directory's identity key) of the whole environment, so a
 * name learnt here is the victim's name only for runs with this same environment: in the tests
 * that plant into an attacker's directory the planted files are decoys, and what is proven is
 * that the directory itself is refused (nothing is read from it or written to it).
 */
function learnEntry(user: LocalUser | null, home: string): { name: string; text: string } {
  const privateRun = join(home, 'private-run');
  mkdirSync(privateRun, { mode: 0o700 });
  if (user !== null) chownSync(privateRun, user.uid, user.gid);
  const run = cliAs(user, ['get', 'anthropic'], envFor(home, privateRun));
  expect(run.code, run.stderr).toBe(0);
  const dir = join(privateRun, 'credhelper');
  const names = readdirSync(dir).filter((name) => name.endsWith('.json'));
  expect(names).toHaveLength(1);
  const name = names[0] as string;
  return { name, text: readFileSync(join(dir, name), 'utf8') };
}

/** Every file in `dir` with its owner and whether it holds the victim's key. */
function inventory(dir: string): Array<{ name: string; uid: number; hasVictimKey: boolean }> {
  return readdirSync(dir).map((name) => {
    const path = join(dir, name);
    const stats = lstatSync(path);
    const text = stats.isFile() ? readFileSync(path, 'utf8') : '';
    return { name, uid: stats.uid, hasVictimKey: text.includes(VICTIM_KEY) };
  });
}

describe.runIf(AS_ROOT)('the shared cache under a world-writable parent, with another local user', () => {
  const attacker = AS_ROOT ? localUser('credhelper-attacker') : ({ name: '', uid: -1, gid: -1 } as LocalUser);
  const victim = AS_ROOT ? localUser('credhelper-victim') : ({ name: '', uid: -1, gid: -1 } as LocalUser);

  it('a cache directory the attacker made first is not used: no planted entry is served, nothing is written there', () => {
    const { shared, homes } = sharedArea([attacker, victim]);
    const home = homes.get(victim.name) as string;
    const { count } = victimHome(home, victim);
    const entry = learnEntry(victim, home);
    const trap = join(shared, 'credhelper');
    // The attacker prepares the victim's cache directory, open to all, with a planted entry.
    shellAs(attacker, `mkdir -m 777 "${trap}" && cat > "${trap}/${entry.name}" && chmod 666 "${trap}/${entry.name}"`);
    const planted = entry.text.replace(VICTIM_KEY, PLANTED_KEY);
    writeFileSync(join(trap, entry.name), planted);

    const runsBefore = runCount(count);
    const run = cliAs(victim, ['get', 'anthropic'], envFor(home, shared));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`${VICTIM_KEY}\n`);
    expect(runCount(count)).toBe(runsBefore + 1); // resolved alone: the helper ran
    // Nothing of the victim's landed in the attacker's directory, and the planted file is untouched.
    expect(inventory(trap)).toEqual([{ name: entry.name, uid: attacker.uid, hasVictimKey: false }]);
    expect(readFileSync(join(trap, entry.name), 'utf8')).toBe(planted);

    const status = cliAs(victim, ['status'], envFor(home, shared));
    expect(status.stdout).toContain(`shared cache: off: ${trap} is owned by uid ${attacker.uid}, not by you`);
    expect(status.stdout).not.toContain(VICTIM_KEY);
  });

  it('a symbolic link the attacker planted at the entry name never receives the key', () => {
    const { shared, homes } = sharedArea([attacker, victim]);
    const home = homes.get(victim.name) as string;
    victimHome(home, victim);
    const entry = learnEntry(victim, home);
    const trap = join(shared, 'credhelper');
    const loot = join(shared, 'loot');
    shellAs(
      attacker,
      `mkdir -m 777 "${trap}" && touch "${loot}" && chmod 666 "${loot}" && ln -s "${loot}" "${trap}/${entry.name}"`,
    );
    const run = cliAs(victim, ['get', 'anthropic'], envFor(home, shared));
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(loot, 'utf8')).toBe('');
    expect(inventory(trap).some((file) => file.uid === victim.uid || file.hasVictimKey)).toBe(false);
  });

  it("inside the victim's own directory, an entry or a lock of another user's is never used or waited on", () => {
    const { shared, homes } = sharedArea([attacker, victim]);
    const home = homes.get(victim.name) as string;
    const { count } = victimHome(home, victim);
    // Same environment for the learning run and the attack run: the entry name is an HMAC of both.
    const entry = learnEntry(victim, home);
    const dir = join(home, 'private-run', 'credhelper');
    const env = envFor(home, join(home, 'private-run'));
    // A planted entry of the attacker's at the victim's name (only root could put it there: defence in depth).
    writeFileSync(join(dir, entry.name), entry.text.replace(VICTIM_KEY, PLANTED_KEY));
    chownSync(join(dir, entry.name), attacker.uid, attacker.gid);
    const runsBefore = runCount(count);
    const served = cliAs(victim, ['get', 'anthropic'], env);
    expect(served.stdout).toBe(`${VICTIM_KEY}\n`);
    expect(runCount(count)).toBe(runsBefore + 1);
    // A planted lock naming pid 1 (alive for as long as the machine is): a waiter would wait ~35 s.
    rmSync(join(dir, entry.name), { force: true });
    writeFileSync(join(dir, `${entry.name}.lock`), '1 \n');
    chownSync(join(dir, `${entry.name}.lock`), attacker.uid, attacker.gid);
    const run = cliAs(victim, ['get', 'anthropic'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`${VICTIM_KEY}\n`);
    expect(run.ms).toBeLessThan(10_000);
    expect(shared).toBeTruthy();
  });

  it('root never hands a new entry to the owner of the old file (no chown): the attacker cannot read the key', () => {
    const { shared, homes } = sharedArea([attacker]);
    // root is the victim here: its home is a root-owned scratch folder.
    const home = join(homes.get(attacker.name) as string, '..', 'root-home');
    mkdirSync(home, { mode: 0o700 });
    victimHome(home, { name: 'root', uid: 0, gid: 0 });
    const entry = learnEntry(null, home);
    const trap = join(shared, 'credhelper');
    shellAs(attacker, `mkdir -m 700 "${trap}" && touch "${trap}/${entry.name}" && chmod 644 "${trap}/${entry.name}"`);
    const run = cliAs(null, ['get', 'anthropic'], envFor(home, shared));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`${VICTIM_KEY}\n`);
    expect(inventory(trap)).toEqual([{ name: entry.name, uid: attacker.uid, hasVictimKey: false }]);
  });

  it('a directory the user made but opened to others is refused, not chmodded (status says so)', () => {
    const { homes } = sharedArea([victim]);
    const home = homes.get(victim.name) as string;
    victimHome(home, victim);
    const runtime = join(home, 'run');
    shellAs(victim, `mkdir -m 700 "${runtime}" && mkdir -m 755 "${runtime}/credhelper"`);
    const run = cliAs(victim, ['status'], envFor(home, runtime));
    expect(run.stdout).toContain('has mode 0755, open to other users');
    expect(lstatSync(join(runtime, 'credhelper')).mode & 0o777).toBe(0o755);
    expect(readdirSync(join(runtime, 'credhelper'))).toEqual([]);
  });

  it("another user's auth.json is not read (their entries would name variables and token URLs for the victim)", () => {
    const { shared, homes } = sharedArea([attacker, victim]);
    const home = homes.get(victim.name) as string;
    const planted = join(shared, 'auth.json');
    shellAs(
      attacker,
      `printf '%s' '{"openai":{"type":"api","key":"sk-test-planted-openai"}}' > "${planted}" && chmod 644 "${planted}"`,
    );
    const env = { ...envFor(home, shared), CREDHELPER_AUTH_FILE: planted, CREDHELPER_SHARED_CACHE: '0' };
    const run = cliAs(victim, ['get', 'openai'], env);
    expect(run.code).toBe(78);
    expect(run.stderr).toContain(`${planted} is owned by uid ${attacker.uid}, not by you`);
    expect(run.stdout + run.stderr).not.toContain('sk-test-planted-openai');
  });

  it("root with another user's HOME (sudo -E) never runs that user's helpers: their settings file is refused", () => {
    const { shared, homes } = sharedArea([attacker]);
    const home = homes.get(attacker.name) as string;
    const marker = join(shared, 'ran-as-root');
    shellAs(
      attacker,
      `mkdir -p "${home}/.config/credhelper" && printf '%s' '{"apiKeyHelper":"id -u > ${marker}; echo ${PLANTED_KEY}"}' > "${home}/.config/credhelper/settings.json"`,
    );
    const run = cliAs(null, ['get', 'anthropic'], { ...envFor(home, shared), CREDHELPER_SHARED_CACHE: '0' });
    expect(run.code).toBe(78);
    expect(run.stderr).toContain(`settings.json is owned by uid ${attacker.uid}, not by you (uid 0)`);
    expect(existsSync(marker)).toBe(false);
    expect(run.stdout).not.toContain(PLANTED_KEY);
  });

  it('a settings file any user may write is refused, even your own', () => {
    const { shared, homes } = sharedArea([victim]);
    const home = homes.get(victim.name) as string;
    victimHome(home, victim);
    const settings = join(home, '.config', 'credhelper', 'settings.json');
    shellAs(victim, `chmod 666 "${settings}"`);
    const run = cliAs(victim, ['get', 'anthropic'], envFor(home, shared));
    expect(run.code).toBe(78);
    expect(run.stderr).toContain('can be written by any user');
  });

  it('a project checkout owned by another user (a bind mount) still works: project files are gated by trust, not owner', () => {
    const { shared, homes } = sharedArea([attacker]);
    const project = join(homes.get(attacker.name) as string, 'ws');
    shellAs(attacker, `mkdir -p "${project}/.credhelper" && echo '{}' > "${project}/.credhelper/settings.json"`);
    const home = join(shared, '..', 'root-home-2');
    mkdirSync(home, { mode: 0o700 });
    const env = { ...envFor(home, shared), ANTHROPIC_API_KEY: VICTIM_KEY, CREDHELPER_SHARED_CACHE: '0' };
    const argv = [process.execPath, CLI, 'get', 'anthropic'];
    const run = spawnSync(argv[0] as string, argv.slice(1), { env, cwd: project, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe(`${VICTIM_KEY}\n`);
  });
});
