import { PROVIDERS, providerInfo } from './provider-table.js';

/** The shape of a variable a stored `wellknown` entry may name: upper-case letters, digits and `_`. */
export const WELLKNOWN_VARIABLE_PATTERN = /^[A-Z][A-Z0-9_]*$/;

/**
 * Variables a stored `wellknown` entry (opencode's `{ type: 'wellknown', key: VARIABLE, token }`)
 * may never name, because `credhelper exec` hands the entry's token to the child under that name
 * and these names do not hold a credential: they change how the child runs. `NAME*` matches every
 * name that starts with `NAME`, `*NAME` every name that ends with it. Why each group is here:
 *
 * - **code that runs**: interpreter and loader options and search paths (`NODE_OPTIONS`,
 *   `LD_PRELOAD`, `DYLD_INSERT_LIBRARIES`, `PYTHONSTARTUP`, `PERL5OPT`, `RUBYOPT`,
 *   `JAVA_TOOL_OPTIONS`, `GCONV_PATH`…), the shell's start-up files and hooks (`BASH_ENV`, `ENV`,
 *   `PROMPT_COMMAND`, `PS4`, `IFS`, `SHELLOPTS`), the command search path (`PATH`), and programs
 *   other programs start (`EDITOR`, `PAGER`, `BROWSER`, `GIT_*`, `SSH_*`);
 * - **where traffic goes or whom it trusts**: proxies (`*_PROXY`), certificate roots
 *   (`SSL_CERT_*`, `NODE_EXTRA_CA_CERTS`, `*_CA_BUNDLE`, `CURL_CA_BUNDLE`), endpoints
 *   (`*_BASE_URL`, `*_ENDPOINT*`, `*_API_BASE`, `*_HOST`);
 * - **which configuration is read** (a config file can name a command: AWS `credential_process`,
 *   Google executable sources, git hooks, kubeconfig exec plugins): `HOME`, `TMPDIR`, `XDG_*`,
 *   `*_CONFIG*`, `KUBECONFIG`, `CLOUDSDK_*`, `DOCKER_*`, and the cloud and agent families that
 *   credhelper sets itself (`AWS_*`, `GOOGLE_*`, `GCLOUD_*`, `ANTHROPIC_*`, `CLAUDE_*`,
 *   `CREDHELPER_*`).
 *
 * A provider's own key variables (`OPENCODE_API_KEY` for `opencode`, `AWS_BEARER_TOKEN_BEDROCK`
 * for `amazon-bedrock`) are always allowed; another provider's variables never are (an entry
 * speaks for its own provider only). See {@link wellknownVariableProblem}.
 */
export const DENIED_WELLKNOWN_VARIABLES: readonly string[] = [
  // code that runs
  'NODE_*',
  'NPM_CONFIG_*',
  'LD_*',
  'DYLD_*',
  'PATH',
  'BASH_ENV',
  'BASH_FUNC_*',
  'ENV',
  'SHELL',
  'SHELLOPTS',
  'BASHOPTS',
  'IFS',
  'PS4',
  'PROMPT_COMMAND',
  'CDPATH',
  'PYTHON*',
  'PERL5*',
  'PERLLIB',
  'PERL_*',
  'RUBYOPT',
  'RUBYLIB',
  'GEM_*',
  'BUNDLE_*',
  'JAVA_TOOL_OPTIONS',
  '_JAVA_OPTIONS',
  'JDK_JAVA_OPTIONS',
  'CLASSPATH',
  'GCONV_PATH',
  'LOCPATH',
  'MALLOC_*',
  'GLIBC_TUNABLES',
  'EDITOR',
  'VISUAL',
  'PAGER',
  'BROWSER',
  'GIT_*',
  'SSH_*',
  'GPG_*',
  'GNUPGHOME',
  // where traffic goes, whom it trusts
  '*_PROXY',
  'SSL_CERT_*',
  'SSLKEYLOGFILE',
  'NODE_EXTRA_CA_CERTS',
  '*_CA_BUNDLE',
  '*_BASE_URL',
  '*_ENDPOINT*',
  '*_API_BASE',
  '*_HOST',
  // which configuration is read
  'HOME',
  'TMPDIR',
  'TMP',
  'TEMP',
  'XDG_*',
  '*_CONFIG*',
  'KUBECONFIG',
  'CLOUDSDK_*',
  'DOCKER_*',
  'AWS_*',
  'GOOGLE_*',
  'GCLOUD_*',
  'ANTHROPIC_*',
  'CLAUDE_*',
  'CREDHELPER_*',
];

/**
 * How a variable that holds a credential is named: a stored `wellknown` entry may name only its
 * provider's own key variables or a name with one of these endings (on top of
 * {@link DENIED_WELLKNOWN_VARIABLES}). An allow-list, because no deny-list can know every variable
 * that makes some program run a command (`LESSOPEN`, `OPENSSL_CONF`, `GOFLAGS`, `SUDO_ASKPASS`…).
 */
export const CREDENTIAL_VARIABLE_SUFFIXES: readonly string[] = [
  '_API_KEY',
  '_KEY',
  '_TOKEN',
  '_SECRET',
  '_PASSWORD',
  '_PAT',
];

function matches(pattern: string, name: string): boolean {
  const prefix = pattern.endsWith('*');
  const suffix = pattern.startsWith('*');
  const core = pattern.slice(suffix ? 1 : 0, prefix ? -1 : undefined);
  if (prefix && suffix) return name.includes(core);
  if (prefix) return name.startsWith(core);
  if (suffix) return name.endsWith(core);
  return name === core;
}

/**
 * Why the stored `wellknown` entry of `provider` may not hand its token over under `variable`, or
 * `undefined` when it may. The answer names the variable only when it is a plain variable name
 * (anything else might be a pasted secret), never the entry's token.
 */
export function wellknownVariableProblem(provider: string, variable: string): string | undefined {
  if (providerInfo(provider).keyVariables.includes(variable)) return undefined;
  if (!WELLKNOWN_VARIABLE_PATTERN.test(variable) || variable.length > 128) {
    return 'names a variable that is not a plain upper-case name ([A-Z][A-Z0-9_]*)';
  }
  const denied = DENIED_WELLKNOWN_VARIABLES.find((pattern) => matches(pattern, variable));
  if (denied !== undefined) {
    return `names the variable ${variable}, which changes how programs run or where they connect (${denied}), not a credential`;
  }
  if (!CREDENTIAL_VARIABLE_SUFFIXES.some((suffix) => variable.endsWith(suffix))) {
    return `names the variable ${variable}, which is not a credential variable (expected its provider's key variable, or a name ending in ${CREDENTIAL_VARIABLE_SUFFIXES.join(', ')})`;
  }
  const owner = PROVIDERS.find(
    (other) => other.id !== provider && [...other.keyVariables, ...(other.configVariables ?? [])].includes(variable),
  );
  if (owner !== undefined) return `names the variable ${variable}, which belongs to provider ${owner.id}`;
  return undefined;
}
