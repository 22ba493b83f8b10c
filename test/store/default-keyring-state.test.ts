import { describe, expect, it } from 'vitest';
import { unixSocketOf } from '../../src/store/dbus-call.js';
import { bodyValues, decode, encodeCall, messageLength } from '../../src/store/dbus-wire.js';
import { defaultKeyringState } from '../../src/store/default-keyring-state.js';

describe('the session bus address', () => {
  it.each([
    ['unix:path=/run/user/1000/bus', '/run/user/1000/bus'],
    ['unix:path=/tmp/a%20b/bus,guid=0123abcd', '/tmp/a b/bus'],
    ['unix:abstract=/tmp/dbus-XYZ,guid=1', '\0/tmp/dbus-XYZ'],
    ['tcp:host=127.0.0.1,port=1;unix:path=/x/bus', '/x/bus'],
    ['tcp:host=127.0.0.1,port=1', undefined],
    ['unix:tmpdir=/tmp', undefined],
  ])('%s names %j', (address, socket) => {
    expect(unixSocketOf(address)).toBe(socket);
  });

  it('a bus that cannot be asked is unknown at once (the binding decides), never a wait', async () => {
    const started = Date.now();
    expect(await defaultKeyringState('unix:path=/nonexistent/credhelper-test-bus', 2000)).toBe('unknown');
    expect(await defaultKeyringState('tcp:host=127.0.0.1,port=9', 2000)).toBe('unknown');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('the D-Bus wire format', () => {
  it('a method call reads back as written: length, type, signature, arguments', () => {
    const message = encodeCall(7, {
      destination: 'org.freedesktop.secrets',
      path: '/org/freedesktop/Secrets/collection/ü',
      interface: 'org.freedesktop.DBus.Properties',
      member: 'Get',
      args: ['org.freedesktop.Secret.Collection', 'Locked'],
    });
    expect(messageLength(message)).toBe(message.length);
    expect(messageLength(message.subarray(0, message.length - 1))).toBeUndefined();
    const decoded = decode(message);
    expect(decoded).toMatchObject({ type: 1, signature: 'ss' });
    expect(bodyValues(decoded, true)).toEqual(['org.freedesktop.Secret.Collection', 'Locked']);
  });
});
