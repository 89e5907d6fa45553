import { describe, expect, it } from 'vitest';
import { compileRule, compileRules, describeRuleProblem, evaluateRules, minorBound, ruleFromEdit, RuleError, type Rule, type RuleSubject } from '../../src/core/rules';
import { toMajor } from '../../src/core/money';
import { merchantDisplayText, normalizeMerchant } from '../../src/core/merchant';

function subject(description: string, overrides: Partial<RuleSubject> = {}): RuleSubject {
  return { description, merchant: normalizeMerchant(description), amount: 1000, currency: 'JPY', cardId: 1, cardholder: null, kind: 'purchase', ...overrides };
}
let nextId = 1;
function rule(conditions: Rule['conditions'], actions: Rule['actions'], enabled = true): Rule {
  return { id: nextId++, name: 'r', enabled, conditions, actions };
}
const matches = (r: Rule, s: RuleSubject) => evaluateRules([compileRule(r)], s).ruleIds.length === 1;

describe('text conditions', () => {
  it('compare on the folded merchant: width, case and dash variants do not matter', () => {
    const r = rule({ text: { field: 'merchant', op: 'contains', value: 'amazon' } }, { categoryId: 1 });
    expect(matches(r, subject('ＡＭＡＺＯＮ．ＣＯ．ＪＰ'))).toBe(true);
    expect(matches(r, subject('Amazon.co.jp'))).toBe(true);
    expect(matches(r, subject('楽天市場'))).toBe(false);
    const dash = rule({ text: { field: 'merchant', op: 'startsWith', value: 'セブン－イレブン' } }, { categoryId: 1 });
    expect(matches(dash, subject('セブン-イレブン 千代田店'))).toBe(true);
    expect(matches(dash, subject('ｾﾌﾞﾝｰｲﾚﾌﾞﾝ'))).toBe(true);
  });

  it('equals, startsWith and regex, on the merchant or the description', () => {
    const eq = rule({ text: { field: 'merchant', op: 'equals', value: 'netflix.com' } }, { categoryId: 1 });
    expect(matches(eq, subject('NETFLIX.COM'))).toBe(true);
    expect(matches(eq, subject('NETFLIX.COM EXTRA'))).toBe(false);
    const starts = rule({ text: { field: 'description', op: 'startsWith', value: 'paypal' } }, { categoryId: 1 });
    expect(matches(starts, subject('PAYPAL *NETFLIX'))).toBe(true);
    expect(matches(starts, subject('NETFLIX via PAYPAL'))).toBe(false);
    const re = rule({ text: { field: 'merchant', op: 'regex', value: '^スターバックス|^starbucks' } }, { categoryId: 1 });
    expect(matches(re, subject('ｽﾀｰﾊﾞｯｸｽ 新宿店'))).toBe(true);
    expect(matches(re, subject('Starbucks Seattle'))).toBe(true);
    expect(matches(re, subject('タリーズ'))).toBe(false);
  });

  it('a broken regex is an error when compiled and a problem when saved', () => {
    const bad = rule({ text: { field: 'merchant', op: 'regex', value: '([' } }, { categoryId: 1 });
    expect(() => compileRule(bad)).toThrow(RuleError);
    expect(describeRuleProblem(bad.conditions, bad.actions)).toMatch(/invalid regular expression/);
  });
});

describe('other conditions', () => {
  it('amount bounds in major units of the row currency, inclusive', () => {
    const r = rule({ amountMin: 10.5, amountMax: 20 }, { categoryId: 1 });
    expect(matches(r, subject('X', { amount: 1050, currency: 'USD' }))).toBe(true);
    expect(matches(r, subject('X', { amount: 2000, currency: 'USD' }))).toBe(true);
    expect(matches(r, subject('X', { amount: 1049, currency: 'USD' }))).toBe(false);
    expect(matches(r, subject('X', { amount: 15, currency: 'JPY' }))).toBe(true);
    expect(matches(r, subject('X', { amount: 15, currency: 'USD' }))).toBe(false);
    expect(matches(r, subject('X', { amount: 15000, currency: 'KWD' }))).toBe(true);
  });

  it('cards, cardholders, currencies and kinds narrow the rule; all conditions must hold', () => {
    const r = rule({ cardIds: [2], cardholders: ['ＨＡＮＡＫＯ　ＹＡＭＡＤＡ'], currencies: ['JPY'], kinds: ['purchase'] }, { addTags: ['family'] });
    const ok = subject('X', { cardId: 2, cardholder: 'HANAKO YAMADA' });
    expect(matches(r, ok)).toBe(true);
    expect(matches(r, { ...ok, cardId: 1 })).toBe(false);
    expect(matches(r, { ...ok, cardholder: 'TARO YAMADA' })).toBe(false);
    expect(matches(r, { ...ok, cardholder: null })).toBe(false);
    expect(matches(r, { ...ok, currency: 'USD' })).toBe(false);
    expect(matches(r, { ...ok, kind: 'refund' })).toBe(false);
  });

  it('a rule with no condition never matches, and is reported as a problem', () => {
    const empty = rule({}, { categoryId: 1 });
    expect(matches(empty, subject('anything'))).toBe(false);
    expect(describeRuleProblem({}, { categoryId: 1 })).toMatch(/condition/);
    expect(describeRuleProblem({ kinds: ['fee'] }, {})).toMatch(/action/);
    expect(describeRuleProblem({ amountMin: 5, amountMax: 1 }, { categoryId: 1 })).toMatch(/minimum/);
    expect(describeRuleProblem({ kinds: ['fee'] }, { categoryId: 3 })).toBeNull();
  });
});

describe('evaluating an ordered list', () => {
  it('the first rule to set a field wins; tags accumulate without repeats; disabled rules are skipped', () => {
    const rules = [
      rule({ text: { field: 'merchant', op: 'contains', value: 'AMAZON' } }, { categoryId: 10, addTags: ['net'], displayName: 'Amazon' }),
      rule({ amountMin: 500 }, { categoryId: 20, addTags: ['big', 'net'], memo: 'check' }),
      rule({ amountMin: 0 }, { categoryId: 30, addTags: ['off'] }, false),
    ];
    const out = evaluateRules(compileRules(rules), subject('AMAZON.CO.JP'));
    expect(out).toEqual({ categoryId: 10, displayName: 'Amazon', memo: 'check', tags: ['net', 'big'], ruleIds: [rules[0]!.id, rules[1]!.id] });
    expect(evaluateRules(compileRules(rules), subject('SHOP', { amount: 100 }))).toEqual({ tags: [], ruleIds: [] });
  });

  it('a learned rule matches every spelling of the merchant but not card payments', () => {
    const learned = ruleFromEdit(normalizeMerchant('スターバックス　渋谷店'), 5, '食費');
    const r = compileRule({ id: 1, enabled: true, ...learned });
    expect(evaluateRules([r], subject('ｽﾀｰﾊﾞｯｸｽ 新宿店')).categoryId).toBe(5);
    expect(evaluateRules([r], subject('スターバックス 渋谷店', { kind: 'payment' })).categoryId).toBeUndefined();
    expect(learned.name).toContain('食費');
  });

  it('names a learned rule by the merchant as read, while matching on the folded key', () => {
    const key = normalizeMerchant('ｽﾀｰﾊﾞｯｸｽ 新宿店');
    const learned = ruleFromEdit(key, 5, '食費', merchantDisplayText('ｽﾀｰﾊﾞｯｸｽ 新宿店', key));
    expect(learned.name).toBe('スターバックス → 食費');
    expect(learned.conditions.text).toEqual({ field: 'merchant', op: 'equals', value: 'スタ-バックス' });
    // A long printed text is cut so the name fits a rule name (200 characters).
    expect(ruleFromEdit('X', 5, '食費', 'あ'.repeat(300)).name.length).toBeLessThanOrEqual(200);
  });
});

describe('amount bounds in minor units (for testing rows in SQL)', () => {
  it('are the exact integer edge of what the rule compares, in every currency', () => {
    for (const currency of ['JPY', 'USD', 'KWD']) {
      for (const bound of [10.5, 20, 0.29, 0.1 + 0.2, -1, 0, 0.001, 123.456, 1e-7, -10.005, 99999.99]) {
        const min = minorBound(bound, currency, '>=')!;
        const max = minorBound(bound, currency, '<=')!;
        for (let m = Math.min(min, max) - 3; m <= Math.max(min, max) + 3; m++) {
          expect(m >= min, `${m} ${currency} >= ${bound}`).toBe(toMajor(m, currency) >= bound);
          expect(m <= max, `${m} ${currency} <= ${bound}`).toBe(toMajor(m, currency) <= bound);
        }
      }
    }
  });

  it('give up beyond exactly representable amounts', () => {
    expect(minorBound(1e300, 'JPY', '>=')).toBeNull();
    expect(minorBound(-1e14, 'USD', '<=')).toBeNull();
  });
});
