import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pathCandidates, referencedFiles, shellWords } from '../../src/settings/referenced-files.js';
import { scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

isolateTests();

describe('shellWords / pathCandidates', () => {
  it('splits like sh: quotes, backslashes and operators', () => {
    expect(shellWords(`./bin/key --profile 'my team' "a \\"b\\"" x\\ y;cat<in>out|tee z&&w`)).toEqual([
      './bin/key',
      '--profile',
      'my team',
      'a "b"',
      'x y',
      'cat',
      'in',
      'out',
      'tee',
      'z',
      'w',
    ]);
    expect(shellWords(`echo $(./bin/a) \`./bin/b\``)).toEqual(['echo', '$', './bin/a', './bin/b']);
  });

  it('takes the value after = and leaves out expansions, globs and ~', () => {
    expect(pathCandidates('AWS_CONFIG_FILE=./aws/config aws --cli-input=in.json $HOME/x ~/y *.sh')).toEqual([
      'AWS_CONFIG_FILE=./aws/config',
      './aws/config',
      'aws',
      '--cli-input=in.json',
      'in.json',
    ]);
  });
});

describe('referencedFiles', () => {
  it('hashes the regular files inside the root that the words name; nothing outside, no folders', () => {
    const base = scratchDir();
    const root = join(base, 'repo');
    mkdirSync(join(root, 'bin'), { recursive: true });
    writeFileSync(join(root, 'bin', 'key'), 'echo key\n');
    writeFileSync(join(base, 'outside'), 'x');
    symlinkSync(join(base, 'outside'), join(root, 'link'));
    const files = referencedFiles(
      'apiKeyHelper',
      ['./bin/key', 'bin', '../outside', join(base, 'outside'), 'missing', 'link', '/etc/hostname'],
      root,
      [root],
    );
    expect(files.map((f) => f.path)).toEqual([join(root, 'bin', 'key'), join(root, 'link')]);
    expect(files[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(files[0]?.usedBy).toBe('apiKeyHelper');
  });
});
