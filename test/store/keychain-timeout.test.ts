import { describe, expect, it } from 'vitest';
import { DEFAULT_KEYCHAIN_TIMEOUT_MS, keychainTimeoutMs } from '../../src/store/keychain-binding.js';

describe('keychainTimeoutMs (CREDHELPER_KEYCHAIN_TIMEOUT_MS)', () => {
  it.each([
    [undefined, DEFAULT_KEYCHAIN_TIMEOUT_MS],
    ['1500', 1500],
    [' 250 ', 250],
    ['0', DEFAULT_KEYCHAIN_TIMEOUT_MS],
    ['-5', DEFAULT_KEYCHAIN_TIMEOUT_MS],
    ['1e3', DEFAULT_KEYCHAIN_TIMEOUT_MS],
    ['2.5', DEFAULT_KEYCHAIN_TIMEOUT_MS],
    ['', DEFAULT_KEYCHAIN_TIMEOUT_MS],
  ])('%s → %d', (value, expected) => {
    expect(keychainTimeoutMs(value === undefined ? {} : { CREDHELPER_KEYCHAIN_TIMEOUT_MS: value })).toBe(expected);
  });
});
