import type { CredentialTarget } from '../credentials/credential-target.js';
import { printable } from '../printable.js';
import type { CliContext } from './cli-context.js';

/** The target each helper setting feeds. */
const SETTING_TARGET: Record<string, CredentialTarget> = {
  apiKeyHelper: 'anthropic',
  awsCredentialExport: 'bedrock',
  awsAuthRefresh: 'bedrock',
  gcpAuthRefresh: 'vertex',
};

/** A `status` row for a target whose helper comes from a project that is not trusted. */
export interface UntrustedRow {
  target: CredentialTarget;
  /** `helper:<setting>`. */
  source: string;
  code: 'PROJECT_UNTRUSTED';
  problem: string;
}

/**
 * For `status` in a project whose settings are not trusted: one error row per target that a
 * project helper setting feeds (`apiKeyHelper` → anthropic…), saying to run `credhelper trust`,
 * and whether the project sets anything else (variables, OAuth endpoints) that no row shows.
 */
export function untrustedRows(untrusted: NonNullable<CliContext['untrusted']>): {
  rows: UntrustedRow[];
  otherSettings: boolean;
} {
  const rows: UntrustedRow[] = [];
  let otherSettings = false;
  const where = untrusted.projectRoot === undefined ? 'this folder' : printable(untrusted.projectRoot);
  for (const command of untrusted.commands) {
    const target = SETTING_TARGET[command.setting];
    if (target === undefined) {
      otherSettings = true;
      continue;
    }
    if (rows.some((row) => row.target === target)) continue;
    rows.push({
      target,
      source: `helper:${command.setting}`,
      code: 'PROJECT_UNTRUSTED',
      problem:
        `${command.setting} from ${printable(command.file)} is not trusted, so it is not used. ` +
        `Fix: review it, then run \`credhelper trust\` in ${where}`,
    });
  }
  return { rows, otherSettings };
}
