import { readFileSync } from 'node:fs';

/** Signals a terminal sends to its whole foreground process group (Ctrl-C, Ctrl-\). */
export const TERMINAL_SIGNALS: ReadonlySet<string> = new Set(['SIGINT', 'SIGQUIT']);

/** Fields of `/proc/<pid>/stat` after the command name: process group and terminal foreground group. */
interface ProcStat {
  pgrp: number;
  /** The foreground process group of the controlling terminal; -1 without one. */
  tpgid: number;
}

function procStat(pid: number | 'self'): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // `pid (comm) state ppid pgrp session tty_nr tpgid …`; comm may hold spaces and parentheses.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const pgrp = Number(fields[2]);
  const tpgid = Number(fields[5]);
  return Number.isInteger(pgrp) && Number.isInteger(tpgid) ? { pgrp, tpgid } : undefined;
}

/**
 * Whether a SIGINT or SIGQUIT that credhelper just received may have come from its terminal and so
 * have reached `childPid` already (the terminal signals its whole foreground process group). True
 * only when credhelper's process group is the terminal's foreground group and the child is still in
 * it; a signal credhelper receives otherwise (in the background, without a controlling terminal,
 * or after the child took a group of its own) was sent to credhelper alone, by `kill`. Read at
 * each signal (a shell child may move itself to the foreground). Without `/proc` (not Linux):
 * `fallback`, whether stdin is a terminal.
 */
export function terminalSignalMayHaveReachedChild(childPid: number | undefined, fallback: boolean): boolean {
  const self = procStat('self');
  if (self === undefined) return fallback;
  if (self.tpgid <= 0 || self.tpgid !== self.pgrp) return false;
  if (childPid === undefined) return true; // not started yet: held, and the terminal's signal is not its
  const child = procStat(childPid);
  return child === undefined || child.pgrp === self.pgrp;
}
