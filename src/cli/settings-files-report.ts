import { printable } from '../printable.js';
import type { LoadedSettings } from '../settings/load-settings.js';
import { noteToStderr } from './held-stderr.js';
import { lazyStderr } from './lazy-stdio.js';

/** The settings files a command read and those it skipped (for `status` and `explain`; paths only). */
export interface SettingsFilesReport {
  read: Array<{ kind: string; path: string }>;
  skipped: Array<{ kind: string; path: string; reason: string }>;
}

/** {@link SettingsFilesReport} of `loaded`. */
export function settingsFilesReport(loaded: LoadedSettings): SettingsFilesReport {
  return {
    read: loaded.files.map(({ kind, path }) => ({ kind, path })),
    skipped: loaded.skipped.map(({ kind, path, reason }) => ({ kind, path, reason })),
  };
}

/** The report as human lines: `settings read: …` and `settings skipped: … (missing)`. */
export function settingsFilesLines(report: SettingsFilesReport): string[] {
  const read = report.read.map((file) => file.path).join(', ');
  const skipped = report.skipped.map((file) => `${file.path} (${file.reason})`).join(', ');
  return [`settings read: ${read || 'none'}`, ...(skipped === '' ? [] : [`settings skipped: ${skipped}`])];
}

const warned = new Set<string>();

/**
 * Writes each settings warning (a near-miss key in Claude Code's files) to stderr, once per process
 * (held until failure by `get` and `aws-credential-process` when stderr is not a terminal).
 */
export function warnAboutSettings(loaded: LoadedSettings, stderr: { write(text: string): unknown } = lazyStderr) {
  for (const warning of loaded.warnings) {
    if (warned.has(warning)) continue;
    warned.add(warning);
    noteToStderr(`[credhelper] warning: ${printable(warning)}\n`, stderr);
  }
}
