import type { ReadonlyEnv } from '../chain/source-context.js';
import { CredentialHelperError } from '../errors.js';
import type { DeadlineRefresh } from '../helpers/refresh-coordinator.js';
import type { CredentialTarget } from './credential-target.js';
import { humanActionBy, REFRESH_SETTING_OF, type TargetCredential } from './human-action-by.js';
import { renewalFix } from './renewal-fix.js';

/** What {@link ensureValidFor} found: the deadline after any refresh, when there is one. */
export interface ValidFor {
  target: CredentialTarget;
  /** When a person must next act, if known (see `humanActionBy`). */
  humanActionBy?: Date;
  /**
   * Whether the refresh command ran (the deadline fell inside the asked time): here, or in another
   * of the user's processes whose run this call waited for and found enough.
   */
  refreshed: boolean;
}

/** What {@link ensureValidFor} needs of a credential helper. */
export interface EnsureValidForDeps {
  resolve(target: CredentialTarget): Promise<TargetCredential>;
  /**
   * Runs the target's refresh command through its refresh coordinator (one run for all of the
   * user's processes, and a cooldown); `false` when none is configured.
   */
  runRefresh(target: CredentialTarget, request: DeadlineRefresh): Promise<boolean>;
  invalidate(target: CredentialTarget): void;
  env: ReadonlyEnv;
  now(): number;
}

function tooSoon(target: CredentialTarget, deadline: Date, validForMs: number, why: string): CredentialHelperError {
  const hours = Math.round((validForMs / 3_600_000) * 10) / 10;
  return new CredentialHelperError(
    'HUMAN_ACTION_NEEDED',
    `${target}: a person must log in again by ${deadline.toISOString()}, within the ${hours} h asked for; ${why}`,
  );
}

/**
 * Makes sure that no person will be needed for `target` within `validForMs` (before a long
 * unattended run): when its `humanActionBy` falls inside, the target's refresh command
 * (`awsAuthRefresh`, `gcpAuthRefresh`) runs now, while the person is there, and the deadline is
 * checked again. Rejects with `HUMAN_ACTION_NEEDED` naming the deadline when it is still inside, or
 * when there is no refresh command; with the resolution's own error when the credential does not
 * resolve at all.
 */
export async function ensureValidFor(
  deps: EnsureValidForDeps,
  target: CredentialTarget,
  validForMs: number,
): Promise<ValidFor> {
  if (!Number.isFinite(validForMs) || validForMs < 0) {
    throw new CredentialHelperError(
      'INVALID_OPTION',
      `expected \`validForMs\` to be a non-negative number, got ${String(validForMs)}`,
    );
  }
  const inside = (deadline: Date | undefined): deadline is Date =>
    deadline !== undefined && deadline.getTime() <= deps.now() + validForMs;
  const sinceMs = deps.now();
  const resolved = await deps.resolve(target);
  const first = await humanActionBy(resolved, deps.env);
  if (!inside(first))
    return first === undefined ? { target, refreshed: false } : { target, humanActionBy: first, refreshed: false };
  const setting = REFRESH_SETTING_OF[target];
  // Another process's login (in the same minute: many agents started at once) may be enough.
  const stillNeeded = async (): Promise<boolean> => {
    deps.invalidate(target);
    return inside(await humanActionBy(await deps.resolve(target), deps.env));
  };
  const reason = tooSoon(target, first, validForMs, `still so after the last login.`);
  if (setting === undefined || !(await deps.runRefresh(target, { sinceMs, stillNeeded, reason }))) {
    const { source } = resolved.credential;
    throw tooSoon(target, first, validForMs, `no refresh command to run for ${source}: ${renewalFix(source, setting)}`);
  }
  deps.invalidate(target);
  const after = await humanActionBy(await deps.resolve(target), deps.env);
  if (inside(after)) throw tooSoon(target, after, validForMs, `still so after \`${setting}\` ran`);
  return after === undefined ? { target, refreshed: true } : { target, humanActionBy: after, refreshed: true };
}
