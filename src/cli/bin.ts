#!/usr/bin/env node
// The `credhelper` executable: runs the CLI and exits with its code.
import { main } from './main.js';

// Not a secret: keeps the AWS SDK's Node-version notice (printed when an AWS client first loads,
// long after this line) out of CLI output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.exitCode = await main(process.argv.slice(2));
