import { plural } from '../../plural.js';
import { migrateStore } from '../../store/migrate-store.js';
import type { GlobalOptions } from '../cli-context.js';
import { EXIT } from '../exit-codes.js';
import { storeContext } from '../store-context.js';
import type { CommandResult } from './command-result.js';

/**
 * `credhelper store migrate [--to keychain|file]`: moves the stored secrets into the OS keychain
 * (the default) or back into `auth.json`, each one verified before its old copy goes (see
 * `migrateStore`). Run it again after a failure: what moved stays moved.
 */
export async function storeMigrate(
  globals: GlobalOptions,
  action: string,
  to: string | undefined,
): Promise<CommandResult> {
  if (action !== 'migrate') return { usageError: `expected \`store migrate\`, got \`store ${action}\`` };
  const target = to ?? 'keychain';
  if (target !== 'keychain' && target !== 'file') {
    return { usageError: `expected --to keychain or --to file, got --to ${JSON.stringify(target)}` };
  }
  const context = await storeContext(globals);
  const result = await migrateStore(context.store, target, context.env);
  const where = target === 'keychain' ? 'the OS keychain' : context.store.path;
  return {
    data: { file: context.store.path, ...result },
    lines: [
      `moved ${plural(result.moved.length, 'entry', 'entries')} to ${where}${result.moved.length > 0 ? `: ${result.moved.join(', ')}` : ''}`,
      ...(result.already.length > 0 ? [`already there: ${result.already.join(', ')}`] : []),
      ...result.skipped.map((s) => `skipped ${s.id}: ${s.reason}`),
      ...(result.failed === undefined
        ? []
        : [
            `stopped at ${result.failed.id} (${result.failed.code}): ${result.failed.message}`,
            `it and the entries after it are unchanged in ${context.store.path}; run the command again once fixed`,
          ]),
      ...result.notes.map((note) => `note: ${note}`),
    ],
    exitCode: result.failed === undefined ? EXIT.OK : EXIT.CREDENTIALS,
  };
}
