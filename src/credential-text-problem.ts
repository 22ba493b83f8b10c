/**
 * Why `text` is not a bare credential (an API key or token), or `undefined` when it is one: the
 * one rule for every way a key enters (helper output, a file descriptor, `login`,
 * `paste-token`). A credential is one line of printable ASCII without spaces (always a valid HTTP
 * header value), after trimming; output that looks like JSON (starts with `{` or `[`) or is in
 * quotes is refused with the fix, since sending it would fail at the provider. Never quotes `text`.
 */
export function credentialTextProblem(text: string): string | undefined {
  const value = text.trim();
  if (value === '') return 'expected a credential, got empty output';
  if (value.startsWith('{') || value.startsWith('[')) {
    return (
      `expected only the key, got what looks like JSON (it starts with \`${value[0]}\`). ` +
      'Fix: print the bare key, e.g. pipe the JSON through `| jq -r .key` (use the field that holds it)'
    );
  }
  if (/^(["'`]).*\1$/s.test(value) && value.length >= 2) {
    return (
      'expected only the key, got a value in quotes. Fix: print it without the quotes ' +
      '(e.g. `jq -r` instead of `jq`, `printf %s "$KEY"` instead of echoing a quoted string)'
    );
  }
  if (value === 'null' || value === 'undefined') {
    return (
      `expected a credential, got \`${value}\` (what \`jq -r\` prints for a field that is not there). ` +
      'Fix: name the field that holds the key'
    );
  }
  if (/^[A-Z][A-Z0-9]*_[A-Z0-9_]*=[^=]/.test(value)) {
    return 'expected only the key, got a NAME=value line. Fix: print only the value (e.g. `cut -d= -f2-`)';
  }
  if (!/^[\x21-\x7e]+$/.test(value)) {
    return 'expected a single line of printable ASCII without spaces (only the credential)';
  }
  return undefined;
}
