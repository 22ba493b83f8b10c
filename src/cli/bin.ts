#!/usr/bin/env node
// The `credhelper` executable: a shim that loads the CLI and exits with its code.
// Not a secret: keeps the AWS SDK's Node-version notice out of CLI output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { main } = await import('./main.js');
process.exitCode = await main(process.argv.slice(2));
