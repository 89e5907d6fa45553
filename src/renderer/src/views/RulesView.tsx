/**
 * The user's categorisation rules: the ordered list (enable, reorder, edit, delete), an inline
 * editor with a live preview of what the draft would change, and re-running every rule over the
 * ledger (preview first, then one undoable step). Mounted as a tab of the Transactions section.
 */
import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import type { ApiInput, ApiOutput, Card, Category, RuleChange, RuleRecord } from '../../../shared/api/contract';
import { useApi } from '../hooks';
import { useI18n, type I18n, type MessageKey } from '../i18n';
import './rules.css';
import { CategoryOptions } from './CategoryOptions';

type Draft = NonNullable<ApiInput<'rules.preview'>['draft']>;
type Conditions = Draft['conditions'];
type Actions = Draft['actions'];
type TextCondition = NonNullable<Conditions['text']>;
type TextField = TextCondition['field'];
type TextOp = TextCondition['op'];
type Kind = NonNullable<Conditions['kinds']>[number];
type Preview = ApiOutput<'rules.preview'>;

const KINDS: readonly Kind[] = ['purchase', 'refund', 'payment', 'fee', 'other'];
const KIND_KEYS = { purchase: 'kind.purchase', refund: 'kind.refund', payment: 'kind.payment', fee: 'kind.fee', other: 'kind.other' } as const satisfies Record<Kind, MessageKey>;
const OPS: readonly TextOp[] = ['contains', 'startsWith', 'equals', 'regex'];
const OP_KEYS = { contains: 'rules.op.contains', startsWith: 'rules.op.startsWith', equals: 'rules.op.equals', regex: 'rules.op.regex' } as const satisfies Record<TextOp, MessageKey>;
const SUMMARY_KEYS = {
  contains: 'rules.sum.text.contains',
  startsWith: 'rules.sum.text.startsWith',
  equals: 'rules.sum.text.equals',
  regex: 'rules.sum.text.regex',
} as const satisfies Record<TextOp, MessageKey>;
const FIELD_KEYS = { merchant: 'rules.sum.field.merchant', description: 'rules.sum.field.description' } as const satisfies Record<TextField, MessageKey>;

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** `{n} rows` or `{n} row` (Japanese says the same either way). */
function counted(t: I18n['t'], n: number, one: MessageKey, other: MessageKey): string {
  return t(n === 1 ? one : other, { n });
}

/** Give focus back to where it came from, or to a fallback when that element is gone. */
function focusEither(el: HTMLElement | null, fallback: HTMLElement | null): void {
  if (el?.isConnected) el.focus();
  else fallback?.focus();
}

/** The editor's fields as typed (text inputs stay strings until saved). */
interface RuleForm {
  id: number | null;
  enabled: boolean;
  source: RuleRecord['source'];
  name: string;
  textField: TextField;
  textOp: TextOp;
  textValue: string;
  amountMin: string;
  amountMax: string;
  cardIds: number[];
  cardholders: string;
  currencies: string;
  kinds: Kind[];
  categoryId: string;
  addTags: string;
  memo: string;
  displayName: string;
}

const EMPTY_FORM: RuleForm = {
  id: null,
  enabled: true,
  source: 'user',
  name: '',
  textField: 'merchant',
  textOp: 'contains',
  textValue: '',
  amountMin: '',
  amountMax: '',
  cardIds: [],
  cardholders: '',
  currencies: '',
  kinds: [],
  categoryId: '',
  addTags: '',
  memo: '',
  displayName: '',
};

function formFromRule(r: RuleRecord): RuleForm {
  const c = r.conditions;
  const a = r.actions;
  return {
    id: r.id,
    enabled: r.enabled,
    source: r.source,
    name: r.name,
    textField: c.text?.field ?? 'merchant',
    textOp: c.text?.op ?? 'contains',
    textValue: c.text?.value ?? '',
    amountMin: c.amountMin != null ? String(c.amountMin) : '',
    amountMax: c.amountMax != null ? String(c.amountMax) : '',
    cardIds: c.cardIds ?? [],
    cardholders: (c.cardholders ?? []).join(', '),
    currencies: (c.currencies ?? []).join(', '),
    kinds: c.kinds ?? [],
    categoryId: a.categoryId != null ? String(a.categoryId) : '',
    addTags: (a.addTags ?? []).join(', '),
    memo: a.memo ?? '',
    displayName: a.displayName ?? '',
  };
}

type Problem = { key: MessageKey; vars?: Record<string, string | number> };
type Parsed = { ok: true; draft: Draft } | { ok: false; problem: Problem };

const splitList = (s: string): string[] =>
  s
    .split(/[,、，]/)
    .map((x) => x.trim())
    .filter((x) => x !== '');

/** Major units as typed (`1,000`, `¥1000`, full-width digits, `-500`); null when empty. */
function parseAmount(s: string): number | null | 'bad' {
  const v = s
    .normalize('NFKC')
    .replace(/[,¥￥\s]/g, '')
    .replace(/[−‐]/g, '-');
  if (v === '') return null;
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(v)) return 'bad';
  const n = Number(v);
  return Number.isFinite(n) ? n : 'bad';
}

/** The API's draft from the form, or the first problem in the user's language. */
function formToDraft(f: RuleForm): Parsed {
  const fail = (key: MessageKey, vars?: Problem['vars']): Parsed => ({ ok: false, problem: { key, vars } });
  const conditions: Conditions = {};
  const value = f.textValue.trim();
  if (value) {
    if (f.textOp === 'regex') {
      try {
        new RegExp(value, 'iu');
      } catch (e) {
        // "Invalid regular expression: /x(/iu: Unterminated group" → "Unterminated group".
        return fail('rules.error.regex', { message: errorText(e).replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '') });
      }
    }
    conditions.text = { field: f.textField, op: f.textOp, value };
  }
  const min = parseAmount(f.amountMin);
  const max = parseAmount(f.amountMax);
  if (min === 'bad' || max === 'bad') return fail('rules.error.amount');
  if (min !== null) conditions.amountMin = min;
  if (max !== null) conditions.amountMax = max;
  if (min !== null && max !== null && min > max) return fail('rules.error.minMax');
  if (f.cardIds.length) conditions.cardIds = [...f.cardIds];
  const holders = [...new Set(splitList(f.cardholders))];
  if (holders.length) conditions.cardholders = holders;
  const currencies = [...new Set(splitList(f.currencies.normalize('NFKC')).map((c) => c.toUpperCase()))];
  const badCurrency = currencies.find((c) => !/^[A-Z]{3}$/.test(c));
  if (badCurrency !== undefined) return fail('rules.error.currency', { value: badCurrency });
  if (currencies.length) conditions.currencies = currencies;
  if (f.kinds.length) conditions.kinds = KINDS.filter((k) => f.kinds.includes(k));

  const actions: Actions = {};
  if (f.categoryId) actions.categoryId = Number(f.categoryId);
  const tags = [...new Set(splitList(f.addTags))];
  const longTag = tags.find((x) => x.length > 60);
  if (longTag !== undefined) return fail('rules.error.tag', { value: longTag });
  if (tags.length) actions.addTags = tags;
  if (f.memo.trim()) actions.memo = f.memo.trim();
  if (f.displayName.trim()) actions.displayName = f.displayName.trim();

  if (Object.keys(conditions).length === 0) return fail('rules.error.noCondition');
  if (Object.keys(actions).length === 0) return fail('rules.error.noAction');
  return { ok: true, draft: { conditions, actions } };
}

interface Names {
  t: I18n['t'];
  categories: readonly Category[];
  cards: readonly Card[];
}

/** One line in the UI language: 「店名が「AMAZON」を含む → 日用品, タグ: ネット」. */
function describeRule(c: Conditions, a: Actions, { t, categories, cards }: Names): string {
  const list = (xs: readonly string[]) => xs.join(t('rules.sum.list'));
  const conds: string[] = [];
  if (c.text) conds.push(t(SUMMARY_KEYS[c.text.op], { field: t(FIELD_KEYS[c.text.field]), value: c.text.value }));
  if (c.amountMin != null && c.amountMax != null) conds.push(t('rules.sum.amount.range', { min: c.amountMin, max: c.amountMax }));
  else if (c.amountMin != null) conds.push(t('rules.sum.amount.min', { min: c.amountMin }));
  else if (c.amountMax != null) conds.push(t('rules.sum.amount.max', { max: c.amountMax }));
  if (c.cardIds?.length) conds.push(t('rules.sum.cards', { list: list(c.cardIds.map((id) => cards.find((x) => x.id === id)?.name ?? t('rules.sum.unknownCard', { id: String(id) }))) }));
  if (c.cardholders?.length) conds.push(t('rules.sum.cardholders', { list: list(c.cardholders) }));
  if (c.currencies?.length) conds.push(t('rules.sum.currencies', { list: list(c.currencies) }));
  if (c.kinds?.length) conds.push(t('rules.sum.kinds', { list: list(c.kinds.map((k) => t(KIND_KEYS[k]))) }));
  const acts: string[] = [];
  if (a.categoryId != null) acts.push(categories.find((x) => x.id === a.categoryId)?.name ?? t('rules.sum.unknownCategory'));
  if (a.addTags?.length) acts.push(t('rules.sum.tags', { list: list(a.addTags) }));
  if (a.memo) acts.push(t('rules.sum.memo', { value: a.memo }));
  if (a.displayName) acts.push(t('rules.sum.displayName', { value: a.displayName }));
  return `${conds.length ? conds.join(t('rules.sum.and')) : t('rules.sum.noConditions')} → ${acts.length ? acts.join(t('rules.sum.sep')) : t('rules.sum.noActions')}`;
}

/** What a rule run does to one row, one line per changed field. */
function changeLines(ch: RuleChange, t: I18n['t']): string[] {
  const lines: string[] = [];
  const { before, after } = ch;
  if (before.category !== after.category) lines.push(t('rules.change.category', { before: before.category ?? t('rules.uncategorised'), after: after.category ?? t('rules.uncategorised') }));
  const added = after.tags.filter((x) => !before.tags.includes(x));
  if (added.length) lines.push(t('rules.change.tags', { list: added.join(t('rules.sum.list')) }));
  if (before.displayName !== after.displayName) lines.push(t('rules.change.displayName', { before: before.displayName ?? t('rules.none'), after: after.displayName ?? t('rules.none') }));
  if (before.memo !== after.memo) lines.push(t('rules.change.memo', { after: after.memo ?? t('rules.none') }));
  return lines;
}

/** Escape closes a panel while focus is inside it (or nowhere in particular). */
function useEscape(root: RefObject<HTMLElement | null>, onEscape: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      const el = root.current;
      const target = e.target instanceof Node ? e.target : null;
      if (!el || !target || !(target === document.body || el.contains(target))) return;
      e.preventDefault();
      onEscape();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [root, onEscape]);
}

function ChangesTable({ changes, total, full, testId }: { changes: readonly RuleChange[]; total: number; full: boolean; testId: string }) {
  const { t, date, moneyMajor } = useI18n();
  return (
    <>
      <div className="rules-scroll">
        <table className="grid compact" data-testid={testId}>
          <thead>
            <tr>
              <th>{t('rules.col.date')}</th>
              {full && <th>{t('rules.col.card')}</th>}
              <th>{t('rules.col.description')}</th>
              {full && <th className="num">{t('rules.col.amount')}</th>}
              <th>{t('rules.col.change')}</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((ch) => (
              <tr key={ch.id} data-testid="rules-change-row">
                <td className="nowrap">{date(ch.date)}</td>
                {full && <td>{ch.cardName}</td>}
                <td>
                  <bdi>{ch.description}</bdi>
                </td>
                {full && <td className={ch.amount < 0 ? 'num credit' : 'num'}>{moneyMajor(ch.amount, ch.currency)}</td>}
                <td>
                  <ul className="rules-change">
                    {changeLines(ch, t).map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {total > changes.length && <p className="muted small">{t('rules.preview.more', { n: total - changes.length })}</p>}
    </>
  );
}

function RuleEditor({
  initial,
  categories,
  cards,
  onCancel,
  onSaved,
}: {
  initial: RuleForm;
  categories: readonly Category[];
  cards: readonly Card[];
  onCancel: () => void;
  onSaved: (rule: RuleRecord, isNew: boolean, wouldChange: number | null) => void;
}) {
  const { t, locale } = useI18n();
  const { api, dataVersion } = useApi();
  const [form, setForm] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [preview, setPreview] = useState<{ key: string; result: Preview | null; error: string | null } | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const id = useId();
  useEscape(rootRef, onCancel);

  const parsed = formToDraft(form);
  const draftKey = parsed.ok ? JSON.stringify(parsed.draft) : null;

  // Live preview of the draft, debounced; a stale answer never replaces a newer one.
  useEffect(() => {
    if (draftKey === null) return;
    let live = true;
    const timer = setTimeout(() => {
      api.call('rules.preview', { draft: JSON.parse(draftKey) as Draft, limit: 20 }).then(
        (result) => {
          if (live) setPreview({ key: draftKey, result, error: null });
        },
        (e: unknown) => {
          if (live) setPreview({ key: draftKey, result: null, error: errorText(e) });
        },
      );
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, draftKey, dataVersion]);

  const set = (patch: Partial<RuleForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setError(null);
  };
  const toggleIn = <T,>(xs: readonly T[], x: T): T[] => (xs.includes(x) ? xs.filter((y) => y !== x) : [...xs, x]);

  const names: Names = { t, categories, cards };
  const current = draftKey !== null && preview !== null ? preview : null;
  const previewLoading = draftKey !== null && preview?.key !== draftKey;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (saving) return;
    if (!parsed.ok) {
      setError(t(parsed.problem.key, parsed.problem.vars));
      return;
    }
    const { conditions, actions } = parsed.draft;
    const name = (form.name.trim() || describeRule(conditions, actions, names)).slice(0, 200);
    setSaving(true);
    try {
      const saved = await api.call('rules.save', { id: form.id ?? undefined, name, enabled: form.enabled, conditions, actions, source: form.source });
      const wouldChange = preview && preview.key === draftKey && preview.result ? preview.result.changed : null;
      onSaved(saved, form.id === null, wouldChange);
    } catch (err) {
      setError(errorText(err));
      setSaving(false);
    }
  };

  const fieldSelect = (
    <select aria-label={t('rules.field.textField')} value={form.textField} onChange={(e) => set({ textField: e.target.value as TextField })} data-testid="rule-text-field">
      <option value="merchant">{t('rules.textField.merchant')}</option>
      <option value="description">{t('rules.textField.description')}</option>
    </select>
  );
  const opSelect = (
    <select aria-label={t('rules.field.op')} value={form.textOp} onChange={(e) => set({ textOp: e.target.value as TextOp })} data-testid="rule-text-op">
      {OPS.map((op) => (
        <option key={op} value={op}>
          {t(OP_KEYS[op])}
        </option>
      ))}
    </select>
  );
  const valueInput = (
    <input
      id={`${id}-text`}
      className="rules-text-value"
      value={form.textValue}
      onChange={(e) => set({ textValue: e.target.value })}
      maxLength={500}
      aria-describedby={`${id}-text-help`}
      data-testid="rule-text-value"
    />
  );

  return (
    <div ref={rootRef} className="file-preview rules-editor" role="region" aria-labelledby={`${id}-title`} data-testid="rule-editor">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <header>
          <h3 id={`${id}-title`}>{form.id === null ? t('rules.editor.new') : t('rules.editor.edit')}</h3>
          <span className="spacer" />
          <span className="muted small">{t('rules.escHint')}</span>
        </header>
        <div className="form-grid rules-form">
          <label htmlFor={`${id}-name`}>{t('rules.field.name')}</label>
          <input
            id={`${id}-name`}
            value={form.name}
            onChange={(e) => set({ name: e.target.value })}
            placeholder={t('rules.field.namePlaceholder')}
            maxLength={200}
            autoFocus
            data-testid="rule-name"
          />
          <span />
          <label className="rules-check">
            <input type="checkbox" checked={form.enabled} onChange={(e) => set({ enabled: e.target.checked })} data-testid="rule-form-enabled" /> {t('rules.field.enabled')}
          </label>
        </div>

        <fieldset className="rules-fieldset">
          <legend>{t('rules.conditions')}</legend>
          <div className="form-grid rules-form">
            <label htmlFor={`${id}-text`}>{t('rules.field.text')}</label>
            <div className="rules-inline">
              {fieldSelect}
              {/* Japanese reads 「店名」「AMAZON」「を含む」; English reads "Shop contains AMAZON". */}
              {locale === 'ja' ? (
                <>
                  {valueInput}
                  {opSelect}
                </>
              ) : (
                <>
                  {opSelect}
                  {valueInput}
                </>
              )}
            </div>
            <span />
            <p id={`${id}-text-help`} className="muted small rules-help">
              {t('rules.textHelp')}
            </p>

            <label htmlFor={`${id}-min`}>{t('rules.field.amount')}</label>
            <div className="rules-inline rules-amount">
              <input
                id={`${id}-min`}
                inputMode="decimal"
                aria-label={t('rules.field.amountMin')}
                placeholder={t('rules.field.amountMin')}
                value={form.amountMin}
                onChange={(e) => set({ amountMin: e.target.value })}
                aria-describedby={`${id}-amount-help`}
                data-testid="rule-amount-min"
              />
              <span aria-hidden="true">{t('rules.amountTo')}</span>
              <input
                inputMode="decimal"
                aria-label={t('rules.field.amountMax')}
                placeholder={t('rules.field.amountMax')}
                value={form.amountMax}
                onChange={(e) => set({ amountMax: e.target.value })}
                aria-describedby={`${id}-amount-help`}
                data-testid="rule-amount-max"
              />
            </div>
            <span />
            <p id={`${id}-amount-help`} className="muted small rules-help">
              {t('rules.amountHelp')}
            </p>

            <span id={`${id}-cards`}>{t('rules.field.cards')}</span>
            <div role="group" aria-labelledby={`${id}-cards`} className="rules-checks">
              {cards.length === 0 ? (
                <span className="muted small">{t('rules.noCards')}</span>
              ) : (
                cards.map((c) => (
                  <label key={c.id} className="rules-check">
                    <input type="checkbox" checked={form.cardIds.includes(c.id)} onChange={() => set({ cardIds: toggleIn(form.cardIds, c.id) })} data-testid={`rule-card-${c.id}`} />
                    {c.name}
                    {c.lastDigits ? <span className="muted small"> …{c.lastDigits}</span> : null}
                  </label>
                ))
              )}
            </div>

            <label htmlFor={`${id}-holders`}>{t('rules.field.cardholders')}</label>
            <input id={`${id}-holders`} value={form.cardholders} onChange={(e) => set({ cardholders: e.target.value })} placeholder={t('rules.listHelp')} data-testid="rule-cardholders" />

            <label htmlFor={`${id}-currencies`}>{t('rules.field.currencies')}</label>
            <input
              id={`${id}-currencies`}
              value={form.currencies}
              onChange={(e) => set({ currencies: e.target.value.toUpperCase() })}
              placeholder="USD, EUR"
              autoCapitalize="characters"
              spellCheck={false}
              aria-describedby={`${id}-list-help`}
              data-testid="rule-currencies"
            />

            <span id={`${id}-kinds`}>{t('rules.field.kinds')}</span>
            <div role="group" aria-labelledby={`${id}-kinds`} className="rules-checks">
              {KINDS.map((k) => (
                <label key={k} className="rules-check">
                  <input type="checkbox" checked={form.kinds.includes(k)} onChange={() => set({ kinds: toggleIn(form.kinds, k) })} data-testid={`rule-kind-${k}`} />
                  {t(KIND_KEYS[k])}
                </label>
              ))}
            </div>
          </div>
        </fieldset>

        <fieldset className="rules-fieldset">
          <legend>{t('rules.actions')}</legend>
          <div className="form-grid rules-form">
            <label htmlFor={`${id}-category`}>{t('rules.field.category')}</label>
            <select id={`${id}-category`} value={form.categoryId} onChange={(e) => set({ categoryId: e.target.value })} data-testid="rule-category">
              <option value="">{t('rules.noChange')}</option>
              <CategoryOptions categories={categories} />
            </select>

            <label htmlFor={`${id}-tags`}>{t('rules.field.tags')}</label>
            <input id={`${id}-tags`} value={form.addTags} onChange={(e) => set({ addTags: e.target.value })} placeholder={t('rules.listHelp')} data-testid="rule-tags" />

            <label htmlFor={`${id}-memo`}>{t('rules.field.memo')}</label>
            <input id={`${id}-memo`} value={form.memo} onChange={(e) => set({ memo: e.target.value })} maxLength={2000} aria-describedby={`${id}-memo-help`} data-testid="rule-memo" />
            <span />
            <p id={`${id}-memo-help`} className="muted small rules-help">
              {t('rules.memoHelp')}
            </p>

            <label htmlFor={`${id}-display`}>{t('rules.field.displayName')}</label>
            <input id={`${id}-display`} value={form.displayName} onChange={(e) => set({ displayName: e.target.value })} maxLength={200} data-testid="rule-display-name" />
          </div>
        </fieldset>
        <p id={`${id}-list-help`} className="sr-only">
          {t('rules.listHelp')}
        </p>

        {error && (
          <div className="banner error" role="alert" data-testid="rule-error">
            {error}
          </div>
        )}
        <div className="toolbar">
          <button type="submit" className="primary" aria-disabled={saving || undefined} data-testid="rule-save">
            {saving ? t('rules.saving') : t('rules.save')}
          </button>
          <button type="button" onClick={onCancel} data-testid="rule-cancel">
            {t('rules.cancel')}
          </button>
        </div>
      </form>

      <section className="rules-preview" aria-labelledby={`${id}-preview-title`} data-testid="rule-preview">
        <h4 id={`${id}-preview-title`}>{t('rules.preview.title')}</h4>
        <p aria-live="polite" data-testid="rule-preview-count">
          {!parsed.ok ? (
            <span className="muted small">
              {parsed.problem.key === 'rules.error.noCondition' || parsed.problem.key === 'rules.error.noAction' ? t('rules.preview.incomplete') : t(parsed.problem.key, parsed.problem.vars)}
            </span>
          ) : current?.error ? (
            <span className="rules-error-text">{current.error}</span>
          ) : current?.result ? (
            <>
              <strong>{counted(t, current.result.changed, 'rules.preview.countOne', 'rules.preview.count')}</strong> <span className="muted small">{t('rules.preview.examined', { n: current.result.examined })}</span>
              {previewLoading && <span className="muted small"> · {t('rules.preview.loading')}</span>}
            </>
          ) : (
            <span className="muted small">{t('rules.preview.loading')}</span>
          )}
        </p>
        {parsed.ok && current?.result && (
          <>
            <p className="muted small">{t('rules.preview.manualNote')}</p>
            {current.result.changes.length > 0 && <ChangesTable changes={current.result.changes} total={current.result.changed} full={false} testId="rule-preview-table" />}
          </>
        )}
      </section>
    </div>
  );
}

function RunAllPanel({ onClose, onApplied }: { onClose: () => void; onApplied: (changed: number) => void }) {
  const { t } = useI18n();
  const { api, reportError, dataVersion } = useApi();
  const [includeManual, setIncludeManual] = useState(false);
  const [state, setState] = useState<{ key: boolean; result: Preview | null; error: string | null } | null>(null);
  const [applying, setApplying] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const id = useId();
  useEscape(rootRef, onClose);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  useEffect(() => {
    let live = true;
    api.call('rules.preview', { includeManual, limit: 200 }).then(
      (result) => {
        if (live) setState({ key: includeManual, result, error: null });
      },
      (e: unknown) => {
        if (live) setState({ key: includeManual, result: null, error: errorText(e) });
      },
    );
    return () => {
      live = false;
    };
  }, [api, includeManual, dataVersion]);

  const current = state?.key === includeManual ? state : null;
  const changed = current?.result?.changed ?? 0;

  const apply = async () => {
    if (applying || !current?.result || changed === 0) return;
    setApplying(true);
    try {
      const r = await api.call('rules.apply', { includeManual });
      onApplied(r.changed);
    } catch (e) {
      reportError(e);
      setApplying(false);
    }
  };

  return (
    <div ref={rootRef} className="file-preview rules-run" role="region" aria-labelledby={`${id}-title`} data-testid="rules-run">
      <header>
        <h3 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
          {t('rules.run.title')}
        </h3>
        <span className="spacer" />
        <span className="muted small">{t('rules.escHint')}</span>
      </header>
      <p className="muted small">{t('rules.run.hint')}</p>
      <div className="toolbar">
        <label className="rules-check">
          <input type="checkbox" checked={includeManual} onChange={(e) => setIncludeManual(e.target.checked)} data-testid="rules-include-manual" /> {t('rules.run.includeManual')}
        </label>
      </div>
      <p aria-live="polite" data-testid="rules-preview-count">
        {current?.error ? (
          <span className="rules-error-text">{current.error}</span>
        ) : current?.result ? (
          <>
            <strong>{counted(t, current.result.changed, 'rules.preview.countOne', 'rules.preview.count')}</strong> <span className="muted small">{t('rules.preview.examined', { n: current.result.examined })}</span>
          </>
        ) : (
          <span className="muted small">{t('rules.preview.loading')}</span>
        )}
      </p>
      {current?.result && current.result.changes.length > 0 && <ChangesTable changes={current.result.changes} total={current.result.changed} full testId="rules-preview-table" />}
      <div className="toolbar">
        <button type="button" className="primary" disabled={!current?.result || changed === 0} aria-disabled={applying || undefined} onClick={() => void apply()} data-testid="rules-apply-confirm">
          {applying ? t('rules.run.applying') : counted(t, changed, 'rules.run.applyOne', 'rules.run.apply')}
        </button>
        <button type="button" onClick={onClose} data-testid="rules-run-close">
          {t('rules.run.close')}
        </button>
      </div>
    </div>
  );
}

export function RulesView() {
  const { t, number } = useI18n();
  const { api, reportError, dataVersion, dataChanged } = useApi();
  const [rules, setRules] = useState<RuleRecord[] | null>(null);
  const [categories, setCategories] = useState<Category[]>([]);
  const [cards, setCards] = useState<Card[]>([]);
  const [editing, setEditing] = useState<{ form: RuleForm; key: number } | null>(null);
  const [runAll, setRunAll] = useState(false);
  const [offer, setOffer] = useState<{ rule: RuleRecord; count: number | null } | null>(null);
  const [applyingOffer, setApplyingOffer] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const busy = useRef(false);
  const opener = useRef<HTMLElement | null>(null);
  const editorCount = useRef(0);
  const newButton = useRef<HTMLButtonElement>(null);
  const runButton = useRef<HTMLButtonElement>(null);
  const tbody = useRef<HTMLTableSectionElement>(null);
  const titleId = useId();

  const reload = useCallback(() => api.call('rules.list', {}).then(setRules, reportError), [api, reportError]);
  useEffect(() => {
    void reload();
  }, [reload, dataVersion]);
  useEffect(() => {
    api.call('categories.list', {}).then(setCategories, reportError);
    api.call('cards.list', {}).then(setCards, reportError);
  }, [api, reportError, dataVersion]);

  const names: Names = { t, categories, cards };
  // A rule named after what it does needs no second line saying the same.
  const summaries = (rules ?? []).map((r) => describeRule(r.conditions, r.actions, names));

  const openEditor = (form: RuleForm) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    editorCount.current += 1;
    setEditing({ form, key: editorCount.current });
    setRunAll(false);
    setOffer(null);
    setNotice(null);
  };

  const closeEditor = useCallback(() => {
    setEditing(null);
    focusEither(opener.current, newButton.current);
  }, []);

  const onSaved = (rule: RuleRecord, isNew: boolean, wouldChange: number | null) => {
    setEditing(null);
    void reload();
    if (isNew) {
      // The offer banner's first button takes focus (autoFocus).
      setOffer({ rule, count: wouldChange });
    } else {
      setNotice(t('rules.saved', { name: rule.name }));
      focusEither(opener.current, newButton.current);
    }
  };

  const closeRunAll = useCallback(() => {
    setRunAll(false);
    runButton.current?.focus();
  }, []);

  const onAppliedAll = (changed: number) => {
    setRunAll(false);
    setNotice(counted(t, changed, 'rules.appliedOne', 'rules.applied'));
    runButton.current?.focus();
    dataChanged();
  };

  const applyOffered = async () => {
    if (!offer || applyingOffer) return;
    setApplyingOffer(true);
    try {
      const r = await api.call('rules.apply', { ruleId: offer.rule.id });
      setOffer(null);
      setNotice(counted(t, r.changed, 'rules.appliedOne', 'rules.applied'));
      newButton.current?.focus();
      dataChanged();
    } catch (e) {
      reportError(e);
    } finally {
      setApplyingOffer(false);
    }
  };

  const dismissOffer = () => {
    setOffer(null);
    newButton.current?.focus();
  };

  const toggle = async (r: RuleRecord) => {
    const enabled = !r.enabled;
    setRules((rs) => rs?.map((x) => (x.id === r.id ? { ...x, enabled } : x)) ?? null);
    try {
      const saved = await api.call('rules.save', { id: r.id, name: r.name, enabled, conditions: r.conditions, actions: r.actions, source: r.source });
      setRules((rs) => rs?.map((x) => (x.id === saved.id ? saved : x)) ?? null);
    } catch (e) {
      reportError(e);
      void reload();
    }
  };

  const move = async (index: number, delta: -1 | 1) => {
    if (!rules || busy.current) return;
    const j = index + delta;
    const moved = rules[index];
    const other = rules[j];
    if (!moved || !other) return;
    const ids = rules.map((r) => r.id);
    ids[index] = other.id;
    ids[j] = moved.id;
    busy.current = true;
    try {
      const next = await api.call('rules.reorder', { ids });
      // Render the new order now, then keep focus on the moved rule's button (or its twin at an end).
      flushSync(() => setRules(next));
      const row = tbody.current?.querySelector(`tr[data-rule-id="${moved.id}"]`);
      const wanted = row?.querySelector<HTMLButtonElement>(`[data-testid="${delta < 0 ? 'rule-up' : 'rule-down'}"]`);
      const twin = row?.querySelector<HTMLButtonElement>(`[data-testid="${delta < 0 ? 'rule-down' : 'rule-up'}"]`);
      (wanted && !wanted.disabled ? wanted : twin)?.focus();
    } catch (e) {
      reportError(e);
      void reload();
    } finally {
      busy.current = false;
    }
  };

  const remove = async (r: RuleRecord) => {
    if (!window.confirm(t('rules.confirmDelete', { name: r.name }))) return;
    try {
      await api.call('rules.delete', { id: r.id });
      setRules((rs) => rs?.filter((x) => x.id !== r.id) ?? null);
      if (editing?.form.id === r.id) setEditing(null);
      if (offer?.rule.id === r.id) setOffer(null);
      setNotice(t('rules.deletedMsg', { name: r.name }));
      newButton.current?.focus();
      void reload();
    } catch (e) {
      reportError(e);
    }
  };

  return (
    <section className="rules-view" aria-labelledby={titleId} data-testid="rules-view">
      <h2 id={titleId} className="section-title rules-heading">
        {t('rules.title')}
      </h2>
      <div className="toolbar">
        <button type="button" className="primary" ref={newButton} onClick={() => openEditor(EMPTY_FORM)} data-testid="rule-new">
          {t('rules.new')}
        </button>
        <button
          type="button"
          ref={runButton}
          onClick={() => {
            setEditing(null);
            setOffer(null);
            setNotice(null);
            setRunAll(true);
          }}
          disabled={!rules || rules.length === 0}
          aria-expanded={runAll}
          data-testid="rule-apply-all"
        >
          {t('rules.runAll')}
        </button>
      </div>

      {notice && (
        <div className="banner success" role="status" data-testid="rules-notice">
          {notice}
        </div>
      )}

      {offer && (
        <div className="banner success" role="status" data-testid="rule-offer">
          <span>
            {t('rules.offer', { name: offer.rule.name })}
            {offer.count !== null && ` ${counted(t, offer.count, 'rules.offerCountOne', 'rules.offerCount')}`}
          </span>
          <button type="button" className="primary" autoFocus aria-disabled={applyingOffer || undefined} onClick={() => void applyOffered()} data-testid="rule-offer-apply">
            {t('rules.offer.apply')}
          </button>
          <button type="button" onClick={dismissOffer} data-testid="rule-offer-dismiss">
            {t('rules.offer.later')}
          </button>
        </div>
      )}

      {editing && <RuleEditor key={editing.key} initial={editing.form} categories={categories} cards={cards} onCancel={closeEditor} onSaved={onSaved} />}

      {runAll && <RunAllPanel onClose={closeRunAll} onApplied={onAppliedAll} />}

      {rules === null ? (
        <p className="muted">{t('rules.loading')}</p>
      ) : rules.length === 0 ? (
        <div className="empty rules-empty" data-testid="rules-empty">
          <p>
            <strong>{t('rules.empty.title')}</strong>
          </p>
          <p>{t('rules.empty.body')}</p>
          <p className="muted">{t('rules.empty.learn')}</p>
        </div>
      ) : (
        <>
          <p className="muted small">{t('rules.help')}</p>
          <table className="grid rules-table" data-testid="rules-table">
            <thead>
              <tr>
                <th className="num">{t('rules.col.order')}</th>
                <th>{t('rules.col.enabled')}</th>
                <th>{t('rules.col.rule')}</th>
                <th>
                  <span className="sr-only">{t('rules.col.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody ref={tbody}>
              {rules.map((r, i) => (
                <tr key={r.id} data-testid="rule-row" data-rule-id={r.id} className={[r.enabled ? '' : 'rules-off', editing?.form.id === r.id ? 'selected' : ''].filter(Boolean).join(' ') || undefined}>
                  <td className="num">{number(i + 1)}</td>
                  <td>
                    <input type="checkbox" checked={r.enabled} onChange={() => void toggle(r)} aria-label={t('rules.enabledNamed', { name: r.name })} data-testid="rule-enabled" />
                  </td>
                  <td>
                    <div className="rules-name">
                      <span data-testid="rule-name-text">{r.name}</span>
                      {r.source === 'learned' && (
                        <span className="badge rules-learned" title={t('rules.learnedHint')} data-testid="rule-learned">
                          {t('rules.learned')}
                        </span>
                      )}
                      {!r.enabled && <span className="badge">{t('rules.off')}</span>}
                    </div>
                    {summaries[i] !== r.name && (
                      <div className="muted small rules-summary" data-testid="rule-summary">
                        {summaries[i]}
                      </div>
                    )}
                  </td>
                  <td>
                    <div className="rules-buttons">
                      <button type="button" disabled={i === 0} onClick={() => void move(i, -1)} aria-label={t('rules.moveUpNamed', { name: r.name })} title={t('rules.moveUp')} data-testid="rule-up">
                        {t('rules.moveUp')}
                      </button>
                      <button type="button" disabled={i === rules.length - 1} onClick={() => void move(i, 1)} aria-label={t('rules.moveDownNamed', { name: r.name })} title={t('rules.moveDown')} data-testid="rule-down">
                        {t('rules.moveDown')}
                      </button>
                      <button type="button" onClick={() => openEditor(formFromRule(r))} aria-label={t('rules.editNamed', { name: r.name })} data-testid="rule-edit">
                        {t('rules.edit')}
                      </button>
                      <button type="button" onClick={() => void remove(r)} aria-label={t('rules.deleteNamed', { name: r.name })} data-testid="rule-delete">
                        {t('rules.delete')}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
