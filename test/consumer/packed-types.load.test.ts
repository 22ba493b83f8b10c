import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { node, usePackedConsumer } from './packed-consumer.js';

// tsc over the three SDKs' types takes ~10 s a run on a loaded 2-core machine: a load-project file.
const APP = new URL('./app/', import.meta.url);

const { consumer, home } = usePackedConsumer();

function copyApp(name: string): void {
  copyFileSync(new URL(name, APP), join(consumer.dir, name));
}

function baseEnv(): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home.dir };
}

describe('the installed package types', () => {
  it('the README shows app/readme-consumer.ts as it is (after its first comment line)', () => {
    const file = readFileSync(new URL('readme-consumer.ts', APP), 'utf8');
    const body = file.slice(file.indexOf('\n') + 1).trim();
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(`\`\`\`ts\n${body}\n\`\`\``);
  });

  it.each([
    ['NodeNext', { module: 'NodeNext', moduleResolution: 'NodeNext' }, ['readme-consumer.ts', 'require-consumer.cts']],
    ['bundler', { module: 'ESNext', moduleResolution: 'bundler' }, ['readme-consumer.ts']],
    // CommonJS under TypeScript's Node 18 view (no `require(esm)`): the .d.cts types (cjs-types.test.ts: node16).
    ['node18', { module: 'node18', moduleResolution: 'node16' }, ['require-consumer.cts']],
  ])(
    'the README consumer example type-checks as written against the installed types (%s resolution)',
    (name, resolution, files) => {
      for (const file of files) copyApp(file);
      const config = join(consumer.dir, `tsconfig.${name}.json`);
      writeFileSync(
        config,
        JSON.stringify({
          compilerOptions: { ...resolution, target: 'ES2022', strict: true, noEmit: true, types: ['node'] },
          files,
        }),
      );
      const tsc = join(consumer.dir, 'node_modules', 'typescript', 'bin', 'tsc');
      const run = node([tsc, '-p', config], consumer.dir, baseEnv());
      expect(run.stdout + run.stderr).toBe('');
      expect(run.code).toBe(0);
    },
  );
});
