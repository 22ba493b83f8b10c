import { realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, relative, resolve } from 'node:path';
import { readCheckedBytes } from '../files/owned-paths.js';

/** A file inside a project that a trusted command or variable points to, with the hash of its content. */
export interface ReferencedFile {
  /** Absolute path (as the command or variable names it, resolved). */
  path: string;
  /** sha256 of the content, hex. */
  sha256: string;
  /** The setting that points to it, e.g. `apiKeyHelper` or `env.AWS_CONFIG_FILE`. */
  usedBy: string;
}

const SEPARATORS = new Set([';', '&', '|', '(', ')', '<', '>', '`']);

/**
 * The words of a shell command, roughly as `sh` splits them: whitespace and the operators
 * `; & | ( ) < > `` ` separate words; single quotes, double quotes and backslashes are honoured.
 * Expansions are not performed (a word with `$` keeps it).
 */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: string | undefined;
  for (let i = 0; i < command.length; i++) {
    const char = command.charAt(i);
    const next = command.charAt(i + 1);
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else word += char;
    } else if (quote === '"') {
      if (char === '"') quote = undefined;
      else if (char === '\\' && '"\\$`'.includes(next) && next !== '') {
        word += next;
        i++;
      } else word += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      inWord = true;
    } else if (char === '\\' && next !== '') {
      word += next;
      inWord = true;
      i++;
    } else if (/\s/.test(char) || SEPARATORS.has(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/**
 * The words of `command` that may name a file: each word, and the part after the first `=` of a
 * word like `--config=./x` or `VAR=./x`. Words with an expansion (`$`, a glob, a leading `~`) are
 * left out: what they name is only known when the shell runs.
 */
export function pathCandidates(command: string): string[] {
  const candidates: string[] = [];
  for (const word of shellWords(command)) {
    const equals = word.indexOf('=');
    for (const candidate of equals > 0 ? [word, word.slice(equals + 1)] : [word]) {
      if (candidate === '' || /[$*?[]/.test(candidate) || candidate.startsWith('~')) continue;
      candidates.push(candidate);
    }
  }
  return candidates;
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** sha256 of a file's content, hex. */
export function sha256Of(content: string | Buffer): string {
  const { createHash } = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(content).digest('hex');
}

/**
 * The regular files inside `root` that `candidates` name, each resolved against every folder of
 * `bases`, with their hashes. A symbolic link inside the project is followed (its target's content
 * is what is hashed). Paths outside `root`, folders, and files that do not exist are left out.
 */
export function referencedFiles(
  usedBy: string,
  candidates: readonly string[],
  root: string,
  bases: readonly string[],
): ReferencedFile[] {
  const roots = [root, realOrSelf(root)];
  const files = new Map<string, ReferencedFile>();
  for (const candidate of candidates) {
    for (const base of bases) {
      const path = resolve(base, candidate);
      if (files.has(path) || !roots.some((r) => inside(r, path))) continue;
      try {
        if (!statSync(path).isFile()) continue;
        // Read checked again on the descriptor (non-blocking): a FIFO swapped in after the stat is not waited on.
        const bytes = readCheckedBytes(path, { owner: 'any', maxBytes: Number.MAX_SAFE_INTEGER });
        files.set(path, { path, sha256: sha256Of(bytes), usedBy });
      } catch {
        // missing or unreadable: nothing to cover (a missing script cannot run either)
      }
    }
  }
  return [...files.values()];
}
