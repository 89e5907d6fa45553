/**
 * The month at a glance: spending by category (chart and table), against budgets, last month and
 * last year; by card, cardholder and merchant; a 12-month trend; each card's bill and next payment;
 * mark the month reviewed; export it as CSV. By usage month or billing month. Every figure opens
 * the rows it adds up (core/review.ts `reviewFilter`), by mouse and by keyboard.
 */
import { useEffect, useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Card, Category, MonthReview, TransactionFilter } from '../../../shared/api/contract';
import { minorToDecimalString, minorUnits, parseAmount, toMajor } from '../../../core/money';
import { END_OF_MONTH, localDate, reviewFilter, shiftMonth } from '../../../core/review';
import { downloadBytes } from '../download';
import { useApi } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import './transactions/workspace.css';
import './review.css';

type Basis = 'usage' | 'billing';
const thisMonth = () => localDate().slice(0, 7);
const GREY = '#c5cad3';
/** Trend series key of a category (`none`: uncategorised). */
const seriesKey = (id: number | null) => `c${id ?? 'none'}`;
/** The month and basis last viewed: back from a click-through, the review is where it was left. */
let lastViewed: { month: string; basis: Basis } | null = null;

export function ReviewView({ homeCurrency, onShowTransactions, initialMonth = null }: { homeCurrency: string; onShowTransactions: (filter: TransactionFilter) => void; initialMonth?: string | null }) {
  const { t, money, moneyMajor, number } = useI18n();
  const { api, reportError, dataVersion, dataChanged } = useApi();
  const [month, setMonth] = useState<string | null>(initialMonth ?? lastViewed?.month ?? null);
  const [basis, setBasis] = useState<Basis>(initialMonth === null || initialMonth === lastViewed?.month ? (lastViewed?.basis ?? 'usage') : 'usage');
  const [review, setReview] = useState<MonthReview | null>(null);
  const [categories, setCategories] = useState<Category[]>([]);
  const [cards, setCards] = useState<Card[]>([]);
  // Which category the trend shows: every category stacked, or one (`none`: uncategorised).
  const [trendOf, setTrendOf] = useState<string>('all');

  // Start on the latest month that has transactions (statements arrive after the month ends).
  useEffect(() => {
    if (month !== null) return;
    api.call('transactions.list', { limit: 1, sort: 'date', order: 'desc' }).then((r) => setMonth(r.rows[0]?.date.slice(0, 7) ?? thisMonth()), reportError);
  }, [api, reportError, month]);
  useEffect(() => {
    if (month) lastViewed = { month, basis };
  }, [month, basis]);
  useEffect(() => {
    if (!month) return;
    api.call('review.month', { month, basis, today: localDate() }).then(setReview, reportError);
  }, [api, reportError, month, basis, dataVersion]);
  useEffect(() => {
    Promise.all([api.call('categories.list', {}), api.call('cards.list', {})]).then(([c, k]) => {
      setCategories(c);
      setCards(k);
    }, reportError);
  }, [api, reportError, dataVersion]);

  const cur = review?.currency ?? homeCurrency;
  const catName = (id: number | null, fallback: string | null) => fallback ?? (id === null ? t('rv.uncategorised') : (categories.find((c) => c.id === id)?.name ?? '?'));
  const catColor = (id: number | null) => (id === null ? GREY : (categories.find((c) => c.id === id)?.color ?? GREY));
  // The rows behind a figure: this review's month (or another), basis and currency, spending only.
  const show = (extra: TransactionFilter = {}, m = month!) => onShowTransactions(reviewFilter({ month: m, basis, currency: cur }, extra));
  const diff = (now: number, before: number) => {
    if (before === 0) return '—';
    const pct = ((now - before) / Math.abs(before)) * 100;
    return `${pct >= 0 ? '+' : ''}${pct.toFixed(1)}% (${money(now - before, cur)})`;
  };
  const chart = useMemo(() => (review?.byCategory ?? []).filter((c) => c.totalMinor !== 0).map((c) => ({ ...c, name: catName(c.categoryId, c.category), value: toMajor(c.totalMinor, cur) })), [review, categories, cur]); // eslint-disable-line react-hooks/exhaustive-deps
  // Trend: every category of the year (biggest first), stacked, or the one chosen.
  const trend = useMemo(() => {
    if (!review) return { data: [], series: [] as { id: number | null; key: string; name: string; color: string }[], all: [] as { id: number | null; name: string }[] };
    const sums = new Map<number | null, number>();
    for (const m of review.trend) for (const c of m.categories) sums.set(c.categoryId, (sums.get(c.categoryId) ?? 0) + c.totalMinor);
    const all = [...sums].sort((a, b) => b[1] - a[1]).map(([id]) => ({ id, name: id === null ? t('rv.uncategorised') : (categories.find((c) => c.id === id)?.name ?? '?') }));
    const shown = trendOf === 'all' ? all : all.filter((c) => seriesKey(c.id) === trendOf);
    const data = review.trend.map((m) => {
      const row: Record<string, string | number> = { month: m.month, total: 0 };
      for (const s of shown) row[seriesKey(s.id)] = 0;
      for (const c of m.categories) {
        if (!shown.some((s) => s.id === c.categoryId)) continue;
        row[seriesKey(c.categoryId)] = toMajor(c.totalMinor, cur);
        row.total = Number(row.total) + c.totalMinor;
      }
      return row;
    });
    return { data, series: shown.map((s) => ({ ...s, key: seriesKey(s.id), color: catColor(s.id) })), all };
  }, [review, categories, cur, t, trendOf]); // eslint-disable-line react-hooks/exhaustive-deps
  const trendCategory = (): TransactionFilter => (trendOf === 'all' ? {} : { categoryId: trendOf === 'cnone' ? 'none' : Number(trendOf.slice(1)) });

  const exportCsv = (what: 'transactions' | 'summary', encoding: 'utf-8' | 'shift_jis') => {
    if (!month) return;
    api.call('export.month', { month, what, encoding, basis }).then((f) => downloadBytes(f.name, 'text/csv', f.data), reportError);
  };

  if (!month || !review) return <p className="muted">{t('loading')}</p>;
  return (
    <section className="view review" aria-labelledby="rv-title">
      <h1 id="rv-title">{t('rv.title')}</h1>
      <div className="toolbar">
        <button type="button" onClick={() => setMonth(shiftMonth(month, -1))} aria-label={t('rv.prevMonth')} title={t('rv.prevMonth')} data-testid="rv-month-prev">
          ◀
        </button>
        <label>
          {t('rv.month')} <input type="month" value={month} onChange={(e) => e.target.value && setMonth(e.target.value)} data-testid="rv-month" />
        </label>
        <button type="button" onClick={() => setMonth(shiftMonth(month, 1))} aria-label={t('rv.nextMonth')} title={t('rv.nextMonth')} data-testid="rv-month-next">
          ▶
        </button>
        <label>
          {t('rv.basis')}{' '}
          <select value={basis} onChange={(e) => setBasis(e.target.value as Basis)} data-testid="rv-basis">
            <option value="usage">{t('rv.basis.usage')}</option>
            <option value="billing">{t('rv.basis.billing')}</option>
          </select>
        </label>
        <span className="spacer" />
        <button type="button" onClick={() => exportCsv('transactions', 'utf-8')} data-testid="rv-export">
          {t('rv.export')}
        </button>
        <button type="button" onClick={() => exportCsv('transactions', 'shift_jis')}>
          {t('rv.exportSjis')}
        </button>
        <button type="button" onClick={() => exportCsv('summary', 'utf-8')} data-testid="rv-export-summary">
          {t('rv.exportSummary')}
        </button>
      </div>
      <div className="subs-totals" data-testid="rv-totals">
        <div className="stat">
          <span className="muted small">{t('rv.total')}</span>
          <button type="button" className="link stat-value" onClick={() => show()} data-testid="rv-total">
            {money(review.totalMinor, cur)}
          </button>
          <span className="muted small">{t('rv.rows', { n: review.count })}</span>
        </div>
        <div className="stat">
          <span className="muted small">
            {t('rv.vsPrevious', { diff: diff(review.totalMinor, review.previous.totalMinor) })}{' '}
            <button type="button" className="link" onClick={() => show({}, review.previous.month)} data-testid="rv-previous">
              {t('rv.monthTotal', { month: review.previous.month, amount: money(review.previous.totalMinor, cur) })}
            </button>
          </span>
          <span className="muted small">
            {t('rv.vsLastYear', { diff: diff(review.totalMinor, review.lastYear.totalMinor) })}{' '}
            <button type="button" className="link" onClick={() => show({}, review.lastYear.month)} data-testid="rv-last-year">
              {t('rv.monthTotal', { month: review.lastYear.month, amount: money(review.lastYear.totalMinor, cur) })}
            </button>
          </span>
        </div>
        <span className="spacer" />
        <ReviewMark key={`${month}:${review.reviewed?.note ?? ''}`} month={month} reviewed={review.reviewed} onChanged={dataChanged} />
      </div>
      {review.otherCurrencies.length > 0 && (
        <p className="muted small">
          {t('rv.otherCurrencies')}: {review.otherCurrencies.map((o) => money(o.totalMinor, o.currency)).join(' / ')}
        </p>
      )}
      <div className="review-grid">
        {chart.length === 0 ? (
          <p className="muted">{t('rv.empty')}</p>
        ) : (
          <figure className="chart" aria-label={t('rv.byCategory')}>
            <figcaption className="muted small">
              {t('rv.byCategory')} — {t('rv.byCategoryHint')}
            </figcaption>
            <ResponsiveContainer width="100%" height={Math.max(160, chart.length * 30)}>
              <BarChart data={chart} layout="vertical" margin={{ left: 8, right: 24 }}>
                <XAxis type="number" tickFormatter={(v: number) => number(v)} />
                <YAxis type="category" dataKey="name" width={110} />
                <Tooltip formatter={(v) => moneyMajor(Number(v), cur)} />
                <Bar dataKey="value" isAnimationActive={false} onClick={(d: { payload?: { categoryId: number | null } }) => d.payload && show({ categoryId: d.payload.categoryId ?? 'none' })}>
                  {chart.map((c) => (
                    <Cell key={String(c.categoryId)} fill={c.color ?? GREY} cursor="pointer" />
                  ))}
                </Bar>
              </BarChart>
            </ResponsiveContainer>
          </figure>
        )}
        <Budgets review={review} categories={categories} month={month} currency={cur} onChanged={dataChanged} onShow={(categoryId) => show({ categoryId: categoryId ?? 'none' })} />
      </div>
      <div className="review-grid three">
        <div>
          <h2 className="section-title">{t('rv.byCard')}</h2>
          <table className="grid compact" data-testid="rv-cards">
            <tbody>
              {review.byCard.map((c) => (
                <tr key={c.cardId}>
                  <td>
                    <button type="button" className="link" onClick={() => show({ card: c.cardId })} data-testid="rv-card">
                      {c.card}
                    </button>
                  </td>
                  <td className="num">{money(c.totalMinor, cur)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2 className="section-title">{t('rv.byHolder')}</h2>
          <table className="grid compact" data-testid="rv-holders">
            <tbody>
              {review.byCardholder.map((c) => (
                <tr key={`${c.cardId}:${c.cardholderId}`}>
                  <td>
                    <button type="button" className="link" onClick={() => show({ card: c.cardId, cardholderId: c.cardholderId ?? 'none' })} data-testid="rv-holder">
                      {c.cardholder ?? '—'}
                    </button>{' '}
                    <span className="muted small">{c.card}</span>
                  </td>
                  <td className="num">{money(c.totalMinor, cur)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          <h2 className="section-title">{t('rv.topMerchants')}</h2>
          <table className="grid compact" data-testid="rv-merchants">
            <tbody>
              {review.topMerchants.map((m) => (
                <tr key={m.merchant}>
                  <td>
                    <button type="button" className="link" onClick={() => show({ merchant: m.merchant })} data-testid="rv-merchant">
                      <bdi>{m.description}</bdi>
                    </button>{' '}
                    <span className="muted small">×{m.count}</span>
                  </td>
                  <td className="num">{money(m.totalMinor, cur)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Bills review={review} cards={cards} onChanged={dataChanged} onShow={(billingMonth, cardId, currency) => onShowTransactions(reviewFilter({ month: billingMonth, basis: 'billing', currency }, { card: cardId }))} />
      </div>
      <figure className="chart" aria-label={t('rv.trend')}>
        <figcaption className="muted small inline-form">
          {t('rv.trend')}
          <select value={trendOf} onChange={(e) => setTrendOf(e.target.value)} aria-label={t('rv.trendShow')} data-testid="rv-trend-category">
            <option value="all">{t('rv.allCategories')}</option>
            {trend.all.map((c) => (
              <option key={seriesKey(c.id)} value={seriesKey(c.id)}>
                {c.name}
              </option>
            ))}
          </select>
        </figcaption>
        <ResponsiveContainer width="100%" height={240}>
          <BarChart data={trend.data} margin={{ top: 8, right: 16, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="month" />
            <YAxis tickFormatter={(v: number) => number(v)} width={80} />
            <Tooltip formatter={(v) => moneyMajor(Number(v), cur)} />
            <Legend />
            {trend.series.map((s) => (
              <Bar
                key={s.key}
                dataKey={s.key}
                name={s.name}
                stackId="t"
                fill={s.color}
                cursor="pointer"
                isAnimationActive={false}
                onClick={(d: { payload?: { month?: string } }) => d.payload?.month && show({ categoryId: s.id ?? 'none' }, d.payload.month)}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
        <table className="grid compact trend-table" data-testid="rv-trend-table">
          <caption className="muted small">{t('rv.trendTable')}</caption>
          <tbody>
            <tr>
              {trend.data.map((r) => (
                <td key={String(r.month)} className="num">
                  <div className="muted small">{String(r.month)}</div>
                  <button type="button" className="link" onClick={() => show(trendCategory(), String(r.month))} data-testid="rv-trend-cell">
                    {money(Number(r.total), cur)}
                  </button>
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </figure>
    </section>
  );
}

/** Mark the month reviewed with a note; a reviewed month's note can be changed, or the mark taken back. */
function ReviewMark({ month, reviewed, onChanged }: { month: string; reviewed: MonthReview['reviewed']; onChanged: () => void }) {
  const { t, date } = useI18n();
  const { api, reportError } = useApi();
  const [note, setNote] = useState(reviewed?.note ?? '');
  const [editing, setEditing] = useState(false);
  const save = () => void api.call('review.mark', { month, reviewed: true, note: note.trim() || null }).then(onChanged, reportError);
  const form = (submit: string, testId: string) => (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <input placeholder={t('rv.note')} aria-label={t('rv.note')} value={note} onChange={(e) => setNote(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && editing && setEditing(false)} data-testid="rv-note" />
      <button type="submit" className="primary" data-testid={testId}>
        {submit}
      </button>
      {editing && (
        <button type="button" onClick={() => setEditing(false)}>
          {t('rv.cancel')}
        </button>
      )}
    </form>
  );
  if (!reviewed) return form(t('rv.markReviewed'), 'rv-mark');
  return (
    <span className="inline-form" data-testid="rv-reviewed">
      {/* Stored in UTC: shown as the user's local day. */}
      <span className="badge ready">{t('rv.reviewed', { date: date(localDate(new Date(reviewed.at))) })}</span>
      {editing ? (
        form(t('rv.saveNote'), 'rv-note-save')
      ) : (
        <>
          {reviewed.note && (
            <span className="muted small" data-testid="rv-reviewed-note">
              {reviewed.note}
            </span>
          )}
          <button type="button" className="link" onClick={() => setEditing(true)} data-testid="rv-note-edit">
            {t('rv.editNote')}
          </button>
        </>
      )}
      <button type="button" onClick={() => void api.call('review.mark', { month, reviewed: false }).then(onChanged, reportError)} data-testid="rv-unmark">
        {t('rv.unmark')}
      </button>
    </span>
  );
}

/** Every category of the month (uncategorised too) against last month, last year and its budget; each opens its rows. */
function Budgets({ review, categories, month, currency, onChanged, onShow }: { review: MonthReview; categories: Category[]; month: string; currency: string; onChanged: () => void; onShow: (categoryId: number | null) => void }) {
  const { t, money } = useI18n();
  const [edit, setEdit] = useState<BudgetEdit | null>(null);
  const rows = review.byCategory;
  const unbudgeted = categories.filter((c) => !rows.some((r) => r.categoryId === c.id && r.budgetMinor !== null));
  const form = (e: BudgetEdit) => <BudgetForm edit={e} setEdit={setEdit} month={month} currency={currency} onSaved={onChanged} />;
  return (
    <div className="budgets" data-testid="rv-budgets">
      <h2 className="section-title">{t('rv.budgets')}</h2>
      <table className="grid compact">
        <thead>
          <tr>
            <th>{t('rv.category')}</th>
            <th className="num">{t('rv.spent')}</th>
            <th className="num">{t('rv.previous')}</th>
            <th className="num">{t('rv.lastYear')}</th>
            <th>{t('rv.budget')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => {
            const label = c.category ?? t('rv.uncategorised');
            const over = c.budgetMinor !== null && c.totalMinor > c.budgetMinor;
            const pct = c.budgetMinor ? Math.min(100, Math.max(0, (c.totalMinor / c.budgetMinor) * 100)) : 0;
            return (
              <tr key={String(c.categoryId)} className={over ? 'over' : undefined} data-testid="rv-budget-row">
                <td>
                  <button type="button" className="link" onClick={() => onShow(c.categoryId)} data-testid="rv-category">
                    {label}
                  </button>
                  {c.budgetMinor !== null && (
                    <div className="bar" role="progressbar" aria-valuenow={Math.round(pct)} aria-valuemin={0} aria-valuemax={100} aria-label={label}>
                      <span style={{ width: `${pct}%`, background: over ? '#d1495b' : (c.color ?? '#1f5fbf') }} />
                    </div>
                  )}
                  {over && <span className="error-text small">{t('rv.over')}</span>}
                </td>
                <td className="num">{money(c.totalMinor, currency)}</td>
                <td className="num muted">{money(c.previousMinor, currency)}</td>
                <td className="num muted" data-testid="rv-category-last-year">
                  {money(c.lastYearMinor, currency)}
                </td>
                <td>
                  {c.categoryId === null ? null : edit?.categoryId === c.categoryId ? (
                    form(edit)
                  ) : (
                    <button
                      type="button"
                      className="link"
                      // The form takes major units (budgets.set): 50000 minor USD is "500.00".
                      onClick={() => setEdit({ categoryId: c.categoryId!, amount: c.budgetMinor === null ? '' : minorToDecimalString(c.budgetMinor, currency), only: false })}
                      data-testid="rv-budget-edit"
                    >
                      {c.budgetMinor === null ? '—' : money(c.budgetMinor, currency)}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {unbudgeted.length > 0 && (
        <select aria-label={t('rv.setBudget')} value="" onChange={(e) => e.target.value && setEdit({ categoryId: Number(e.target.value), amount: '', only: false })} data-testid="rv-budget-add">
          <option value="">{`+ ${t('rv.budget')}`}</option>
          {unbudgeted.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      )}
      {edit && !rows.some((r) => r.categoryId === edit.categoryId) && (
        <div className="inline-form">
          <span>{categories.find((c) => c.id === edit.categoryId)?.name}</span>
          {form(edit)}
        </div>
      )}
    </div>
  );
}

type BudgetEdit = { categoryId: number; amount: string; only: boolean };

function BudgetForm({ edit, setEdit, month, currency, onSaved }: { edit: BudgetEdit; setEdit: (e: BudgetEdit | null) => void; month: string; currency: string; onSaved: () => void }) {
  const { t } = useI18n();
  const { api, reportError } = useApi();
  const text = edit.amount.trim();
  const parsed = text === '' ? null : parseAmount(text, currency);
  const invalid = parsed !== null && (!parsed.ok || parsed.minor < 0);
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (invalid) return;
        const amount = parsed?.ok ? toMajor(parsed.minor, currency) : null;
        void api.call('budgets.set', { categoryId: edit.categoryId, amount, month: edit.only ? month : null }).then(() => {
          setEdit(null);
          onSaved();
        }, reportError);
      }}
    >
      <input
        autoFocus
        inputMode="decimal"
        size={10}
        value={edit.amount}
        onChange={(e) => setEdit({ ...edit, amount: e.target.value })}
        onKeyDown={(e) => e.key === 'Escape' && setEdit(null)}
        aria-label={`${t('rv.budget')} (${currency})`}
        aria-invalid={invalid}
        placeholder={t('rv.budgetHint')}
        data-testid="rv-budget-amount"
      />
      <label className="small">
        <input type="checkbox" checked={edit.only} onChange={(e) => setEdit({ ...edit, only: e.target.checked })} />
        {t('rv.thisMonthOnly')}
      </label>
      <button type="submit" disabled={invalid} data-testid="rv-budget-save">
        {t('rv.setBudget')}
      </button>
      {invalid && (
        <span className="error-text small" role="alert">
          {t('rv.budgetInvalid', { currency, digits: String(minorUnits(currency)) })}
        </span>
      )}
    </form>
  );
}

/** A day-of-month picker for closing and payment days: 1–30 and 末日 (31). */
function DaySelect({ value, onChange, label, testId }: { value: number | null; onChange: (v: number | null) => void; label: string; testId: string }) {
  const { t } = useI18n();
  return (
    <select value={value === null ? '' : String(Math.min(value, END_OF_MONTH))} onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))} aria-label={label} data-testid={testId}>
      <option value="">{t('rv.notSet')}</option>
      {Array.from({ length: END_OF_MONTH }, (_, i) => i + 1).map((d) => (
        <option key={d} value={String(d)}>
          {d === END_OF_MONTH ? t('rv.endOfMonth') : t('rv.day', { n: String(d) })}
        </option>
      ))}
    </select>
  );
}

/** Each card's cycle (closing day, payment month and day), its bill for this billing month, and its next payment. */
function Bills({ review, cards, onChanged, onShow }: { review: MonthReview; cards: Card[]; onChanged: () => void; onShow: (billingMonth: string, cardId: number, currency: string) => void }) {
  const { t, money, date } = useI18n();
  const { api, reportError } = useApi();
  const update = (id: number, patch: { closingDay?: number | null; paymentDay?: number | null; paymentMonthOffset?: number }) => void api.call('cards.update', { id, ...patch }).then(onChanged, reportError);
  return (
    <div data-testid="rv-bills">
      <h2 className="section-title">{t('rv.bills', { month: review.month })}</h2>
      <table className="grid compact">
        <tbody>
          {cards.map((c) => {
            const bills = review.bills.filter((b) => b.cardId === c.id);
            const next = review.upcoming.find((u) => u.cardId === c.id);
            return (
              <tr key={c.id} data-testid="rv-bill-card">
                <td>
                  {c.name}
                  <div className="muted small inline-form wrap">
                    <label>
                      {t('rv.closingDay')} <DaySelect value={c.closingDay} onChange={(v) => update(c.id, { closingDay: v })} label={`${c.name} ${t('rv.closingDay')}`} testId="rv-closing" />
                    </label>
                    <label>
                      {t('rv.paymentOffset')}{' '}
                      <select value={c.paymentMonthOffset} onChange={(e) => update(c.id, { paymentMonthOffset: Number(e.target.value) })} data-testid="rv-offset">
                        {[0, 1, 2, 3].map((o) => (
                          <option key={o} value={o}>
                            {t(`rv.offset.${o}` as MessageKey)}
                          </option>
                        ))}
                      </select>
                    </label>
                    <label>
                      {t('rv.paymentDay')} <DaySelect value={c.paymentDay} onChange={(v) => update(c.id, { paymentDay: v })} label={`${c.name} ${t('rv.paymentDay')}`} testId="rv-payday" />
                    </label>
                  </div>
                  <div className="small" data-testid="rv-upcoming">
                    {next ? (
                      <>
                        {t('rv.upcoming')}: {t('rv.upcomingAt', { date: date(next.paymentDate) })}{' '}
                        {next.totals.length === 0 ? (
                          <span className="muted">{t('rv.noRows')}</span>
                        ) : (
                          next.totals.map((x) => (
                            <button key={x.currency} type="button" className="link" onClick={() => onShow(next.billingMonth, c.id, x.currency)} data-testid="rv-upcoming-amount">
                              {money(x.totalMinor, x.currency)}
                            </button>
                          ))
                        )}
                      </>
                    ) : (
                      <span className="muted">{t('rv.upcomingNone')}</span>
                    )}
                  </div>
                </td>
                <td className="num">
                  {bills.length === 0
                    ? '—'
                    : bills.map((b) => (
                        <div key={b.currency}>
                          <button type="button" className="link" onClick={() => onShow(b.billingMonth, c.id, b.currency)} data-testid="rv-bill">
                            {money(b.totalMinor, b.currency)}
                          </button>
                        </div>
                      ))}
                  {bills[0]?.paymentDate && <div className="muted small">{t('rv.payOn', { date: date(bills[0].paymentDate) })}</div>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
