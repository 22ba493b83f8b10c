// An ESM agent importing the installed package: the public entry, the internal path, no deep imports.
import { createCredentialHelper, isCredentialHelperError } from 'credhelper';

const creds = createCredentialHelper({ authFile: false });
const { source, type } = await creds.anthropic();
let deepImport = 'allowed';
try {
  await import('credhelper/dist/index.js');
} catch (error) {
  deepImport = error.code;
}
const internal = await import('credhelper/internal');
console.log(
  JSON.stringify({
    source,
    type,
    deepImport,
    internal: typeof internal.CredentialCache,
    guard: typeof isCredentialHelperError,
  }),
);
