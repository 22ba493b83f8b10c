// A CommonJS agent: require() of the ES module package (Node >= 20.19).
const { createCredentialHelper, CredentialHelperError } = require('credhelper');

const failing = createCredentialHelper({ authFile: false, env: {}, settings: { apiKeyHelper: 'exit 3' } });
createCredentialHelper({ authFile: false })
  .anthropic()
  .then(async ({ source, type }) => {
    const error = await failing.anthropic().catch((caught) => caught);
    console.log(
      JSON.stringify({ source, type, failure: error instanceof CredentialHelperError ? error.code : String(error) }),
    );
  });
