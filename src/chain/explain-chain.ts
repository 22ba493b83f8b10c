import { fingerprint } from '../redact.js';
import type { CredentialSource } from './credential-source.js';
import { resolveChain, type SourceOutcome } from './resolve-chain.js';

/** What `explain` says of one source. */
export type CandidateStatus = 'won' | 'shadowed' | 'absent' | 'failed' | 'not-reached';

/** One row of an explanation. Holds a fingerprint at most, never a secret. */
export interface ExplainCandidate {
  /** 1-based precedence rank. */
  rank: number;
  source: string;
  description: string;
  status: CandidateStatus;
  /** `sha256:` and 12 hex digits of the secret, when it is known without running anything. */
  fingerprint?: string;
  reason: string;
}

/** The precedence trace of one target: every candidate, the winner, and what shadows what. */
export interface Explanation {
  target: string;
  /** The winning source's name; absent when nothing yielded. */
  winner?: string;
  /** The `source` of the credential the winner yielded, when it differs (e.g. `aws:env` for `aws:default-chain`). */
  winnerDetail?: string;
  candidates: ExplainCandidate[];
  /** Other values the resolution settled on and where each came from, e.g. Vertex's project and region. */
  resolved?: Record<string, { value: string; from: string }>;
  /** Why resolution failed, when it did (the message is already redacted). */
  error?: { code: string; message: string };
}

/**
 * Resolves `sources` as the resolver would (helpers answer from their caches when warm) and reports
 * every candidate: the winner, the configured ones it shadows, the absent ones and any failure.
 */
export async function explainChain<C>(
  target: string,
  sources: readonly CredentialSource<C>[],
  secretOf: (credential: C) => string,
  sourceOf?: (credential: C) => string,
): Promise<Explanation> {
  const outcomes = new Map<CredentialSource<C>, SourceOutcome>();
  const explanation: Explanation = { target, candidates: [] };
  let winnerSecret: string | undefined;
  let winnerSource: string | undefined;
  try {
    const { credential } = await resolveChain(target, sources, (source, outcome) => outcomes.set(source, outcome));
    winnerSecret = secretOf(credential);
    winnerSource = sourceOf?.(credential);
  } catch (error) {
    const { code = 'UNKNOWN', message = String(error) } = error as { code?: string; message?: string };
    explanation.error = { code, message };
  }
  const winner = sources.find((source) => outcomes.get(source)?.status === 'won');
  const failed = sources.find((source) => outcomes.get(source)?.status === 'failed');
  // One name per source: a row that names what it holds (a stored entry) is shown by that name,
  // the winner by its credential's `source`, as `status` and `get --json` show it.
  const shownName = (source: CredentialSource<C>): string => {
    if (source.displayName === undefined) return source.name;
    return source === winner && winnerSource !== undefined ? winnerSource : source.displayName();
  };
  if (winner !== undefined) explanation.winner = shownName(winner);
  if (winner !== undefined && winnerSource !== undefined && winnerSource !== explanation.winner) {
    explanation.winnerDetail = winnerSource;
  }

  sources.forEach((source, index) => {
    const outcome = outcomes.get(source);
    const row: ExplainCandidate = {
      rank: index + 1,
      source: shownName(source),
      description: source.description,
      status: 'absent',
      reason: '',
    };
    const peeked = source === winner ? winnerSecret : source.peekSecret();
    if (peeked !== undefined) row.fingerprint = fingerprint(peeked);
    if (outcome?.status === 'won') {
      row.status = 'won';
      row.reason = 'the first source in precedence order that yielded a credential';
      if (explanation.winnerDetail !== undefined) row.reason += ` (from ${explanation.winnerDetail})`;
    } else if (outcome?.status === 'failed') {
      row.status = 'failed';
      row.reason = outcome.error.message;
    } else if (outcome?.status === 'absent') {
      row.reason = outcome.reason;
    } else if (source.isConfigured()) {
      row.status = winner !== undefined ? 'shadowed' : 'not-reached';
      row.reason =
        winner !== undefined
          ? `configured, but ${explanation.winner} comes first`
          : `configured, but not tried: ${failed === undefined ? 'an earlier source' : shownName(failed)} failed first`;
    } else {
      row.reason = 'not configured';
    }
    explanation.candidates.push(row);
  });
  return explanation;
}
