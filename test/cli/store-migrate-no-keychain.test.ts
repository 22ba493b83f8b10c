import { describe, expect, it } from 'vitest';
import { cli, cliHome } from '../support/cli.js';
import { isolateTests } from '../support/isolation.js';

// `store migrate` where no keychain answers (no D-Bus session): the error says why the keychain
// was needed (the command, not a store setting the user never made) and never suggests
// CREDHELPER_STORE=file, which would not help a command that moves secrets into the keychain.

isolateTests();

describe('store migrate without a keychain', () => {
  it.each<Record<string, string>>([{}, { CREDHELPER_STORE: 'file' }])(
    'names the command, not a setting (%o)',
    (extra) => {
      const { env } = cliHome(extra);
      const login = cli(['login', '--provider', 'openai', '--stdin'], { env, input: 'sk-test-openai-nokeychain-0001' });
      expect(login.code).toBe(0);
      const run = cli(['store', 'migrate'], { env });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('`store migrate` moves secrets into the keychain');
      expect(run.stderr).not.toContain('the store is set to the keychain');
      expect(run.stderr).not.toContain('CREDHELPER_STORE=file');
      expect(run.stderr).not.toContain('sk-test-openai-nokeychain-0001');
    },
  );
});
