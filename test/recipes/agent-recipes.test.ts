// The README's "Use it with your agent" recipes, each run as written: the agent is a child process
// on the matching Anthropic SDK that reads its configuration from the environment (default
// credential chains, no credhelper import; test/fixtures/agents/), or a stand-in for Claude Code's
// own apiKeyHelper / awsCredentialExport handling; each talks to a loopback fake, and the test
// checks the credential the fake received.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, cliAsync, cliHome, userSettings, writeJson } from '../support/cli.js';
import { fixture } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import {
  bedrockServer,
  externalAccountJson,
  gceMetadataServer,
  googleStsServer,
  json,
  type LocalServer,
  listen,
  messageReply,
  vertexServer,
} from '../support/local-servers.js';

const { track } = isolateTests();

/** The built CLI as a shell command, as a user writes `credhelper` in a setting. */
const CREDHELPER = `'${process.execPath}' '${CLI}'`;
const SDK_AGENT = fixture('agents/sdk-agent.mjs');
const CLAUDE_AGENT = fixture('agents/claude-code-agent.mjs');
const KEY = 'sk-ant-test-recipe-0001';
const REGION = 'us-east-1';
const EXPORT_KEY_ID = 'ASIATESTEXPORT000001';
const EXPORT_SECRET = 'test-export-secret-0000000000000000000001';
const VERTEX_TOKEN = 'ya29.test-recipe-token-0001';
const SUBJECT = 'test-subject-token-0001';

/** What the fake Anthropic API saw of one request. */
interface AnthropicCall {
  apiKey: string | undefined;
  bearer: string | undefined;
}

/** A fake Anthropic Messages API: accepts `POST /v1/messages` whose `x-api-key` or Bearer is `key`. */
async function anthropicServer(key: string): Promise<LocalServer & { calls: AnthropicCall[] }> {
  const calls: AnthropicCall[] = [];
  const server = await listen((request, response) => {
    const authorization = request.headers.authorization;
    const call: AnthropicCall = {
      apiKey: request.headers['x-api-key'] as string | undefined,
      bearer: authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : undefined,
    };
    calls.push(call);
    if (call.apiKey !== key && call.bearer !== key) {
      json(response, 401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } });
      return;
    }
    json(response, 200, messageReply('hello from the fake Anthropic'));
  });
  return track(Object.assign(server, { calls }));
}

/** A temp HOME for one recipe, with Google's lookups kept local. */
function recipeHome(extra: Record<string, string> = {}) {
  const { home, env } = cliHome({
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: '1',
    ...extra,
  });
  return { home, env };
}

function expectNoSecret(output: string, ...secrets: string[]): void {
  for (const secret of secrets) expect(output).not.toContain(secret);
}

describe("Claude Code's own settings (~/.claude/settings.json)", () => {
  it('apiKeyHelper: "credhelper get anthropic" — the key goes out as x-api-key and as Bearer', async () => {
    const anthropic = await anthropicServer(KEY);
    const { home, env } = recipeHome({ FAKE_KEY: KEY });
    userSettings(home, { apiKeyHelper: fixture('print-key.sh') });
    writeJson(join(home, '.claude', 'settings.json'), { apiKeyHelper: `${CREDHELPER} get anthropic` });
    const result = await run(CLAUDE_AGENT, [], { ...env, ANTHROPIC_BASE_URL: anthropic.url });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('hello from the fake Anthropic\n');
    expect(anthropic.calls).toEqual([{ apiKey: KEY, bearer: KEY }]);
  });

  it('awsCredentialExport: "credhelper aws-credential-process" — Bedrock gets a valid SigV4 signature', async () => {
    const bedrock = track(await bedrockServer({ region: REGION, secretAccessKey: EXPORT_SECRET }));
    const { home, env } = recipeHome({ AWS_REGION: REGION, ANTHROPIC_BEDROCK_BASE_URL: bedrock.url });
    userSettings(home, { awsCredentialExport: fixture('print-sts-json.sh') });
    writeJson(join(home, '.claude', 'settings.json'), {
      awsCredentialExport: `${CREDHELPER} aws-credential-process`,
    });
    const result = await run(CLAUDE_AGENT, [], env);
    expect(result.stdout).toBe('hello from the fake Bedrock\n');
    expect(bedrock.calls.map(({ auth, principal, accepted }) => ({ auth, principal, accepted }))).toEqual([
      { auth: 'sigv4', principal: EXPORT_KEY_ID, accepted: true },
    ]);
    expectNoSecret(result.stderr, EXPORT_SECRET);
  });

  it("the loop (apiKeyHelper is credhelper, and credhelper reads Claude Code's settings) fails fast", async () => {
    const { home, env } = recipeHome();
    userSettings(home, { claude: true });
    writeJson(join(home, '.claude', 'settings.json'), { apiKeyHelper: `${CREDHELPER} get anthropic` });
    const started = performance.now();
    const result = await run(CLAUDE_AGENT, [], { ...env, ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('apiKeyHelper runs credhelper itself');
    expect(result.stderr).toContain('HELPER_RECURSION');
  });
});

describe('an AWS profile whose credential_process is credhelper', () => {
  it('AnthropicBedrock with AWS_PROFILE signs with the keys credhelper resolved', async () => {
    const bedrock = track(await bedrockServer({ region: REGION, secretAccessKey: EXPORT_SECRET }));
    const { home, env } = recipeHome({ AWS_REGION: REGION, ANTHROPIC_BEDROCK_BASE_URL: bedrock.url });
    userSettings(home, { awsCredentialExport: fixture('print-sts-json.sh') });
    const config = join(home, 'aws-config');
    writeFileSync(config, `[profile agent]\ncredential_process = ${CREDHELPER} aws-credential-process\n`);
    const result = await run(SDK_AGENT, ['bedrock'], { ...env, AWS_CONFIG_FILE: config, AWS_PROFILE: 'agent' });
    expect(result.stdout).toBe('hello from the fake Bedrock\n');
    expect(bedrock.calls.map(({ auth, principal, accepted }) => ({ auth, principal, accepted }))).toEqual([
      { auth: 'sigv4', principal: EXPORT_KEY_ID, accepted: true },
    ]);
  });
});

describe('credhelper exec, per target (Claude Code or any SDK-based agent as the child)', () => {
  it('Anthropic: `credhelper exec -- agent` — the key arrives as ANTHROPIC_API_KEY, no Bearer from credhelper', async () => {
    const anthropic = await anthropicServer(KEY);
    const { home, env } = recipeHome({ FAKE_KEY: KEY, ANTHROPIC_BASE_URL: anthropic.url });
    userSettings(home, { apiKeyHelper: fixture('print-key.sh') });
    const result = await cliAsync(['exec', '--', process.execPath, SDK_AGENT, 'anthropic'], { env });
    expect(result.stdout).toBe('hello from the fake Anthropic\n');
    // @anthropic-ai/sdk 1.12 sends ANTHROPIC_API_KEY as `Authorization: Bearer`; Claude Code sends it
    // as `x-api-key` only. Either way one header, chosen by the agent: a gateway that checks the
    // Bearer header needs Claude Code's apiKeyHelper recipe (both headers) or ANTHROPIC_AUTH_TOKEN.
    expect(anthropic.calls).toEqual([{ apiKey: undefined, bearer: KEY }]);
    expectNoSecret(result.stderr, KEY);
  });

  it('Bedrock: `CLAUDE_CODE_USE_BEDROCK=1 credhelper exec -- agent` — SigV4 with the exported keys', async () => {
    const bedrock = track(await bedrockServer({ region: REGION, secretAccessKey: EXPORT_SECRET }));
    const { home, env } = recipeHome({
      CLAUDE_CODE_USE_BEDROCK: '1',
      AWS_REGION: REGION,
      ANTHROPIC_BEDROCK_BASE_URL: bedrock.url,
    });
    userSettings(home, { awsCredentialExport: fixture('print-sts-json.sh') });
    const result = await cliAsync(['exec', '--', process.execPath, SDK_AGENT, 'bedrock'], { env });
    expect(result.stdout).toBe('hello from the fake Bedrock\n');
    expect(bedrock.calls.map(({ auth, principal, accepted }) => ({ auth, principal, accepted }))).toEqual([
      { auth: 'sigv4', principal: EXPORT_KEY_ID, accepted: true },
    ]);
    expectNoSecret(result.stderr, EXPORT_SECRET);
  });

  it('Bedrock with a stored bearer token: the agent sends it as Bearer', async () => {
    const token = 'bedrock-api-key-test-recipe-0001';
    const bedrock = track(await bedrockServer({ region: REGION, bearerToken: token }));
    const { env } = recipeHome({
      CLAUDE_CODE_USE_BEDROCK: '1',
      AWS_REGION: REGION,
      ANTHROPIC_BEDROCK_BASE_URL: bedrock.url,
    });
    const login = await cliAsync(['login', '--provider', 'amazon-bedrock', '--stdin'], { env, input: token });
    expect(login.code, login.stderr).toBe(0);
    const result = await cliAsync(['exec', '--', process.execPath, SDK_AGENT, 'bedrock'], { env });
    expect(result.stdout).toBe('hello from the fake Bedrock\n');
    expect(bedrock.calls.map(({ auth, principal, accepted }) => ({ auth, principal, accepted }))).toEqual([
      { auth: 'bearer', principal: token, accepted: true },
    ]);
  });

  it('Vertex with an ADC file: the agent gets the project and the ADC file, and mints from the same ADC', async () => {
    const sts = track(await googleStsServer({ acceptSubjectToken: SUBJECT, accessToken: VERTEX_TOKEN }));
    const { home, env } = recipeHome({
      CLAUDE_CODE_USE_VERTEX: '1',
      ANTHROPIC_VERTEX_PROJECT_ID: 'agents-prod',
      CLOUD_ML_REGION: 'us-east5',
    });
    const vertex = track(
      await vertexServer({ accessToken: VERTEX_TOKEN, projectId: 'agents-prod', region: 'us-east5' }),
    );
    const gcloud = join(home, '.config', 'gcloud');
    mkdirSync(gcloud, { recursive: true });
    writeFileSync(join(home, 'subject'), SUBJECT);
    const adcFile = join(gcloud, 'application_default_credentials.json');
    writeFileSync(adcFile, externalAccountJson(sts.tokenUrl, join(home, 'subject')));
    const agentEnv = { ...env, ANTHROPIC_VERTEX_BASE_URL: `${vertex.url}/v1` };
    expect(await childVars(agentEnv)).toEqual({ project: 'agents-prod', adcFile, gcloudToken: true });
    const result = await cliAsync(['exec', '--', process.execPath, SDK_AGENT, 'vertex'], {
      env: agentEnv,
      timeoutMs: 20_000,
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('hello from the fake Vertex\n');
    expect(vertex.calls.map(({ authorization, accepted }) => ({ authorization, accepted }))).toEqual([
      { authorization: `Bearer ${VERTEX_TOKEN}`, accepted: true },
    ]);
  });

  it('Vertex: a GOOGLE_CLOUD_PROJECT or GOOGLE_APPLICATION_CREDENTIALS the user set is not overridden', async () => {
    const sts = track(await googleStsServer({ acceptSubjectToken: SUBJECT, accessToken: VERTEX_TOKEN }));
    const { home, env } = recipeHome({ CLAUDE_CODE_USE_VERTEX: '1', ANTHROPIC_VERTEX_PROJECT_ID: 'agents-prod' });
    writeFileSync(join(home, 'subject'), SUBJECT);
    writeFileSync(join(home, 'adc.json'), externalAccountJson(sts.tokenUrl, join(home, 'subject')));
    const userEnv = { ...env, GOOGLE_CLOUD_PROJECT: 'quota-project', GOOGLE_APPLICATION_CREDENTIALS: 'adc.json' };
    expect(await childVars(userEnv)).toEqual({ project: 'quota-project', adcFile: 'adc.json', gcloudToken: true });
  });

  it('Vertex on the metadata server: no GOOGLE_APPLICATION_CREDENTIALS, the token for gcloud', async () => {
    const metadata = track(await gceMetadataServer({ accessToken: VERTEX_TOKEN, projectId: 'agents-prod' }));
    const { env } = recipeHome({
      CLAUDE_CODE_USE_VERTEX: '1',
      METADATA_SERVER_DETECTION: '',
      GCE_METADATA_HOST: metadata.url.replace('http://', ''),
      ANTHROPIC_VERTEX_PROJECT_ID: 'agents-prod',
    });
    expect(await childVars(env)).toEqual({ project: 'agents-prod', gcloudToken: true });
  });
});

/** What `credhelper exec` gives a child of Google's variables (the token only as "present"). */
async function childVars(env: Record<string, string>): Promise<unknown> {
  const show =
    'const e = process.env; console.log(JSON.stringify({ project: e.GOOGLE_CLOUD_PROJECT, ' +
    'adcFile: e.GOOGLE_APPLICATION_CREDENTIALS, gcloudToken: e.CLOUDSDK_AUTH_ACCESS_TOKEN !== undefined }))';
  const result = await cliAsync(['exec', '--', process.execPath, '-e', show], { env });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout);
}

/** Runs `node script args…` in `env`, without blocking the event loop (the fakes live here). */
function run(script: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    import('node:child_process').then(({ spawn }) => {
      const child = spawn(process.execPath, [script, ...args], { env, cwd: env.HOME, timeout: 20_000 });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
      });
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
      });
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  });
}
