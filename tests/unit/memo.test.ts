import { describe, expect, it } from 'vitest';
import { memoizeText } from '../../src/core/memo';

describe('memoizeText', () => {
  it('computes once per distinct text, remembers null results, and starts over when full', () => {
    const calls: string[] = [];
    const f = memoizeText((t) => {
      calls.push(t);
      return t === 'none' ? null : t.length;
    }, 3);
    expect([f('ab'), f('ab'), f('none'), f('none')]).toEqual([2, 2, null, null]);
    expect(calls).toEqual(['ab', 'none']);
    f('c');
    f('d'); // the fourth distinct text clears the map
    f('ab');
    expect(calls).toEqual(['ab', 'none', 'c', 'd', 'ab']);
  });
});
