import type { CredentialHelperError } from '../errors.js';

/** The status of {@link credentialFailureResponse}: the request could not be authenticated. */
export const CREDENTIAL_FAILURE_STATUS = 401;
/** The response header that carries the credhelper error code (e.g. `HELPER_EXIT`). */
export const CREDENTIAL_ERROR_HEADER = 'x-credhelper-error-code';

/**
 * What `creds.fetch` answers, without sending anything, when it cannot obtain a credential: a 401
 * in the Anthropic API's error shape whose message is the credhelper error's (code, source, fix;
 * never a secret), with `x-should-retry: false` and {@link CREDENTIAL_ERROR_HEADER}.
 *
 * Why a response rather than a rejection: the Anthropic SDKs wrap a rejected `fetch` into
 * `APIConnectionError` (or `APIConnectionTimeoutError` when the message says "timeout") and retry it
 * twice with back-off; a response with `x-should-retry: false` reaches the caller once, as the
 * SDK's `AuthenticationError`, whatever its retry settings.
 */
export function credentialFailureResponse(error: CredentialHelperError): Response {
  // `[credhelper] HELPER_EXIT: apiKeyHelper exited with code 3 … Fix: …`. The top-level `message`
  // is what the SDKs put in their error's message (`401 [credhelper] HELPER_EXIT: …`).
  const message = `[credhelper] ${error.code}: ${error.message.replace(/^\[credhelper\] /, '')}`;
  const body = {
    type: 'error',
    message,
    error: { type: 'authentication_error', message, details: { credhelper_code: error.code } },
  };
  return new Response(JSON.stringify(body), {
    status: CREDENTIAL_FAILURE_STATUS,
    headers: { 'content-type': 'application/json', 'x-should-retry': 'false', [CREDENTIAL_ERROR_HEADER]: error.code },
  });
}
