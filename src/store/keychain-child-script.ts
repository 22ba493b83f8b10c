/**
 * The program a keychain child process runs (`node -e`, CommonJS): reads one request as JSON from
 * its standard input (`{ binding, op, service, account, value? }`: `binding` is the resolved path of
 * `@napi-rs/keyring`), makes that one call and writes one answer as JSON to its standard output:
 * `{ ok: true, value }` or `{ error: { kind: 'load' | 'binding' | 'request', name, message } }`.
 *
 * Why a process: the binding talks to D-Bus through libdbus, which waits in `poll()` on the calling
 * thread: the `AsyncEntry` constructor itself connects, says Hello and opens a session synchronously
 * (measured: a bus that answers the probe, then stalls, froze the main thread in `new AsyncEntry`;
 * no timer or signal handler ran). A `worker_threads` Worker does not help: `worker.terminate()`
 * waits until the native call returns, and so does the exit of a process that has such a worker
 * (measured: `process.exit()` hung for as long as the worker was blocked). A child process can
 * always be killed. The secret travels through the pipes only, never argv, env or a log; the
 * binding's message goes back as the error's `cause` (never into a credhelper message).
 */
export const KEYCHAIN_CHILD_SCRIPT = `'use strict';
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', async () => {
  const send = (answer) => process.stdout.write(JSON.stringify(answer));
  const failure = (kind, error) => ({ error: { kind, name: String(error && error.name), message: String(error && error.message) } });
  let request;
  try { request = JSON.parse(input); } catch (error) { send(failure('request', error)); return; }
  let binding;
  try { binding = require(request.binding); } catch (error) { send(failure('load', error)); return; }
  try {
    const entry = new binding.AsyncEntry(request.service, request.account, { linux: { store: 'secret-service' } });
    let value = null;
    if (request.op === 'get') value = (await entry.getPassword()) ?? null;
    else if (request.op === 'set') await entry.setPassword(request.value);
    else value = await entry.deletePassword();
    send({ ok: true, value });
  } catch (error) {
    send(failure('binding', error));
  }
});
`;
