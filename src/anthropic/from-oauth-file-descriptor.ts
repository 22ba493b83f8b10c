import { read } from 'node:fs';
import type { CredentialSource } from '../chain/credential-source.js';
import { envValue, type SourceContext } from '../chain/source-context.js';
import { CredentialHelperError } from '../errors.js';
import { plural } from '../plural.js';
import { type AnthropicCredential, anthropicCredential } from './anthropic-credential.js';

/** The variable that names a file descriptor holding an OAuth token (managed deployments). */
export const OAUTH_TOKEN_FD_VARIABLE = 'CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR';
/** Most bytes read from the descriptor: a token is far smaller. */
const MAX_FD_BYTES = 64 * 1024;

function readChunk(fd: number, buffer: Buffer, offset: number): Promise<number> {
  return new Promise((resolve, reject) => {
    read(fd, buffer, offset, buffer.length - offset, null, (error, bytesRead) => {
      if (error) reject(error);
      else resolve(bytesRead);
    });
  });
}

/** Reads `fd` to its end (at most {@link MAX_FD_BYTES}), giving up after `timeoutMs`. The fd stays open. */
async function readDescriptor(fd: number, timeoutMs: number): Promise<string> {
  const buffer = Buffer.alloc(MAX_FD_BYTES + 1);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no end of input within ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
  });
  const readAll = async (): Promise<string> => {
    let length = 0;
    for (;;) {
      const bytesRead = await readChunk(fd, buffer, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > MAX_FD_BYTES) throw new Error(`more than ${MAX_FD_BYTES} bytes`);
    }
    return buffer.subarray(0, length).toString('utf8');
  };
  try {
    return await Promise.race([readAll(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The OAuth token read once from the file descriptor named by `CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR`
 * (a descriptor can be read only once, so the token is kept for the life of the helper).
 * A set but unreadable descriptor is an error (`SOURCE_UNREADABLE`), not a silent fall-through.
 */
export function fromOAuthFileDescriptor(
  context: SourceContext,
  options: { timeoutMs: number },
): CredentialSource<AnthropicCredential> {
  const name = `fd:${OAUTH_TOKEN_FD_VARIABLE}`;
  let token: Promise<string> | undefined;
  let tokenValue: string | undefined;

  async function readToken(raw: string): Promise<string> {
    const { credentialTextSchema, envFileDescriptorSchema } = await import('../schemas/env-values.js');
    const fd = envFileDescriptorSchema.safeParse(raw);
    if (!fd.success) {
      throw new CredentialHelperError(
        'INVALID_OPTION',
        `${OAUTH_TOKEN_FD_VARIABLE} must be a file descriptor number. Fix: set it to the number of an open descriptor, or unset it.`,
        { setting: name },
      );
    }
    let text: string;
    try {
      text = await readDescriptor(fd.data, options.timeoutMs);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new CredentialHelperError(
        'SOURCE_UNREADABLE',
        `could not read the OAuth token from file descriptor ${fd.data} (${OAUTH_TOKEN_FD_VARIABLE}): ${reason}. ` +
          'Fix: pass the descriptor open for reading to this process, or unset the variable.',
        { setting: name, cause: error },
      );
    }
    const parsed = credentialTextSchema.safeParse(text);
    if (!parsed.success) {
      throw new CredentialHelperError(
        'OUTPUT_INVALID',
        `file descriptor ${fd.data} (${OAUTH_TOKEN_FD_VARIABLE}) held ${plural(Buffer.byteLength(text), 'byte')} of text that is not a token: ` +
          `${parsed.error.issues[0]?.message ?? 'invalid'}. Fix: write only the token to the descriptor.`,
        { setting: name },
      );
    }
    context.secrets.add(parsed.data);
    tokenValue = parsed.data;
    return parsed.data;
  }

  return {
    name,
    description: `OAuth token read from the file descriptor named by ${OAUTH_TOKEN_FD_VARIABLE}`,
    isConfigured: () => envValue(context.env, OAUTH_TOKEN_FD_VARIABLE) !== undefined,
    peekSecret: () => tokenValue,
    async load() {
      const raw = envValue(context.env, OAUTH_TOKEN_FD_VARIABLE) ?? '';
      // A failed read is not kept: the caller may fix the descriptor and try again.
      token ??= readToken(raw).catch((error: unknown) => {
        token = undefined;
        throw error;
      });
      return { credential: anthropicCredential('oauth', await token, name) };
    },
  };
}
