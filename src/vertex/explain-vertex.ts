import { existsSync } from 'node:fs';
import type { ExplainCandidate, Explanation } from '../chain/explain-chain.js';
import { envValue, type SourceContext } from '../chain/source-context.js';
import { wellKnownAdcFile } from '../gcp/adc-paths.js';
import type { GcpAccessToken } from '../gcp/from-application-default.js';
import { fingerprint } from '../redact.js';
import type { ResolvedSetting } from './vertex-credential.js';

interface Row {
  source: string;
  description: string;
  configured: boolean;
  detail: string;
}

/**
 * `explain('vertex')`: the three places Application Default Credentials come from, in the
 * library's order, which one answered (and whether it is an `external_account`), which are
 * shadowed, and the project and region with where each came from. Never runs `gcpAuthRefresh`.
 */
export async function explainVertex(
  context: SourceContext,
  mint: () => Promise<GcpAccessToken>,
  settings: (token: GcpAccessToken | undefined) => { projectId?: ResolvedSetting; region: ResolvedSetting },
): Promise<Explanation> {
  const envFile = envValue(context.env, 'GOOGLE_APPLICATION_CREDENTIALS');
  const wellKnown = wellKnownAdcFile(context.env);
  const detection = envValue(context.env, 'METADATA_SERVER_DETECTION');
  const rows: Row[] = [
    {
      source: 'gcp:env-file',
      description: 'the file named by GOOGLE_APPLICATION_CREDENTIALS',
      configured: envFile !== undefined,
      detail:
        envFile === undefined
          ? 'GOOGLE_APPLICATION_CREDENTIALS is not set'
          : `GOOGLE_APPLICATION_CREDENTIALS=${envFile}`,
    },
    {
      source: 'gcp:well-known-file',
      description: 'application_default_credentials.json written by `gcloud auth application-default login`',
      configured: wellKnown !== undefined && existsSync(wellKnown),
      detail: `${wellKnown ?? 'no HOME or CLOUDSDK_CONFIG'}${wellKnown !== undefined && existsSync(wellKnown) ? '' : ' does not exist'}`,
    },
    {
      source: 'gcp:metadata',
      description: 'the GCE / GKE / Cloud Run metadata server',
      configured: detection !== 'none',
      detail: detection === 'none' ? 'METADATA_SERVER_DETECTION=none' : 'asked only when neither file exists',
    },
  ];
  const explanation: Explanation = { target: 'vertex', candidates: [] };
  let token: GcpAccessToken | undefined;
  try {
    token = await mint();
  } catch (error) {
    const { code = 'UNKNOWN', message = String(error) } = error as { code?: string; message?: string };
    explanation.error = { code, message };
  }
  const winnerIndex = token === undefined ? -1 : token.source === 'gcp:metadata' ? 2 : envFile !== undefined ? 0 : 1;
  const failedIndex = token === undefined ? rows.findIndex((row) => row.configured) : -1;
  rows.forEach((row, index) => {
    const candidate: ExplainCandidate = {
      rank: index + 1,
      source: row.source,
      description: row.description,
      status: 'absent',
      reason: row.detail,
    };
    if (index === winnerIndex && token !== undefined) {
      candidate.status = 'won';
      candidate.fingerprint = fingerprint(token.accessToken);
      candidate.reason = `${row.detail}: minted a token${token.source === 'gcp:external-account' ? ' (external_account: workload identity federation)' : ''}`;
    } else if (index === failedIndex) {
      candidate.status = 'failed';
      candidate.reason = explanation.error?.message ?? row.detail;
    } else if (row.configured && index !== 2) {
      candidate.status = winnerIndex >= 0 ? 'shadowed' : 'not-reached';
      candidate.reason = `${row.detail}, but ${rows[winnerIndex]?.source ?? rows[failedIndex]?.source ?? 'an earlier source'} comes first`;
    } else if (index === 2 && winnerIndex >= 0 && winnerIndex < 2) {
      candidate.status = 'shadowed';
      candidate.reason = `not asked: ${rows[winnerIndex]?.source} answered first`;
    }
    explanation.candidates.push(candidate);
  });
  if (winnerIndex >= 0) explanation.winner = rows[winnerIndex]?.source;
  if (token?.source === 'gcp:external-account') explanation.winnerDetail = token.source;
  const { projectId, region } = settings(token);
  explanation.resolved = { region };
  if (projectId !== undefined) explanation.resolved.projectId = projectId;
  return explanation;
}
