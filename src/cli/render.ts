import { printable } from '../printable.js';
import type { CommandResult } from './commands/command-result.js';

/**
 * Pads each column to its widest cell. No colours are ever printed, so NO_COLOR holds trivially.
 * Cells hold names read from files (provider ids, profiles, paths): control characters are escaped.
 */
export function formatTable(table: string[][]): string {
  const rows = table.map((row) => row.map((cell) => printable(cell)));
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** DEL and C1 controls, which `JSON.stringify` leaves as they are. */
const JSON_UNESCAPED_CONTROLS = /[\u007f-\u009f]/g;

/**
 * The text a command prints on stdout: its `--json` data, or its lines and table. No control
 * character from a file reaches the terminal: human lines are passed through `printable` (their
 * own line breaks kept); JSON escapes DEL and C1 controls too (`\u009b`), which parses to the same data.
 */
export function render(result: CommandResult, json: boolean): string {
  if (json) {
    if (result.data === undefined) return '';
    const text = JSON.stringify(result.data, null, 2).replace(
      JSON_UNESCAPED_CONTROLS,
      (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
    return `${text}\n`;
  }
  const parts: string[] = [];
  if (result.lines !== undefined && result.lines.length > 0) {
    parts.push(result.lines.map((line) => printable(line, { keepNewlines: true })).join('\n'));
  }
  if (result.table !== undefined) parts.push(formatTable(result.table));
  return parts.length === 0 ? '' : `${parts.join('\n\n')}\n`;
}
