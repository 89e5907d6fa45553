import { randomBytes } from 'node:crypto';
import { describe, it, expect, vi } from 'vitest';
import fc from 'fast-check';
import { base64ToBytes, bytesToBase64, fromWireJson, toWireJson } from '../../src/shared/api/wire';
import { ApiFailure, createDispatcher } from '../../src/shared/api/dispatch';
import type { ApiHandlers, ApiResult } from '../../src/shared/api/contract';
import { API_METHODS } from '../../src/shared/api/methods';
import { DEFAULT_SETTINGS } from '../../src/services/settings';

const roundTrip = (v: unknown) => fromWireJson(toWireJson(v));

describe('wire JSON', () => {
  it('wraps bytes as {"$bytes": base64}', () => {
    expect(toWireJson(Uint8Array.from([1, 2, 3]))).toBe('{"$bytes":"AQID"}');
    expect(toWireJson({ data: new Uint8Array() })).toBe('{"data":{"$bytes":""}}');
    expect(bytesToBase64(new TextEncoder().encode('Man'))).toBe('TWFu');
    expect([...base64ToBytes('TWFu')]).toEqual([77, 97, 110]);
  });

  it('round-trips bytes inside nested objects and arrays, leaving other values alone', () => {
    const csv = new TextEncoder().encode('日付,内容,金額\n');
    const value = {
      files: [
        { name: 'a.csv', data: csv },
        { name: 'b.bin', data: Uint8Array.from([0, 255, 128, 10]) },
      ],
      card: 'My Card',
      nested: { deeper: [[Uint8Array.from([7])]] },
      n: 1.5,
      flag: false,
      none: null,
    };
    const back = roundTrip(value) as typeof value;
    expect(back.files[0]!.data).toBeInstanceOf(Uint8Array);
    expect([...back.files[0]!.data]).toEqual([...csv]);
    expect([...back.files[1]!.data]).toEqual([0, 255, 128, 10]);
    expect(back.nested.deeper[0]![0]).toBeInstanceOf(Uint8Array);
    expect([...back.nested.deeper[0]![0]!]).toEqual([7]);
    expect(back).toEqual(value);
  });

  it('round-trips a large (>100 KB) random byte array exactly', () => {
    const big = new Uint8Array(randomBytes(300_000));
    const back = roundTrip({ data: big }) as { data: Uint8Array };
    expect(back.data).toBeInstanceOf(Uint8Array);
    expect(back.data.length).toBe(big.length);
    expect(Buffer.from(back.data).equals(Buffer.from(big))).toBe(true);
  });

  it('round-trips a subarray view as just its own bytes', () => {
    const whole = Uint8Array.from([1, 2, 3, 4, 5]);
    const back = roundTrip(whole.subarray(1, 3)) as Uint8Array;
    expect([...back]).toEqual([2, 3]);
  });

  it('leaves objects that merely look like wrapped bytes untouched', () => {
    expect(fromWireJson('{"$bytes":"AQID","name":"x"}')).toEqual({ $bytes: 'AQID', name: 'x' });
    expect(fromWireJson('{"$bytes":5}')).toEqual({ $bytes: 5 });
    expect(fromWireJson('{"$bytes":null}')).toEqual({ $bytes: null });
    expect(fromWireJson('{"bytes":"AQID"}')).toEqual({ bytes: 'AQID' });
    expect(fromWireJson('["$bytes","AQID"]')).toEqual(['$bytes', 'AQID']);
    expect(fromWireJson('{"x":{}}')).toEqual({ x: {} });
  });

  it('round-trips arbitrary byte arrays (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (b) => {
        const back = roundTrip({ data: b, list: [b] }) as { data: Uint8Array; list: Uint8Array[] };
        expect(back.data).toBeInstanceOf(Uint8Array);
        expect([...back.data]).toEqual([...b]);
        expect([...back.list[0]!]).toEqual([...b]);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips arbitrary JSON values without $bytes keys unchanged (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v);
        fc.pre(!text.includes('"$bytes"'));
        expect(roundTrip(v)).toEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });
});

// ---------------------------------------------------------------------------------------------

const appInfo = { version: '0.1.0', mode: 'test' as const, dataDir: '/tmp/meisai', databasePath: '/tmp/meisai/meisai.sqlite', schemaVersion: 1 };

/** Fake handlers: deliberately loosely typed so tests can return contract-breaking values. */
type FakeHandler = (input: never) => unknown;

function handlers(overrides: Record<string, FakeHandler> = {}): ApiHandlers {
  const base: Record<string, FakeHandler> = {};
  for (const m of API_METHODS) base[m] = () => Promise.reject(new Error(`${m} should not have been called`));
  base['app.info'] = () => appInfo;
  return { ...base, ...overrides } as unknown as ApiHandlers;
}


function expectError(r: ApiResult<unknown>) {
  if (r.ok) throw new Error(`expected an error envelope, got ${JSON.stringify(r.value)}`);
  return r.error;
}

describe('createDispatcher', () => {
  it('runs the handler and answers ok with its value', async () => {
    const dispatch = createDispatcher(handlers());
    expect(await dispatch('app.info', {})).toEqual({ ok: true, value: appInfo });
  });

  it('treats a missing input as {}', async () => {
    const dispatch = createDispatcher(handlers());
    expect((await dispatch('app.info', undefined)).ok).toBe(true);
    expect((await dispatch('app.info', null)).ok).toBe(true);
  });

  it.each([['nope'], ['APP.INFO'], [''], ['__proto__'], ['constructor'], ['toString'], [42], [null], [undefined], [{ method: 'app.info' }], [['app.info']]])(
    'answers unknown-method for %j',
    async (method) => {
      const handler = vi.fn();
      const dispatch = createDispatcher(handlers({ 'app.info': handler }));
      const err = expectError(await dispatch(method, {}));
      expect(err.code).toBe('unknown-method');
      expect(handler).not.toHaveBeenCalled();
    },
  );

  it('truncates a huge unknown method name in the message', async () => {
    const err = expectError(await createDispatcher(handlers())('x'.repeat(10_000), {}));
    expect(err.message.length).toBeLessThan(200);
  });

  it('answers invalid-input with issues naming the field, without calling the handler', async () => {
    const update = vi.fn();
    const dispatch = createDispatcher(handlers({ 'settings.update': update }));
    const err = expectError(await dispatch('settings.update', { locale: 'fr' }));
    expect(err.code).toBe('invalid-input');
    expect(err.issues).toBeDefined();
    expect(err.issues!.length).toBeGreaterThan(0);
    expect(err.issues!.some((i) => i.startsWith('locale:'))).toBe(true);
    expect(err.message).toContain('settings.update');
    expect(update).not.toHaveBeenCalled();
  });

  it('rejects unknown keys on strict inputs', async () => {
    const info = vi.fn(() => appInfo);
    const dispatch = createDispatcher(handlers({ 'app.info': info }));
    const err = expectError(await dispatch('app.info', { sneaky: true }));
    expect(err.code).toBe('invalid-input');
    expect(info).not.toHaveBeenCalled();
    const err2 = expectError(await dispatch('settings.update', { homeCurrency: 'JPY', dataDir: '/etc' }));
    expect(err2.code).toBe('invalid-input');
  });

  it.each([
    ['a non-object input', 'transactions.list', 'hello'],
    ['a bad month', 'transactions.list', { month: '2025-13' }],
    ['a limit out of range', 'transactions.list', { limit: 0 }],
    ['no files', 'import.preview', { files: [] }],
    ['file data that is not bytes', 'import.preview', { files: [{ name: 'a.csv', data: [1, 2, 3] }] }],
    ['an empty file name', 'import.commit', { files: [{ name: '', data: new Uint8Array() }] }],
    ['a non-ISO currency', 'settings.update', { homeCurrency: 'yen' }],
  ])('answers invalid-input for %s', async (_name, method, input) => {
    const err = expectError(await createDispatcher(handlers())(method, input));
    expect(err.code).toBe('invalid-input');
    expect(err.issues!.length).toBeGreaterThan(0);
  });

  it('hands the handler the parsed input, with defaults applied', async () => {
    const list = vi.fn(() => ({ rows: [], total: 0 }));
    const dispatch = createDispatcher(handlers({ 'transactions.list': list }));
    expect(await dispatch('transactions.list', { month: '2025-06' })).toEqual({ ok: true, value: { rows: [], total: 0 } });
    expect(list).toHaveBeenCalledWith({ month: '2025-06', limit: 1000, offset: 0, sort: 'date', order: 'desc', withTotals: false, withCount: true });
  });

  it('passes file bytes through to import handlers', async () => {
    const preview = vi.fn((input: { files: { name: string; data: Uint8Array }[] }) => ({ files: [], got: input.files[0]!.data.length }));
    const dispatch = createDispatcher(handlers({ 'import.preview': preview }));
    const r = await dispatch('import.preview', { files: [{ name: 'a.csv', data: Uint8Array.from([1, 2, 3]) }] });
    expect(r).toEqual({ ok: true, value: { files: [], got: 3 } });
  });

  it('answers the ApiFailure code a handler throws', async () => {
    const dispatch = createDispatcher(
      handlers({
        'cards.list': () => {
          throw new ApiFailure('not-found', 'no such card: Visa');
        },
        'imports.list': async () => {
          throw new ApiFailure('conflict', 'already imported');
        },
      }),
    );
    expect(expectError(await dispatch('cards.list', {}))).toEqual({ code: 'not-found', message: 'no such card: Visa' });
    expect(expectError(await dispatch('imports.list', {}))).toEqual({ code: 'conflict', message: 'already imported' });
  });

  it('answers failed with the message when a handler throws an ordinary Error (sync or async) or a non-Error', async () => {
    const dispatch = createDispatcher(
      handlers({
        'cards.list': () => {
          throw new Error('database is locked');
        },
        'imports.list': () => Promise.reject(new TypeError('x is undefined')),
        'settings.get': () => {
          throw 'a string';
        },
      }),
    );
    expect(expectError(await dispatch('cards.list', {}))).toEqual({ code: 'failed', message: 'database is locked' });
    expect(expectError(await dispatch('imports.list', {}))).toEqual({ code: 'failed', message: 'x is undefined' });
    expect(expectError(await dispatch('settings.get', {}))).toEqual({ code: 'failed', message: 'a string' });
  });

  it('with validateOutput, answers failed when the handler breaks the output contract', async () => {
    const broken = handlers({
      'cards.list': () => [{ id: -1, name: 'Visa' }],
      'settings.get': () => ({ locale: 'fr', homeCurrency: 'JPY' }),
    });
    const strict = createDispatcher(broken, { validateOutput: true });
    const err = expectError(await strict('cards.list', {}));
    expect(err.code).toBe('failed');
    expect(err.message).toContain('cards.list');
    expect(expectError(await strict('settings.get', {})).code).toBe('failed');
  });

  it('without validateOutput, passes the handler’s value through unchecked', async () => {
    const loose = createDispatcher(handlers({ 'cards.list': () => [{ id: -1 }] }));
    expect(await loose('cards.list', {})).toEqual({ ok: true, value: [{ id: -1 }] });
  });

  it('with validateOutput, answers the parsed output (unknown keys stripped)', async () => {
    const settings = { ...DEFAULT_SETTINGS, locale: 'en' as const };
    const dispatch = createDispatcher(handlers({ 'settings.get': () => ({ ...settings, secret: 'x' }) }), { validateOutput: true });
    expect(await dispatch('settings.get', {})).toEqual({ ok: true, value: settings });
  });

  it('answers an envelope for method values whose String() throws', async () => {
    const dispatch = createDispatcher(handlers({}));
    expect(await dispatch({ toString: [] }, {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect(await dispatch(Object.create(null), {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
  });

  it('wraps Node Buffers as bytes too', () => {
    expect(fromWireJson(toWireJson({ data: Buffer.from([1, 2]) }))).toEqual({ data: new Uint8Array([1, 2]) });
  });

  it('never rejects, whatever method and input it gets', async () => {
    const dispatch = createDispatcher(handlers({ 'cards.list': () => [] }), { validateOutput: true });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom<unknown>(...API_METHODS), fc.anything(), fc.constant({ toString: [] }), fc.constant(Object.create(null))), fc.anything(), async (method, input) => {
        const r = await dispatch(method, input);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });
});
