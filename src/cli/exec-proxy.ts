import type { CredentialTarget } from '../credentials/create-credential-helper.js';
import type { CliContext } from './cli-context.js';
import { startCliProxy } from './proxy-targets.js';

/**
 * `exec --proxy`: starts the proxy and returns the child's environment — the parent's without any
 * credential variable (`CredentialProxy.unset`), with the proxy's base URLs and token — and the
 * function that stops the proxy once the child has ended.
 */
export async function execProxy(
  context: CliContext,
  options: { target?: readonly CredentialTarget[]; minValidityMs?: number; log?: string },
): Promise<{ childEnv: Record<string, string | undefined>; close: () => Promise<void> }> {
  const proxy = await startCliProxy(context, options, 'exec');
  return { childEnv: proxy.childEnv(context.env), close: () => proxy.close() };
}
