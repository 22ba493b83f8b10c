import { describe, expect, it } from 'vitest';
import { noProxyMatches, proxyConfigured, proxyForUrl, proxyLabel } from '../../src/net/proxy-for-url.js';

const PROXY = 'http://proxy.corp.example:3128';

describe('proxyForUrl: the one proxy rule of every outbound call', () => {
  it.each([
    // [url, env, expected proxy]
    ['https://sts.amazonaws.com/', { HTTPS_PROXY: PROXY }, PROXY],
    ['https://sts.amazonaws.com/', { https_proxy: PROXY }, PROXY],
    ['https://sts.amazonaws.com/', { HTTP_PROXY: PROXY }, PROXY], // https falls back to HTTP_PROXY
    ['http://sts.amazonaws.com/', { HTTPS_PROXY: PROXY }, undefined], // plain http uses HTTP_PROXY only
    ['http://sts.amazonaws.com/', { http_proxy: PROXY }, PROXY],
    ['https://sts.amazonaws.com/', { https_proxy: PROXY, HTTPS_PROXY: 'http://other:1' }, PROXY], // lower case wins
    ['https://sts.amazonaws.com/', { HTTPS_PROXY: 'proxy.corp.example:3128' }, PROXY], // scheme-less
    ['https://sts.amazonaws.com/', {}, undefined],
    ['https://sts.amazonaws.com/', { HTTPS_PROXY: '  ' }, undefined],
    ['http://127.0.0.1:8080/', { HTTP_PROXY: PROXY }, undefined], // loopback
    ['http://localhost:8080/', { HTTP_PROXY: PROXY }, undefined],
    ['http://[::1]:8080/', { HTTP_PROXY: PROXY }, undefined],
    ['http://169.254.169.254/latest', { HTTP_PROXY: PROXY }, undefined], // link-local (IMDS)
    ['http://[fe80::1]/', { HTTP_PROXY: PROXY }, undefined],
    ['http://[::ffff:127.0.0.1]:8080/', { HTTP_PROXY: PROXY }, undefined], // IPv4-mapped loopback
    ['http://[::ffff:169.254.169.254]/', { HTTP_PROXY: PROXY }, undefined], // IPv4-mapped link-local
    ['http://[fe8::1]/', { HTTP_PROXY: PROXY }, PROXY], // not link-local (fe80::/10 starts fe80)
    ['http://10.1.2.3/', { HTTP_PROXY: PROXY, NO_PROXY: '1.2.3' }, PROXY], // an IP matches only itself
    ['http://10.1.2.3/', { HTTP_PROXY: PROXY, NO_PROXY: '10.1.2.3' }, undefined],
    ['https://sts.amazonaws.com/', { HTTPS_PROXY: PROXY, NO_PROXY: '*' }, undefined],
    ['https://sts.amazonaws.com/', { HTTPS_PROXY: PROXY, no_proxy: 'amazonaws.com' }, undefined],
    ['https://sts.amazonaws.com/', { HTTPS_PROXY: PROXY, NO_PROXY: '.amazonaws.com' }, undefined],
    ['https://sts.amazonaws.com/', { HTTPS_PROXY: PROXY, NO_PROXY: '*.amazonaws.com' }, undefined],
    ['https://sts.amazonaws.com/', { HTTPS_PROXY: PROXY, NO_PROXY: 'example.com, amazonaws.com' }, undefined],
    ['https://notamazonaws.com/', { HTTPS_PROXY: PROXY, NO_PROXY: 'amazonaws.com' }, PROXY], // suffix at a dot only
    ['https://sts.amazonaws.com/', { HTTPS_PROXY: PROXY, NO_PROXY: 'amazonaws.com:443' }, undefined],
    ['https://sts.amazonaws.com:8443/', { HTTPS_PROXY: PROXY, NO_PROXY: 'amazonaws.com:443' }, PROXY],
    ['http://metadata.google.internal/', { HTTP_PROXY: PROXY, NO_PROXY: 'metadata.google.internal.' }, undefined],
    ['http://10.0.0.5/', { HTTP_PROXY: PROXY, NO_PROXY: '10.0.0.5' }, undefined],
    ['http://[2001:db8::1]/', { HTTP_PROXY: PROXY, NO_PROXY: '2001:db8::1' }, undefined],
    ['http://[2001:db8::1]:81/', { HTTP_PROXY: PROXY, NO_PROXY: '[2001:db8::1]:80' }, PROXY],
    ['ftp://example.com/', { HTTP_PROXY: PROXY }, undefined],
  ])('%s with %j → %s', (url, env, expected) => {
    expect(proxyForUrl(url, env)).toBe(expected);
  });

  it('noProxyMatches ignores empty entries and case', () => {
    expect(noProxyMatches(',, ,EXAMPLE.com', 'api.example.COM', '443')).toBe(true);
    expect(noProxyMatches('', 'example.com', '443')).toBe(false);
  });

  it('proxyConfigured: only HTTPS_PROXY / HTTP_PROXY (either case) turn the proxy libraries on', () => {
    expect(proxyConfigured({ NO_PROXY: '*' })).toBe(false);
    expect(proxyConfigured({ https_proxy: PROXY })).toBe(true);
    expect(proxyConfigured({ HTTP_PROXY: PROXY })).toBe(true);
  });

  it('proxyLabel never shows a user name or password', () => {
    const label = proxyLabel('http://user:test-proxy-password@proxy.corp.example:3128/');
    expect(label).toBe('http://proxy.corp.example:3128');
    expect(label).not.toContain('test-proxy-password');
  });
});
