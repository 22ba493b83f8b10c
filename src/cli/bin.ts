#!/usr/bin/env node
// The `credhelper` executable: runs the CLI and exits with its code.
import { main } from './main.js';
import { markCliProcess } from './nested-call.js';
import { installSignalExit } from './signal-exit.js';

// Not a secret: keeps the AWS SDK's Node-version notice (printed when an AWS client first loads,
// long after this line) out of CLI output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// Not a secret: marks what this process starts (a profile's credential_process too) as a helper.
markCliProcess();
// SIGINT / SIGTERM / SIGHUP stop running helpers' process groups, then exit 128 + n.
installSignalExit();
process.exitCode = await main(process.argv.slice(2));
