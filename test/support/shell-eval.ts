import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from './fixtures.js';

/** What one `eval "$(…)"` left behind in a real shell. */
export interface EvalOutcome {
  /** Each watched variable's value as bytes, or `undefined` when it was unset. */
  values: Record<string, Buffer | undefined>;
  /** Exported variables that differ from the environment before the eval (names only). */
  changedExports: string[];
}

/**
 * Evaluates each of `outputs` as `eval "$(cat file)"` (exactly what `eval "$(credhelper get
 * bedrock)"` does, trailing newlines stripped) in its own subshell of ONE `shell` process, in a
 * scratch working directory. Returns per output the watched variables (byte for byte) and the
 * exported variables that changed, and whether anything appeared in the working directory (a
 * `touch pwned`, `>pwned`… that ran). One process for the whole batch keeps a property test fast.
 */
export function evalBatch(
  shell: 'sh' | 'bash',
  outputs: readonly string[],
  watched: readonly string[],
): { outcomes: EvalOutcome[]; strayFiles: string[] } {
  const dir = scratchDir();
  const work = join(dir, 'work');
  mkdirSync(work);
  outputs.forEach((output, i) => {
    writeFileSync(join(dir, `${i}.out`), output);
  });
  const unset = watched.join(' ');
  // `${V+S}${V-}`: empty when V is unset, `S` + the value when it is set (even to '').
  const dump = watched.map((name) => `printf '%s%s' "\${${name}+S}" "\${${name}-}" > "$D/$i.${name}"`).join('\n');
  const script = `
set -u
D=${JSON.stringify(dir)}
cd "$D/work" || exit 99
unset ${unset}
env -0 > "$D/env.before"
i=0
while [ "$i" -lt ${outputs.length} ]; do
  (
    out=$(cat "$D/$i.out")
    eval "$out"
    ${dump}
    env -0 > "$D/$i.env"
  )
  i=$((i + 1))
done
echo done > "$D/finished"
`;
  const result = spawnSync(shell, ['-c', script], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (!existsSync(join(dir, 'finished'))) {
    throw new Error(`${shell} batch did not finish: status ${result.status}, stderr ${result.stderr.slice(0, 500)}`);
  }
  const before = envMap(readFileSync(join(dir, 'env.before')));
  const outcomes = outputs.map((_output, i): EvalOutcome => {
    const values: Record<string, Buffer | undefined> = {};
    for (const name of watched) {
      const path = join(dir, `${i}.${name}`);
      const bytes = existsSync(path) ? readFileSync(path) : Buffer.from('X(not written: the subshell died)');
      values[name] = bytes.length === 0 ? undefined : bytes.subarray(1);
    }
    const envPath = join(dir, `${i}.env`);
    const after = existsSync(envPath) ? envMap(readFileSync(envPath)) : new Map<string, string>();
    const names = new Set([...before.keys(), ...after.keys()]);
    const changedExports = [...names].filter((name) => name !== '_' && before.get(name) !== after.get(name)).sort();
    return { values, changedExports };
  });
  return { outcomes, strayFiles: readdirSync(work) };
}

function envMap(bytes: Buffer): Map<string, string> {
  const map = new Map<string, string>();
  for (const entry of bytes.toString('latin1').split('\0')) {
    if (entry === '') continue;
    const at = entry.indexOf('=');
    map.set(entry.slice(0, at), entry.slice(at + 1));
  }
  return map;
}
