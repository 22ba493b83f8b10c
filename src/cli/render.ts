import { FORMAT_AND_SEPARATOR_CLASS, printable } from '../printable.js';
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

/**
 * What `JSON.stringify` leaves as it is but a terminal acts on: DEL and C1 controls, format
 * characters (bidi overrides such as U+202E, zero-width ones) and the line and paragraph separators.
 */
const JSON_UNESCAPED_CONTROLS = new RegExp(String.raw`[\u007f-\u009f${FORMAT_AND_SEPARATOR_CLASS}]`, 'gu');

/** `char` (one code point: one or two UTF-16 units) as `\uXXXX` escapes, which JSON parses back to it. */
function jsonEscape(char: string): string {
  let escaped = '';
  for (let i = 0; i < char.length; i++) escaped += `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return escaped;
}

/**
 * The text a command prints on stdout: its `--json` data, or its lines and table. No control
 * character from a file reaches the terminal: human lines are passed through `printable` (their
 * own line breaks kept); JSON escapes DEL, C1 controls (`\u009b`), format characters (`\u202e`) and
 * line separators too, which parses to the same data.
 */
export function render(result: CommandResult, json: boolean): string {
  if (json) {
    if (result.data === undefined) return '';
    const text = JSON.stringify(result.data, null, 2).replace(JSON_UNESCAPED_CONTROLS, jsonEscape);
    return `${text}\n`;
  }
  const parts: string[] = [];
  if (result.lines !== undefined && result.lines.length > 0) {
    parts.push(result.lines.map((line) => printable(line, { keepNewlines: true })).join('\n'));
  }
  if (result.table !== undefined) parts.push(formatTable(result.table));
  return parts.length === 0 ? '' : `${parts.join('\n\n')}\n`;
}
