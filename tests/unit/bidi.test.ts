import { describe, expect, it } from 'vitest';
import { isolateBidi } from '../../src/renderer/src/bidi';
import { makeI18n } from '../../src/renderer/src/i18n';

describe('text from statements inside UI messages', () => {
  it('is isolated when it carries bidi controls or right-to-left letters, so the sentence keeps its order', () => {
    expect(makeI18n('en').t('files.attached', { file: 'r.png', tx: 'evil\u202Etxt.exe' })).toBe('Attached r.png to “\u2068evil\u202Etxt.exe\u2069”.');
    expect(makeI18n('ja').t('files.attached', { file: 'r.png', tx: 'שלום' })).toBe('r.png を「\u2068שלום\u2069」に添付しました。');
    for (const s of ['a\u202Db', 'x\u2066y', 'rlm\u200F', 'عربي']) expect(isolateBidi(s)).toBe(`\u2068${s}\u2069`);
  });

  it('leaves ordinary text (and numbers) exactly as it was', () => {
    expect(makeI18n('ja').t('files.attached', { file: 'レシート.png', tx: 'セブン－イレブン 😀' })).toBe('レシート.png を「セブン－イレブン 😀」に添付しました。');
    expect(makeI18n('en').t('import.rows', { n: 1200 })).toBe('1,200 rows');
  });
});
