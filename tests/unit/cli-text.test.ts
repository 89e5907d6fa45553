import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { termField, termJson, termLines } from '../../src/cli/text';

// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('CLI text output', () => {
  it('shows terminal controls in merchant text as escapes, never as themselves', () => {
    expect(termField('SHOP\u001b[2J\u001b]0;pwned\u0007')).toBe('SHOP\\x1b[2J\\x1b]0;pwned\\x07');
    expect(termField('evil\u202Etxt.exe')).toBe('evil\\u202etxt.exe');
    expect(termField('CSI\u009b31m')).toBe('CSI\\x9b31m');
    expect(termField('a\tb\r\nc\u2028')).toBe('a\\x09b\\x0d\\x0ac\\u2028');
    expect(termField('カフェ 東京 ＡＢＣ 😀')).toBe('カフェ 東京 ＡＢＣ 😀');
    expect(termField(null)).toBe('');
  });

  it('keeps the tabs and newlines of the layout in whole lines, escaping every other control', () => {
    expect(termLines('a\tb\n')).toBe('a\tb\n');
    expect(termLines('x\u001b[31my\r\n')).toBe('x\\x1b[31my\\x0d\n');
  });

  it('keeps JSON the same value while no control reaches the terminal', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = termJson({ description: s });
        expect(JSON.parse(out)).toEqual({ description: s });
        expect(out).not.toMatch(RAW_CONTROL);
        // eslint-disable-next-line no-control-regex
        expect(termField(s)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
        expect(termLines(s)).not.toMatch(RAW_CONTROL);
      }),
      { numRuns: 500 },
    );
  });
});
