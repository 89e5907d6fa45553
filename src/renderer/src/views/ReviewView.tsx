/**
 * The month at a glance: spending by category (chart, click-through to the rows), against budgets,
 * last month and last year; by card, cardholder and merchant; a 12-month trend; each card's bill;
 * mark the month reviewed; export it as CSV.
 */
import { useEffect, useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Card, Category, MonthReview, TransactionFilter } from '../../../shared/api/contract';
import { toMajor } from '../../../core/money';
import { downloadBytes } from '../download';
import { useApi } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import './transactions/workspace.css';

const thisMonth = () => new Date().toISOString().slice(0, 7);

export function ReviewView({ homeCurrency, onShowTransactions, initialMonth = null }: { homeCurrency: string; onShowTransactions: (filter: TransactionFilter) => void; initialMonth?: string | null }) {
  const { t, money, moneyMajor, date, number } = useI18n();
  const { api, reportError, dataVersion, dataChanged } = useApi();
  const [month, setMonth] = useState<string | null>(initialMonth);
  const [basis, setBasis] = useState<'usage' | 'billing'>('usage');
  const [review, setReview] = useState<MonthReview | null>(null);
  const [categories, setCategories] = useState<Category[]>([]);
  const [cards, setCards] = useState<Card[]>([]);
  const [note, setNote] = useState('');

  // Start on the latest month that has transactions (statements arrive after the month ends).
  useEffect(() => {
    if (month !== null) return;
    api.call('transactions.list', { limit: 1, sort: 'date', order: 'desc' }).then((r) => setMonth(r.rows[0]?.date.slice(0, 7) ?? thisMonth()), reportError);
  }, [api, reportError, month]);
  useEffect(() => {
    if (!month) return;
    api.call('review.month', { month, basis }).then((r) => {
      setReview(r);
      setNote(r.reviewed?.note ?? '');
    }, reportError);
  }, [api, reportError, month, basis, dataVersion]);
  useEffect(() => {
    Promise.all([api.call('categories.list', {}), api.call('cards.list', {})]).then(([c, k]) => {
      setCategories(c);
      setCards(k);
    }, reportError);
  }, [api, reportError, dataVersion]);

  const cur = review?.currency ?? homeCurrency;
  const catName = (id: number | null, fallback: string | null) => fallback ?? (id === null ? t('rv.uncategorised') : (categories.find((c) => c.id === id)?.name ?? '?'));
  const diff = (now: number, before: number) => {
    if (before === 0) return '—';
    const pct = ((now - before) / Math.abs(before)) * 100;
    return `${pct >= 0 ? '+' : ''}${pct.toFixed(1)}% (${money(now - before, cur)})`;
  };
  const chart = useMemo(() => (review?.byCategory ?? []).filter((c) => c.totalMinor !== 0).map((c) => ({ ...c, name: catName(c.categoryId, c.category), value: toMajor(c.totalMinor, cur) })), [review, categories, cur]); // eslint-disable-line react-hooks/exhaustive-deps
  // Trend: the six biggest categories of the year by name, the rest together.
  const trend = useMemo(() => {
    if (!review) return { data: [], keys: [] as { key: string; color: string }[] };
    const sums = new Map<string, number>();
    for (const m of review.trend) for (const c of m.categories) sums.set(String(c.categoryId), (sums.get(String(c.categoryId)) ?? 0) + c.totalMinor);
    const top = [...sums].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k]) => k);
    const label = (k: string) => (k === 'null' ? t('rv.uncategorised') : (categories.find((c) => String(c.id) === k)?.name ?? '?'));
    const data = review.trend.map((m) => {
      const row: Record<string, string | number> = { month: m.month };
      for (const c of m.categories) {
        const k = top.includes(String(c.categoryId)) ? label(String(c.categoryId)) : t('rv.others');
        row[k] = Number(row[k] ?? 0) + toMajor(c.totalMinor, cur);
      }
      return row;
    });
    const keys = [...top.map((k) => ({ key: label(k), color: categories.find((c) => String(c.id) === k)?.color ?? '#8a8f98' })), { key: t('rv.others'), color: '#c5cad3' }];
    return { data, keys };
  }, [review, categories, cur, t]);

  const exportCsv = (what: 'transactions' | 'summary', encoding: 'utf-8' | 'shift_jis') => {
    if (!month) return;
    api.call('export.month', { month, what, encoding }).then((f) => downloadBytes(f.name, 'text/csv', f.data), reportError);
  };

  if (!month || !review) return <p className="muted">{t('loading')}</p>;
  return (
    <section className="view review" aria-labelledby="rv-title">
      <h1 id="rv-title">{t('rv.title')}</h1>
      <div className="toolbar">
        <label>
          {t('rv.month')} <input type="month" value={month} onChange={(e) => e.target.value && setMonth(e.target.value)} data-testid="rv-month" />
        </label>
        <label>
          {t('rv.basis')}{' '}
          <select value={basis} onChange={(e) => setBasis(e.target.value as 'usage' | 'billing')} data-testid="rv-basis">
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
          <strong data-testid="rv-total">{money(review.totalMinor, cur)}</strong>
          <span className="muted small">{t('rv.rows', { n: review.count })}</span>
        </div>
        <div className="stat">
          <span className="muted small">{t('rv.vsPrevious', { diff: diff(review.totalMinor, review.previous.totalMinor) })}</span>
          <span className="muted small">{t('rv.vsLastYear', { diff: diff(review.totalMinor, review.lastYear.totalMinor) })}</span>
        </div>
        <span className="spacer" />
        {review.reviewed ? (
          <span className="inline-form" data-testid="rv-reviewed">
            <span className="badge ready">{t('rv.reviewed', { date: date(review.reviewed.at.slice(0, 10)) })}</span>
            {review.reviewed.note && <span className="muted small">{review.reviewed.note}</span>}
            <button type="button" onClick={() => void api.call('review.mark', { month, reviewed: false }).then(dataChanged, reportError)}>
              {t('rv.unmark')}
            </button>
          </span>
        ) : (
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              void api.call('review.mark', { month, reviewed: true, note: note || null }).then(dataChanged, reportError);
            }}
          >
            <input placeholder={t('rv.note')} aria-label={t('rv.note')} value={note} onChange={(e) => setNote(e.target.value)} data-testid="rv-note" />
            <button type="submit" className="primary" data-testid="rv-mark">
              {t('rv.markReviewed')}
            </button>
          </form>
        )}
      </div>
      {review.otherCurrencies.length > 0 && (
        <p className="muted small">
          {t('rv.otherCurrencies')}: {review.otherCurrencies.map((o) => money(o.totalMinor, o.currency)).join(' / ')}
        </p>
      )}
      {chart.length === 0 ? (
        <p className="muted">{t('rv.empty')}</p>
      ) : (
        <div className="review-grid">
          <figure className="chart" aria-label={t('rv.byCategory')}>
            <figcaption className="muted small">
              {t('rv.byCategory')} — {t('rv.byCategoryHint')}
            </figcaption>
            <ResponsiveContainer width="100%" height={Math.max(160, chart.length * 30)}>
              <BarChart data={chart} layout="vertical" margin={{ left: 8, right: 24 }}>
                <XAxis type="number" tickFormatter={(v: number) => number(v)} />
                <YAxis type="category" dataKey="name" width={110} />
                <Tooltip formatter={(v) => moneyMajor(Number(v), cur)} />
                <Bar dataKey="value" isAnimationActive={false} onClick={(d: { payload?: { categoryId: number | null } }) => onShowTransactions({ ...(basis === 'usage' ? { month } : {}), categoryId: d.payload?.categoryId ?? 'none' })}>
                  {chart.map((c) => (
                    <Cell key={String(c.categoryId)} fill={c.color ?? '#c5cad3'} cursor="pointer" />
                  ))}
                </Bar>
              </BarChart>
            </ResponsiveContainer>
          </figure>
          <Budgets review={review} categories={categories} month={month} currency={cur} onChanged={dataChanged} onShow={(categoryId) => onShowTransactions({ ...(basis === 'usage' ? { month } : {}), categoryId: categoryId ?? 'none' })} />
        </div>
      )}
      <div className="review-grid three">
        <div>
          <h2 className="section-title">{t('rv.byCard')}</h2>
          <table className="grid compact">
            <tbody>
              {review.byCard.map((c) => (
                <tr key={c.cardId}>
                  <td>
                    <button type="button" className="link" onClick={() => onShowTransactions({ month, card: c.cardId })}>
                      {c.card}
                    </button>
                  </td>
                  <td className="num">{money(c.totalMinor, cur)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2 className="section-title">{t('rv.byHolder')}</h2>
          <table className="grid compact">
            <tbody>
              {review.byCardholder.map((c, i) => (
                <tr key={i}>
                  <td>
                    {c.cardholder ?? '—'} <span className="muted small">{c.card}</span>
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
                    <button type="button" className="link" onClick={() => onShowTransactions({ month, search: m.description })}>
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
        <Bills review={review} cards={cards} onChanged={dataChanged} />
      </div>
      <figure className="chart" aria-label={t('rv.trend')}>
        <figcaption className="muted small">{t('rv.trend')}</figcaption>
        <ResponsiveContainer width="100%" height={240}>
          <BarChart data={trend.data} margin={{ top: 8, right: 16, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="month" />
            <YAxis tickFormatter={(v: number) => number(v)} width={80} />
            <Tooltip formatter={(v) => moneyMajor(Number(v), cur)} />
            <Legend />
            {trend.keys.map((k) => (
              <Bar key={k.key} dataKey={k.key} stackId="t" fill={k.color} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </figure>
    </section>
  );
}

function Budgets({ review, categories, month, currency, onChanged, onShow }: { review: MonthReview; categories: Category[]; month: string; currency: string; onChanged: () => void; onShow: (categoryId: number | null) => void }) {
  const { t, money } = useI18n();
  const { api, reportError } = useApi();
  const [edit, setEdit] = useState<{ categoryId: number; amount: string; only: boolean } | null>(null);
  const rows = review.byCategory.filter((c) => c.categoryId !== null);
  const unbudgeted = categories.filter((c) => !rows.some((r) => r.categoryId === c.id));
  return (
    <div className="budgets" data-testid="rv-budgets">
      <h2 className="section-title">{t('rv.budgets')}</h2>
      <table className="grid compact">
        <thead>
          <tr>
            <th />
            <th className="num">{t('rv.spent')}</th>
            <th className="num">{t('rv.previous')}</th>
            <th>{t('rv.budget')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => {
            const over = c.budgetMinor !== null && c.totalMinor > c.budgetMinor;
            const pct = c.budgetMinor ? Math.min(100, (c.totalMinor / c.budgetMinor) * 100) : 0;
            return (
              <tr key={c.categoryId} className={over ? 'over' : undefined} data-testid="rv-budget-row">
                <td>
                  <button type="button" className="link" onClick={() => onShow(c.categoryId)}>
                    {c.category}
                  </button>
                  {c.budgetMinor !== null && (
                    <div className="bar" role="progressbar" aria-valuenow={Math.round(pct)} aria-valuemin={0} aria-valuemax={100} aria-label={c.category ?? ''}>
                      <span style={{ width: `${pct}%`, background: over ? '#d1495b' : (c.color ?? '#1f5fbf') }} />
                    </div>
                  )}
                  {over && <span className="error-text small">{t('rv.over')}</span>}
                </td>
                <td className="num">{money(c.totalMinor, currency)}</td>
                <td className="num muted">{money(c.previousMinor, currency)}</td>
                <td>
                  {edit?.categoryId === c.categoryId ? (
                    <BudgetForm edit={edit} setEdit={setEdit} month={month} onSaved={onChanged} api={api} reportError={reportError} />
                  ) : (
                    <button type="button" className="link" onClick={() => setEdit({ categoryId: c.categoryId!, amount: c.budgetMinor === null ? '' : String(c.budgetMinor), only: false })} data-testid="rv-budget-edit">
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
      {edit && !rows.some((r) => r.categoryId === edit.categoryId) && <BudgetForm edit={edit} setEdit={setEdit} month={month} onSaved={onChanged} api={api} reportError={reportError} />}
    </div>
  );
}

function BudgetForm(props: {
  edit: { categoryId: number; amount: string; only: boolean };
  setEdit: (e: { categoryId: number; amount: string; only: boolean } | null) => void;
  month: string;
  onSaved: () => void;
  api: ReturnType<typeof useApi>['api'];
  reportError: (e: unknown) => void;
}) {
  const { t } = useI18n();
  const { edit, setEdit } = props;
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        const amount = edit.amount.trim() === '' ? null : Number(edit.amount);
        if (amount !== null && (Number.isNaN(amount) || amount < 0)) return;
        void props.api.call('budgets.set', { categoryId: edit.categoryId, amount, month: edit.only ? props.month : null }).then(() => {
          setEdit(null);
          props.onSaved();
        }, props.reportError);
      }}
    >
      <input autoFocus inputMode="decimal" size={8} value={edit.amount} onChange={(e) => setEdit({ ...edit, amount: e.target.value })} onKeyDown={(e) => e.key === 'Escape' && setEdit(null)} aria-label={t('rv.budget')} data-testid="rv-budget-amount" />
      <label className="small">
        <input type="checkbox" checked={edit.only} onChange={(e) => setEdit({ ...edit, only: e.target.checked })} />
        {t('rv.thisMonthOnly')}
      </label>
      <button type="submit" data-testid="rv-budget-save">
        {t('rv.setBudget')}
      </button>
    </form>
  );
}

function Bills({ review, cards, onChanged }: { review: MonthReview; cards: Card[]; onChanged: () => void }) {
  const { t, money, date } = useI18n();
  const { api, reportError } = useApi();
  const update = (id: number, patch: { closingDay?: number | null; paymentDay?: number | null; paymentMonthOffset?: number }) => api.call('cards.update', { id, ...patch }).then(onChanged, reportError);
  const day = (v: string) => (v === '' ? null : Math.max(1, Math.min(31, Number(v))));
  return (
    <div data-testid="rv-bills">
      <h2 className="section-title">{t('rv.bills', { month: review.month })}</h2>
      <table className="grid compact">
        <tbody>
          {cards.map((c) => {
            const bill = review.bills.find((b) => b.cardId === c.id);
            return (
              <tr key={c.id}>
                <td>
                  {c.name}
                  <div className="muted small inline-form">
                    <label>
                      {t('rv.closingDay')} <input type="number" min={1} max={31} defaultValue={c.closingDay ?? ''} onBlur={(e) => void update(c.id, { closingDay: day(e.target.value) })} style={{ width: 52 }} />
                    </label>
                    <label>
                      {t('rv.paymentOffset')}{' '}
                      <select value={c.paymentMonthOffset} onChange={(e) => void update(c.id, { paymentMonthOffset: Number(e.target.value) })}>
                        {[0, 1, 2].map((o) => (
                          <option key={o} value={o}>
                            {t(`rv.offset.${o}` as MessageKey)}
                          </option>
                        ))}
                      </select>
                    </label>
                    <label>
                      {t('rv.paymentDay')} <input type="number" min={1} max={31} defaultValue={c.paymentDay ?? ''} onBlur={(e) => void update(c.id, { paymentDay: day(e.target.value) })} style={{ width: 52 }} />
                    </label>
                  </div>
                </td>
                <td className="num">
                  {bill ? money(bill.totalMinor, c.currency) : '—'}
                  {bill?.paymentDate && <div className="muted small">{t('rv.payOn', { date: date(bill.paymentDate) })}</div>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
