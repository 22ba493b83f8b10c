/** What a command hands back to the one renderer in `main.ts`. */
export interface CommandResult<T = unknown> {
  /** The `--json` output. */
  data?: T;
  /** Human output: rows of cells, printed as an aligned table. */
  table?: string[][];
  /** Human output: lines printed as they are. */
  lines?: string[];
  exitCode?: number;
  /** A usage problem found after parsing (exit 64). */
  usageError?: string;
}
