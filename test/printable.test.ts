import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORMAT_AND_SEPARATOR_CLASS, printable } from '../src/printable.js';

const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

describe('printable', () => {
  it('escapes C0, DEL, C1, bidi overrides and separators; keeps everything else', () => {
    expect(printable('HIDDEN\r\u001b[2KAWS_PROFILE')).toBe('HIDDEN\\r\\x1b[2KAWS_PROFILE');
    expect(printable('a\tb\nc\u0000\u007f\u009b')).toBe('a\\tb\\nc\\x00\\x7f\\x9b');
    expect(printable('key\u202egpj.exe\u2028x')).toBe('key\\u{202e}gpj.exe\\u{2028}x');
    expect(printable('$(curl evil | sh) `x` é 鍵 \\x1b')).toBe('$(curl evil | sh) `x` é 鍵 \\x1b');
    expect(printable('one\ntwo\r', { keepNewlines: true })).toBe('one\ntwo\\r');
  });

  it('never lets a control character through, and is idempotent (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const out = printable(text);
        expect(UNSAFE.test(out)).toBe(false);
        expect(printable(out)).toBe(out);
        const kept = printable(text, { keepNewlines: true });
        expect(UNSAFE.test(kept.replaceAll('\n', ''))).toBe(false);
        expect(kept.split('\n').length).toBe(text.split('\n').length);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('render --json: nothing a terminal acts on, same data', () => {
  it('escapes DEL, C1, bidi and zero-width format characters and line separators, and parses back', async () => {
    const { render } = await import('../src/cli/render.js');
    const value = 'a\u007fb\u009bc\u202ed\u200be\u2028f\u2029g\u{E0041}h\x1b[2K';
    const text = render({ data: { cacheDir: value } }, true);
    expect(text.replaceAll('\n', '')).not.toMatch(UNSAFE); // the pretty-printer's own line breaks aside
    expect(JSON.parse(text)).toEqual({ cacheDir: value });
  });
});

describe('the written-out character classes (issue #21: no Unicode property escapes on the start path)', () => {
  /** `re`'s code points as class ranges, for the message when Unicode changed. */
  function rangesOf(re: RegExp): string {
    const out: string[] = [];
    const hex = (cp: number) => (cp <= 0xffff ? `\\u${cp.toString(16).padStart(4, '0')}` : `\\u{${cp.toString(16)}}`);
    let start = -1;
    for (let cp = 0; cp <= 0x110000; cp++) {
      const inSet = cp < 0x110000 && re.test(String.fromCodePoint(cp));
      if (inSet && start < 0) start = cp;
      if (!inSet && start >= 0) {
        out.push(start === cp - 1 ? hex(start) : `${hex(start)}-${hex(cp - 1)}`);
        start = -1;
      }
    }
    return out.join('');
  }

  it("FORMAT_AND_SEPARATOR_CLASS is this Node's [\\p{Cf}\\p{Zl}\\p{Zp}], code point for code point", () => {
    const property = /^[\p{Cf}\p{Zl}\p{Zp}]$/u;
    const written = new RegExp(`^[${FORMAT_AND_SEPARATOR_CLASS}]$`, 'u');
    const differ: number[] = [];
    for (let cp = 0; cp < 0x110000; cp++) {
      const char = String.fromCodePoint(cp);
      if (property.test(char) !== written.test(char)) differ.push(cp);
    }
    // On a Node with newer Unicode data: paste the class below into src/printable.ts.
    expect(differ, `Unicode ${process.versions.unicode}: ${rangesOf(property)}`).toEqual([]);
  });

  it('printable escapes exactly the control, format and separator characters', () => {
    const property = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
    for (let cp = 0; cp < 0x110000; cp += cp < 0x3000 ? 1 : 97) {
      const char = String.fromCodePoint(cp);
      expect(printable(char) !== char, `U+${cp.toString(16)}`).toBe(property.test(char));
    }
  });
});
