import type { connectDbus } from './dbus-call.js';

/**
 * What the Secret Service's default keyring (the collection behind the `default` alias, where the
 * keychain binding writes) is like:
 * - `unlocked`: a secret can be written now, nobody is asked;
 * - `locked`: writing shows an unlock prompt (and fails without a person to answer it);
 * - `none`: there is no default keyring (a headless box whose GNOME Keyring was started by D-Bus
 *   activation, never unlocked): writing asks for a new keyring's password, same as `locked`;
 * - `absent`: nothing on the bus provides the Secret Service;
 * - `silent`: it did not answer within the time;
 * - `broken`: something listens at the address but does not speak D-Bus (closed the connection,
 *   sent what cannot be read, or more than a reply can be): the keychain binding is not asked
 *   either (its libdbus waits for such a bus on the main thread, where no timeout can stop it);
 * - `refused`: the bus rejected EXTERNAL authentication as this process's user (another user's
 *   bus): not handed to the binding either (same reason);
 * - `unknown`: the bus could not be asked (another transport, no socket there; a `tcp:` bus
 *   that answers `AUTH`): the caller falls back to the binding alone. (A `tcp:` bus that does not
 *   answer is `silent`, one that closes is `broken`: the binding would wait for it for ever.)
 */
export type DefaultKeyringState =
  | 'unlocked'
  | 'locked'
  | 'none'
  | 'absent'
  | 'silent'
  | 'broken'
  | 'refused'
  | 'unknown';

const SERVICE = 'org.freedesktop.secrets';

/**
 * Asks the session bus at `address` about the default keyring: `ReadAlias("default")`, then that
 * collection's `Locked` property. Reads two properties, so it writes nothing, unlocks nothing and
 * shows no prompt (it may start the Secret Service by D-Bus activation, as any client does).
 * Bounded by `timeoutMs`; the connection is closed on every path.
 */
export async function defaultKeyringState(address: string, timeoutMs: number): Promise<DefaultKeyringState> {
  // On demand: node:net (and the stream modules it loads) is not part of `import('credhelper')`.
  const { connectDbus, DbusProtocolError, DbusRefusedError, LOCAL_ERROR, unixSocketOf } = await import(
    './dbus-call.js'
  );
  const socketPath = unixSocketOf(address);
  const signal = AbortSignal.timeout(timeoutMs);
  if (socketPath === undefined) {
    const { tcpBusAnswer, tcpBusEndpointOf } = await import('./dbus-tcp-answer.js');
    const tcp = tcpBusEndpointOf(address);
    const answer = tcp === undefined ? 'unreachable' : await tcpBusAnswer(tcp, signal);
    return answer === 'silent' || answer === 'broken' ? answer : 'unknown';
  }
  let connection: Awaited<ReturnType<typeof connectDbus>>;
  try {
    connection = await connectDbus(socketPath, signal);
  } catch (error) {
    if (signal.aborted) return 'silent';
    if (error instanceof DbusRefusedError) return 'refused';
    return error instanceof DbusProtocolError ? 'broken' : 'unknown';
  }
  try {
    const alias = await connection.call({
      destination: SERVICE,
      path: '/org/freedesktop/secrets',
      interface: 'org.freedesktop.Secret.Service',
      member: 'ReadAlias',
      args: ['default'],
    });
    if (signal.aborted) return 'silent';
    if (!alias.ok && alias.error.startsWith(LOCAL_ERROR)) return 'broken';
    if (!alias.ok) return /ServiceUnknown|NameHasNoOwner/.test(alias.error) ? 'absent' : 'unknown';
    const [path] = alias.values;
    if (typeof path !== 'string') return 'unknown';
    if (path === '/') return 'none';
    const locked = await connection.call({
      destination: SERVICE,
      path,
      interface: 'org.freedesktop.DBus.Properties',
      member: 'Get',
      args: ['org.freedesktop.Secret.Collection', 'Locked'],
    });
    if (signal.aborted) return 'silent';
    if (!locked.ok && locked.error.startsWith(LOCAL_ERROR)) return 'broken';
    if (!locked.ok || typeof locked.values[0] !== 'boolean') return 'unknown';
    return locked.values[0] ? 'locked' : 'unlocked';
  } finally {
    connection.close();
  }
}
