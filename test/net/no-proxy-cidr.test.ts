// NO_PROXY entries in CIDR notation (curl 7.86+, Go's httpproxy; many enterprises set
// `10.0.0.0/8,172.16.0.0/12,192.168.0.0/16`). google-auth-library (gaxios) and undici's
// EnvHttpProxyAgent do not understand them, and the AWS SDK does not read NO_PROXY at all:
// credhelper follows curl.
import { BlockList } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cidrEntryMatches, ipBytes } from '../../src/net/no-proxy-cidr.js';
import { noProxyMatches, proxyForUrl } from '../../src/net/proxy-for-url.js';

const PROXY = 'http://proxy.corp.example:3128';
const PRIVATE = '10.0.0.0/8,172.16.0.0/12,192.168.0.0/16';

describe('NO_PROXY with CIDR entries', () => {
  it.each([
    ['http://10.1.2.3/', PRIVATE, undefined],
    ['http://172.31.255.255/', PRIVATE, undefined],
    ['http://172.32.0.1/', PRIVATE, PROXY], // just outside /12
    ['http://192.168.7.9:8080/', PRIVATE, undefined],
    ['http://11.0.0.1/', PRIVATE, PROXY],
    ['https://ten.example/', '10.0.0.0/8', PROXY], // a name is never resolved to be matched
    ['http://[fd00::5]/', 'fd00::/8', undefined],
    ['http://[fe00::5]/', 'fd00::/8', PROXY],
    ['http://[2001:db8::1]/', '2001:db8::/32', undefined],
    ['http://[2001:db9::1]/', '2001:db8::/32', PROXY],
    ['http://[2001:db8::1]/', '2001:db8::1/128', undefined],
    ['http://[2001:db8::2]/', '2001:db8::1/128', PROXY],
    ['http://[::ffff:a01:203]/', '10.0.0.0/8', PROXY], // IPv4-mapped: another family, as in curl
    ['http://10.1.2.3/', '10.1.2.3/32', undefined],
    ['http://10.1.2.4/', '10.1.2.3/32', PROXY],
    ['http://10.1.2.3/', '10.0.0.0/33', PROXY], // longer than the address: nothing (curl)
    ['http://10.1.2.3/', '0.0.0.0/0', PROXY], // /0 compares the whole address (curl)
    ['http://0.0.0.0/', '0.0.0.0/0', undefined],
    ['http://10.1.2.3/', '10.0.0.0/8 example.com', undefined], // spaces separate entries too
    ['http://10.1.2.3/', 'example.com,10.0.0.0/8,', undefined],
    ['http://10.1.2.3/', '10.0.0.0/x', PROXY], // not CIDR: a name that matches nothing
  ])('%s with NO_PROXY=%s → %s', (url, noProxy, expected) => {
    expect(proxyForUrl(url, { HTTP_PROXY: PROXY, NO_PROXY: noProxy })).toBe(expected);
  });

  it('an entry that is not CIDR is left to the name rules', () => {
    expect(cidrEntryMatches('example.com', '10.0.0.1')).toBeUndefined();
    expect(cidrEntryMatches('300.0.0.0/8', '10.0.0.1')).toBeUndefined();
    expect(noProxyMatches('example.com', 'api.example.com', '443')).toBe(true);
  });

  it('ipBytes parses the forms URL parsing produces, and refuses the rest', () => {
    expect(ipBytes('::1')).toEqual([...Array(15).fill(0), 1]);
    expect(ipBytes('::ffff:10.1.2.3')).toEqual([...Array(10).fill(0), 255, 255, 10, 1, 2, 3]);
    for (const bad of ['1:2:3:4:5:6:7:8:9', '1::2::3', '12345::', '10.1.2', '10.1.2.256', 'fe80::1%eth0', 'a.b.c.d']) {
      expect(ipBytes(bad), bad).toBeUndefined();
    }
  });

  it('agrees with node:net BlockList on random IPv4 and IPv6 ranges (prefix 1 and above)', () => {
    const v4 = fc
      .tuple(
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 255 }),
      )
      .map((parts) => parts.join('.'));
    const v6 = fc
      .array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 })
      .map((words) => words.map((w) => w.toString(16)).join(':'));
    for (const [family, address, width] of [
      ['ipv4', v4, 32],
      ['ipv6', v6, 128],
    ] as const) {
      fc.assert(
        fc.property(address, address, fc.integer({ min: 1, max: width }), (network, host, bits) => {
          const list = new BlockList();
          list.addSubnet(network, bits, family);
          expect(cidrEntryMatches(`${network}/${bits}`, host)).toBe(list.check(host, family));
          expect(cidrEntryMatches(`${network}/${bits}`, network)).toBe(true);
        }),
        { numRuns: 500 },
      );
    }
  });
});
