import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCredentialHelper } from 'credhelper';
import { afterEach, describe, expect, it } from 'vitest';
import { useGcpEnv } from '../support/clean-env.js';
import { scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { externalAccountJson, googleStsServer, vertexServer } from '../support/local-servers.js';
import { rawRequest } from './proxy-support.js';

// The ADC token the proxy adds works for every project its principal can use; the agent gets the
// project credhelper resolved, and a path naming another one never leaves the machine.

const ACCESS_TOKEN = 'ya29.test-vertex-project-token-0001';
const SUBJECT_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZ2VudCJ9.test-subject-token';
const { track } = isolateTests();
const proxies: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});

describe('Vertex behind the proxy: one project', () => {
  it('a path naming another project (or the same one percent-encoded) → 403, nothing upstream; the resolved one passes', async () => {
    const vertex = track(
      await vertexServer({ accessToken: ACCESS_TOKEN, projectId: 'agents-prod', region: 'us-east5' }),
    );
    const sts = track(await googleStsServer({ acceptSubjectToken: SUBJECT_TOKEN, accessToken: ACCESS_TOKEN }));
    const dir = scratchDir();
    writeFileSync(join(dir, 'subject'), SUBJECT_TOKEN);
    writeFileSync(join(dir, 'adc.json'), externalAccountJson(sts.tokenUrl, join(dir, 'subject')));
    const creds = createCredentialHelper({
      env: useGcpEnv({
        GOOGLE_APPLICATION_CREDENTIALS: join(dir, 'adc.json'),
        GOOGLE_CLOUD_PROJECT: 'agents-prod',
        CLOUD_ML_REGION: 'us-east5',
        ANTHROPIC_VERTEX_BASE_URL: `${vertex.url}/v1`,
      }),
      authFile: false,
    });
    const proxy = await creds.startProxy({ targets: ['vertex'] });
    proxies.push(proxy);
    const post = (project: string) =>
      rawRequest(
        `${proxy.url}/vertex/v1/projects/${project}/locations/us-east5/publishers/anthropic/models/claude-x:rawPredict`,
        { method: 'POST', headers: { authorization: `Bearer ${proxy.token}` }, body: '{}' },
      );
    for (const project of ['someone-elses-project', 'agents-pro%64', 'agents-prod2', 'AGENTS-PROD']) {
      const answer = await post(project);
      expect(answer.status, project).toBe(403);
      expect(answer.body).toContain('agents-prod only');
    }
    expect(vertex.calls).toEqual([]);
    expect((await post('agents-prod')).status).toBe(200);
    expect(vertex.calls.every((call) => call.accepted)).toBe(true);
  });
});
