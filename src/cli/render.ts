import type { CommandResult } from './commands/command-result.js';

/** Pads each column to its widest cell. No colours are ever printed, so NO_COLOR holds trivially. */
export function formatTable(rows: string[][]): string {
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

/** The text a command prints on stdout: its `--json` data, or its lines and table. */
export function render(result: CommandResult, json: boolean): string {
  if (json) return result.data === undefined ? '' : `${JSON.stringify(result.data, null, 2)}\n`;
  const parts: string[] = [];
  if (result.lines !== undefined && result.lines.length > 0) parts.push(result.lines.join('\n'));
  if (result.table !== undefined) parts.push(formatTable(result.table));
  return parts.length === 0 ? '' : `${parts.join('\n\n')}\n`;
}
