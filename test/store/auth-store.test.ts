import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { AuthStore, isCredentialHelperError } from 'credhelper/internal';
import { describe, expect, it } from 'vitest';
import { everyRendering, fixture, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

isolateTests();

const KEY = 'sk-ant-test-store-key-0001';

function modes(file: string): { dir: number; file: number } {
  return { dir: statSync(join(file, '..')).mode & 0o777, file: statSync(file).mode & 0o777 };
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

function holdLock(file: string, staleMs: number) {
  const child = spawn(process.execPath, [fixture('hold-store-lock.mjs')], {
    env: { ...process.env, STORE_FILE: file, STALE_MS: String(staleMs) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const locked = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`holder exited early (${code})`)));
  });
  return { child, locked };
}

describe('AuthStore: auth.json', () => {
  it('creates the directory 0700 and the file 0600, and keeps them so after every write', async () => {
    const file = join(scratchDir(), 'data', 'credhelper', 'auth.json');
    const store = new AuthStore(file);
    expect(store.read()).toEqual({});
    await store.update((data) => {
      data.anthropic = { type: 'api', key: KEY };
    });
    expect(modes(file)).toEqual({ dir: 0o700, file: 0o600 });
    for (let i = 0; i < 3; i++) {
      await store.update((data) => {
        data[`openai:p${i}`] = { type: 'api', key: `sk-test-openai-${i}-000000` };
      });
      expect(modes(file)).toEqual({ dir: 0o700, file: 0o600 });
    }
    // A file another tool left world-readable is replaced by a 0600 one on the next write.
    chmodSync(file, 0o644);
    await store.update((data) => {
      delete data['openai:p0'];
    });
    expect(modes(file)).toEqual({ dir: 0o700, file: 0o600 });
    expect(Object.keys(store.read())).toEqual(['anthropic', 'openai:p1', 'openai:p2']);
  });

  it('keeps what it does not understand: unknown entries, unknown fields, malformed entries', async () => {
    const dir = join(scratchDir(), 'store');
    mkdirSync(dir, { mode: 0o700 });
    const file = join(dir, 'auth.json');
    const original = {
      'github-copilot': { type: 'oauth', access: 'a-test', refresh: 'r-test', expires: 1, enterpriseUrl: 'x' },
      weird: { type: 'future-kind', blob: [1, 2] },
      broken: { type: 'api' },
    };
    writeFileSync(file, JSON.stringify(original), { mode: 0o600 });
    await new AuthStore(file).update((data) => {
      data.anthropic = { type: 'api', key: KEY };
    });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ ...original, anthropic: { type: 'api', key: KEY } });
  });

  it.each([
    ['not JSON', '{"anthropic": {"type": "api", "key": "sk-ant-test-corrupt-0001"'],
    ['an array', '[{"type": "api", "key": "sk-ant-test-corrupt-0001"}]'],
    ['empty', ''],
    ['garbage bytes', '\u0000\u0001\u00ff sk-ant-test-corrupt-0001'],
  ])('a corrupt file (%s) is STORE_CORRUPT naming the file, and is left byte for byte', async (_, text) => {
    const dir = join(scratchDir(), 'store');
    mkdirSync(dir, { mode: 0o700 });
    const file = join(dir, 'auth.json');
    writeFileSync(file, text, { mode: 0o600 });
    const before = readFileSync(file);
    const store = new AuthStore(file);
    expect(() => store.read()).toThrow(/is not a JSON object; it was left as it is/);
    const error = await caught(
      store.update((data) => {
        data.anthropic = { type: 'api', key: KEY };
      }),
    );
    expect(isCredentialHelperError(error) && error.code).toBe('STORE_CORRUPT');
    expect(String(error)).toContain(file);
    expect(everyRendering(error)).not.toContain('sk-ant-test-corrupt-0001');
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  // An unreadable file (mode 000, read by a user who is not root): test/faults/file-faults.test.ts.

  it('does not write through a symbolic link: the link and its target are unchanged', async () => {
    const dir = scratchDir();
    const target = join(dir, 'other-file.json');
    writeFileSync(target, '{"precious": {"type": "api", "key": "sk-test-precious-0000001"}}');
    const before = readFileSync(target);
    const file = join(dir, 'auth.json');
    symlinkSync(target, file);
    const store = new AuthStore(file);
    const error = await caught(
      store.update((data) => {
        data.anthropic = { type: 'api', key: KEY };
      }),
    );
    expect(isCredentialHelperError(error) && error.code).toBe('STORE_UNWRITABLE');
    expect(String(error)).toMatch(/symbolic link/);
    expect(lstatSync(file).isSymbolicLink()).toBe(true);
    expect(readFileSync(target).equals(before)).toBe(true);
  });

  it('a mutation that throws writes nothing', async () => {
    const store = new AuthStore(join(scratchDir(), 'auth.json'));
    await store.update((data) => {
      data.anthropic = { type: 'api', key: KEY };
    });
    const before = readFileSync(store.path);
    await expect(
      store.update((data) => {
        data.openai = { type: 'api', key: 'sk-test-openai-0000001' };
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(readFileSync(store.path).equals(before)).toBe(true);
  });

  it('200 concurrent writers (separate store objects) lose no entry', async () => {
    const file = join(scratchDir(), 'auth.json');
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        new AuthStore(file).update((data) => {
          data[`openai:w${i}`] = { type: 'api', key: `sk-test-concurrent-${i}-0000` };
        }),
      ),
    );
    const data = new AuthStore(file).read();
    expect(Object.keys(data)).toHaveLength(200);
    expect(modes(file)).toEqual({ dir: 0o700, file: 0o600 });
  });

  it('a lock left by a process killed with SIGKILL is reclaimed within the stale window', async () => {
    const file = join(scratchDir(), 'auth.json');
    const { child, locked } = holdLock(file, 2000);
    await locked;
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(existsSync(`${file}.lock`)).toBe(true);
    const started = Date.now();
    await new AuthStore(file, { staleMs: 2000 }).update((data) => {
      data.anthropic = { type: 'api', key: KEY };
    });
    const waited = Date.now() - started;
    expect(waited).toBeLessThan(2000 + 1500);
    expect(Object.keys(new AuthStore(file).read())).toEqual(['anthropic']); // the holder's entry was never written
  });

  it('a live holder keeps its lock: a writer gives up with STORE_LOCKED naming the lock, nothing written', async () => {
    const file = join(scratchDir(), 'auth.json');
    const { child, locked } = holdLock(file, 2000);
    try {
      await locked;
      const error = await caught(
        new AuthStore(file, { staleMs: 2000, lockWaitMs: 3500 }).update((data) => {
          data.anthropic = { type: 'api', key: KEY };
        }),
      );
      expect(isCredentialHelperError(error) && error.code).toBe('STORE_LOCKED');
      expect(String(error)).toContain(`${file}.lock`);
      expect(existsSync(file)).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
