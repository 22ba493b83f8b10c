// A CommonJS TypeScript agent: `require` of the package type-checks under NodeNext, node16 and node18.
import credhelper = require('credhelper');

const env: credhelper.ReadonlyEnv = {};
const creds: credhelper.CredentialHelper = credhelper.createCredentialHelper({ env });
function failure(error: unknown): credhelper.CredentialHelperErrorCode | undefined {
  return credhelper.isCredentialHelperError(error) ? error.code : undefined;
}
export = { creds, failure };
