import { describe, expect, it } from 'vitest';
import { DENIED_WELLKNOWN_VARIABLES, wellknownVariableProblem } from '../../src/providers/wellknown-variable.js';
import { isLoopbackHostname, tokenUrlProblem } from '../../src/token-url.js';

describe('wellknownVariableProblem: one row per rule', () => {
  it.each([
    ['opencode', 'OPENCODE_API_KEY', 'its own key variable'],
    ['amazon-bedrock', 'AWS_BEARER_TOKEN_BEDROCK', 'its own key variable, though AWS_* is denied'],
    ['my-gateway', 'MY_GATEWAY_TOKEN', 'a plain name of an unknown provider'],
    ['opencode', 'SOME_SERVICE_API_KEY', 'a plain name'],
  ])('%s may name %s (%s)', (provider, variable) => {
    expect(wellknownVariableProblem(provider, variable)).toBeUndefined();
  });

  it.each([
    ['NODE_OPTIONS', 'changes how programs run'],
    ['NODE_EXTRA_CA_CERTS', 'changes how programs run'],
    ['LD_PRELOAD', 'LD_*'],
    ['DYLD_INSERT_LIBRARIES', 'DYLD_*'],
    ['PATH', 'PATH'],
    ['BASH_ENV', 'BASH_ENV'],
    ['ENV', 'ENV'],
    ['PYTHONSTARTUP', 'PYTHON*'],
    ['PERL5OPT', 'PERL5*'],
    ['PERLLIB', 'PERLLIB'],
    ['RUBYOPT', 'RUBYOPT'],
    ['RUBYLIB', 'RUBYLIB'],
    ['GIT_SSH_COMMAND', 'GIT_*'],
    ['SHELL', 'SHELL'],
    ['IFS', 'IFS'],
    ['PS4', 'PS4'],
    ['PROMPT_COMMAND', 'PROMPT_COMMAND'],
    ['HOME', 'HOME'],
    ['TMPDIR', 'TMPDIR'],
    ['JAVA_TOOL_OPTIONS', 'JAVA_TOOL_OPTIONS'],
    ['_JAVA_OPTIONS', 'not a plain upper-case name'],
    ['CLASSPATH', 'CLASSPATH'],
    ['GCONV_PATH', 'GCONV_PATH'],
    ['SSL_CERT_FILE', 'SSL_CERT_*'],
    ['HTTPS_PROXY', '*_PROXY'],
    ['ANTHROPIC_MODEL', 'ANTHROPIC_*'],
    ['MY_SERVICE_BASE_URL', '*_BASE_URL'],
    ['AWS_PROFILE', 'AWS_*'],
    ['AWS_CONFIG_FILE', '*_CONFIG*'],
    ['GOOGLE_APPLICATION_CREDENTIALS', 'GOOGLE_*'],
    ['XDG_CONFIG_HOME', 'XDG_*'],
    ['OPENAI_API_KEY', 'belongs to provider openai'],
    ['AZURE_OPENAI_BASE_URL', 'where they connect'],
    ['node_options', 'not a plain upper-case name'],
    ['A=B', 'not a plain upper-case name'],
  ])('%s is refused (%s)', (variable, reason) => {
    const problem = wellknownVariableProblem('opencode', variable);
    expect(problem).toBeDefined();
    expect(problem).toContain(reason);
  });

  // Found by the security review: a deny-list alone let these through under a known provider id.
  it.each([
    'LESSOPEN',
    'OPENSSL_CONF',
    'OPENSSL_ENGINES',
    'GOFLAGS',
    'RUSTC_WRAPPER',
    'SUDO_ASKPASS',
    'MANPAGER',
    'ZDOTDIR',
    'TERMINFO',
    'HOSTALIASES',
    'LANGUAGE',
    'TZDIR',
    'R_PROFILE',
    'JULIA_LOAD_PATH',
    'CARGO_HOME',
  ])('openai may not name %s: not a credential variable (allow-list of credential names)', (variable) => {
    expect(wellknownVariableProblem('openai', variable)).toContain('not a credential variable');
  });

  it('the deny list is data: every pattern is NAME, NAME*, *NAME or *NAME*', () => {
    for (const pattern of DENIED_WELLKNOWN_VARIABLES) expect(pattern).toMatch(/^\*?[A-Z0-9_]+\*?$/);
  });

  it('names a variable only when it is a plain name (anything else might be a pasted secret)', () => {
    expect(wellknownVariableProblem('opencode', 'sk-test-pasted-0001')).not.toContain('sk-test');
  });
});

describe('tokenUrlProblem', () => {
  it.each(['https://a.example/t', 'http://127.0.0.1/t', 'http://127.1/t', 'http://[::1]:8/t', 'http://LOCALHOST/t'])(
    '%s is allowed',
    (url) => expect(tokenUrlProblem(url)).toBeUndefined(),
  );
  it.each([
    'http://token.example.test/',
    'http://localhost.example.test/',
    'http://128.0.0.1/',
    'http://[::2]/',
    'ftp://a/',
    'not a url',
  ])('%s is refused', (url) => expect(tokenUrlProblem(url)).toBeDefined());
  it('loopback is 127.0.0.0/8, ::1 and localhost', () => {
    expect(['127.255.0.1', '[::1]', 'localhost'].every(isLoopbackHostname)).toBe(true);
    expect(['0.0.0.0', '[::]', '10.0.0.1', 'localhost.'].some(isLoopbackHostname)).toBe(false);
  });
});
