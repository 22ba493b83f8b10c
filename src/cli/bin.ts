#!/usr/bin/env node
// The `credhelper` executable: runs the CLI and exits with its code. Bundled as CommonJS (see
// scripts/bundle-cli.mjs), so no top-level await: the exit code is set when `main` settles.
import { main } from './main.js';
import { markCliProcess } from './nested-call.js';
import { quietLibraryWarnings } from './quiet-warnings.js';
import { installSignalExit } from './signal-exit.js';

// Library notices that credhelper says in its own words (or that nobody can act on) stay off the
// terminal: google-auth-library's MetadataLookupWarning, the AWS SDK's NodeVersionSupportWarning.
quietLibraryWarnings();
// Not a secret: marks what this process starts (a profile's credential_process too) as a helper.
markCliProcess();
// SIGINT / SIGTERM / SIGHUP stop running helpers' process groups, then exit 128 + n.
installSignalExit();
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
