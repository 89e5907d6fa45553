/**
 * Failures the core marks with a reason key reach the user in their language; others keep the
 * core's English text.
 */
import { describe, expect, it } from 'vitest';
import { ApiCallError } from '../../src/shared/api/client';
import { errorText } from '../../src/renderer/src/errors';
import { makeI18n } from '../../src/renderer/src/i18n';

const ja = makeI18n('ja').t;
const en = makeI18n('en').t;

describe('errorText', () => {
  it('says a trip or foreign-amount failure in the user\'s language, with its values', () => {
    const taken = new ApiCallError('trips.save', { code: 'conflict', message: 'a trip named "パリ" already exists', reason: 'trip.nameTaken', params: { name: 'パリ' } });
    expect(errorText(taken, ja)).toBe('「パリ」という旅行はすでにあります。');
    expect(errorText(taken, en)).toBe('A trip named “パリ” already exists.');
    const decimals = new ApiCallError('transactions.update', { code: 'invalid-input', message: '199.999 USD: …', reason: 'fx.decimals', params: { currency: 'USD', digits: 2 } });
    expect(errorText(decimals, ja)).toBe('USD の金額は小数点以下 2 桁までです。');
    for (const reason of ['trip.needsTagOrDates', 'trip.endsBeforeStart', 'trip.notFound', 'fx.currency', 'fx.amount', 'fx.rate', 'fx.sameCurrency']) {
      const text = errorText(new ApiCallError('trips.save', { code: 'invalid-input', message: 'english', reason, params: {} }), ja);
      expect(text).not.toBe('english');
      expect(text).toMatch(/[ぁ-んァ-ヶ一-龠]/);
    }
  });

  it('keeps the English text of failures without a known reason', () => {
    expect(errorText(new ApiCallError('trips.save', { code: 'failed', message: 'disk full' }), ja)).toBe('disk full');
    expect(errorText(new ApiCallError('trips.save', { code: 'failed', message: 'x', reason: 'unknown.key' }), ja)).toBe('x');
    expect(errorText(new Error('plain'), ja)).toBe('plain');
  });
});
