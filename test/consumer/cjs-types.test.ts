import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { node, usePackedConsumer } from './packed-consumer.js';

// A CommonJS TypeScript project compiled with `--module node16` (TypeScript's view of Node before
// `require(esm)`): `require('credhelper')` is TS1471 unless the package's `require` condition
// names CommonJS declarations (dist/index.d.cts), although Node >= 20.19 runs it. Lib check on:
// the .d.cts tree itself must be clean (a .d.cts re-exporting the ESM .d.ts is TS1479).
// (The same under node18 and NodeNext: packed-types.load.test.ts.)

const { consumer, home } = usePackedConsumer();

describe('the installed package types, from CommonJS', () => {
  it('require("credhelper") type-checks under --module node16 (no TS1471)', () => {
    copyFileSync(new URL('./app/require-consumer.cts', import.meta.url), join(consumer.dir, 'require-consumer.cts'));
    const config = join(consumer.dir, 'tsconfig.node16.json');
    writeFileSync(
      config,
      JSON.stringify({
        compilerOptions: {
          module: 'node16',
          moduleResolution: 'node16',
          target: 'ES2022',
          strict: true,
          noEmit: true,
          types: ['node'],
        },
        files: ['require-consumer.cts'],
      }),
    );
    const tsc = join(consumer.dir, 'node_modules', 'typescript', 'bin', 'tsc');
    const run = node([tsc, '-p', config], consumer.dir, { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home.dir });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.code).toBe(0);
  }, 90_000);
});
