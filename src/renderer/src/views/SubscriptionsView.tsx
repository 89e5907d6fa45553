/**
 * Subscriptions: every recurring charge with what changed first, the monthly and yearly cost (with
 * a chart over time), and the quarterly review — keep / cancel / check with a note, saved with its
 * date, so the next review shows what happened since.
 */
import { Fragment, useEffect, useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Subscription, SubscriptionOverview, SubscriptionReview } from '../../../shared/api/contract';
import { toMajor } from '../../../core/money';
import { useApi } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import './transactions/workspace.css';

type Decision = 'keep' | 'cancel' | 'check';

export function SubscriptionsView({ homeCurrency }: { homeCurrency: string }) {
  const { t, money, moneyMajor, date, number } = useI18n();
  const { api, reportError, dataVersion, dataChanged } = useApi();
  const [data, setData] = useState<SubscriptionOverview | null>(null);
  const [reviews, setReviews] = useState<SubscriptionReview[]>([]);
  const [reviewing, setReviewing] = useState(false);
  const [decisions, setDecisions] = useState<Record<string, { decision: Decision; note: string }>>({});
  const [reviewNote, setReviewNote] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);

  useEffect(() => {
    api.call('subscriptions.list', {}).then(setData, reportError);
    api.call('reviews.list', {}).then(setReviews, reportError);
  }, [api, reportError, dataVersion]);

  const trend = useMemo(() => (data?.trend ?? []).filter((p) => p.currency === homeCurrency).slice(-24).map((p) => ({ month: p.month, total: toMajor(p.totalMinor, p.currency) })), [data, homeCurrency]);

  const startReview = () => {
    // Start from the last decisions: a cancel stays a cancel (still charging is flagged beside it);
    // whatever else changed since needs the user's eye (before any review: what looks changed).
    const init: Record<string, { decision: Decision; note: string }> = {};
    for (const s of data?.items ?? []) {
      const changed = data?.lastReview ? s.change !== null : s.status !== 'active';
      init[s.key] = { decision: s.lastDecision?.decision === 'cancel' ? 'cancel' : changed ? 'check' : (s.lastDecision?.decision ?? 'keep'), note: s.lastDecision?.note ?? '' };
    }
    setDecisions(init);
    setReviewNote('');
    setReviewing(true);
  };

  const saveReview = async () => {
    try {
      const saved = await api.call('reviews.save', { note: reviewNote || null, items: Object.entries(decisions).map(([key, d]) => ({ key, decision: d.decision, note: d.note || null })) });
      setReviewing(false);
      setNotice(t('subs.reviewSaved', { date: date(saved.date) }));
      dataChanged();
    } catch (e) {
      reportError(e);
    }
  };

  const mark = (key: string, state: 'confirmed' | 'dismissed' | null) => api.call('subscriptions.mark', { key, state }).then(dataChanged, reportError);
  const perMonthYear = (monthlyMinor: number, annualMinor: number, currency: string) => t('subs.perMonthYear', { monthly: money(monthlyMinor, currency), annual: money(annualMinor, currency) });
  const changeText = (s: Subscription) =>
    s.change === 'price-changed' && s.lastDecision
      ? t('subs.change.price-changed', { from: money(s.lastDecision.amountMinor, s.currency), to: money(s.amountMinor, s.currency) })
      : t(`subs.change.${s.change}` as MessageKey);

  return (
    <section className="view subs" aria-labelledby="subs-title">
      <h1 id="subs-title">{t('subs.title')}</h1>
      {notice && (
        <div className="banner success" role="status" data-testid="subs-notice">
          <span>{notice}</span>
          <button type="button" onClick={() => setNotice(null)}>
            {t('error.dismiss')}
          </button>
        </div>
      )}
      {data === null ? (
        <p className="muted">{t('loading')}</p>
      ) : data.items.length === 0 ? (
        <p className="muted" data-testid="subs-empty">
          {t('subs.empty')}
        </p>
      ) : (
        <>
          <div className="subs-totals" data-testid="subs-totals">
            {data.totals.map((x) => (
              <Fragment key={x.currency}>
                <div className="stat">
                  <span className="muted small">{t('subs.monthly')}</span>
                  <strong>{money(x.monthlyMinor, x.currency)}</strong>
                </div>
                <div className="stat">
                  <span className="muted small">{t('subs.annual')}</span>
                  <strong data-testid={`subs-annual-${x.currency}`}>{money(x.annualMinor, x.currency)}</strong>
                </div>
              </Fragment>
            ))}
            <div className="stat">
              <span className="muted small">{t('subs.count', { n: data.items.filter((s) => s.status !== 'stopped').length })}</span>
              <span className="muted small">{data.lastReview ? t('subs.lastReview', { date: date(data.lastReview.date) }) : t('subs.noReview')}</span>
            </div>
            <span className="spacer" />
            {!reviewing && (
              <button type="button" className="primary" onClick={startReview} data-testid="review-start">
                {t('subs.startReview')}
              </button>
            )}
          </div>
          {trend.length > 1 && (
            <figure className="chart" aria-label={t('subs.chart')}>
              <figcaption className="muted small">{t('subs.chart')}</figcaption>
              <ResponsiveContainer width="100%" height={180}>
                <BarChart data={trend} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="month" />
                  <YAxis tickFormatter={(v: number) => number(v)} width={70} />
                  <Tooltip formatter={(v) => moneyMajor(Number(v), homeCurrency)} />
                  <Bar dataKey="total" fill="#00798c" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </figure>
          )}
          {reviewing && (
            <div className="banner suggest review-bar" data-testid="review-bar">
              <input className="grow" placeholder={t('subs.reviewNote')} aria-label={t('subs.reviewNote')} value={reviewNote} onChange={(e) => setReviewNote(e.target.value)} />
              <button type="button" className="primary" onClick={() => void saveReview()} data-testid="review-save">
                {t('subs.saveReview')}
              </button>
              <button type="button" onClick={() => setReviewing(false)}>
                {t('subs.cancelReview')}
              </button>
            </div>
          )}
          <table className="grid" data-testid="subs-table">
            <thead>
              <tr>
                <th>{t('subs.col.merchant')}</th>
                <th>{t('subs.col.cadence')}</th>
                <th className="num">{t('subs.col.amount')}</th>
                <th className="num">{t('subs.col.monthly')}</th>
                <th className="num">{t('subs.col.annual')}</th>
                <th>{t('subs.col.first')}</th>
                <th>{t('subs.col.last')}</th>
                <th>{t('subs.col.next')}</th>
                <th>{t('subs.col.status')}</th>
                <th>{reviewing ? t('subs.col.decision') : ''}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((s) => (
                <Fragment key={s.key}>
                  <tr data-testid="sub-row" data-status={s.status} data-change={s.change ?? ''} className={s.stillCharging ? 'flagged' : undefined}>
                    <td>
                      <button type="button" className="link" aria-expanded={open === s.key} onClick={() => setOpen(open === s.key ? null : s.key)}>
                        <bdi>{s.description}</bdi>
                      </button>
                      <div className="muted small">
                        {s.cardName}
                        {s.category && ` · ${s.category}`}
                        {s.mark !== 'detected' && ` · ${t(s.mark === 'confirmed' ? 'subs.confirmed' : 'subs.manual')}`}
                      </div>
                    </td>
                    <td>{t(`subs.cadence.${s.cadence}` as MessageKey)}</td>
                    <td className="num">
                      {money(s.amountMinor, s.currency)}
                      {s.originalAmount !== null && s.originalCurrency && <div className="muted small">{moneyMajor(s.originalAmount, s.originalCurrency)}</div>}
                    </td>
                    <td className="num" data-testid="sub-monthly">
                      {money(s.monthlyCostMinor, s.currency)}
                    </td>
                    <td className="num">{money(s.annualCostMinor, s.currency)}</td>
                    <td data-testid="sub-first">{date(s.firstDate)}</td>
                    <td>{date(s.lastDate)}</td>
                    <td>{s.status === 'stopped' ? '—' : date(s.nextDate)}</td>
                    <td>
                      <span className={`badge sub-${s.status}`}>{t(`subs.status.${s.status}` as MessageKey)}</span>
                      {s.stillCharging ? (
                        <div className="error-text small" data-testid="still-charging">
                          {t('subs.stillCharging')}
                        </div>
                      ) : (
                        s.change && (
                          <div className={`small sub-change-${s.change}`} data-testid="sub-change">
                            {changeText(s)}
                          </div>
                        )
                      )}
                      {s.lastDecision && <div className="muted small">{t('subs.lastDecision', { decision: t(`subs.decision.${s.lastDecision.decision}` as MessageKey) })}</div>}
                    </td>
                    <td>
                      {reviewing ? (
                        <span className="inline-form" role="radiogroup" aria-label={t('subs.decisionFor', { merchant: s.description })}>
                          {(['keep', 'cancel', 'check'] as const).map((d) => (
                            <label key={d}>
                              <input
                                type="radio"
                                name={`decision-${s.key}`}
                                checked={decisions[s.key]?.decision === d}
                                onChange={() => setDecisions({ ...decisions, [s.key]: { decision: d, note: decisions[s.key]?.note ?? '' } })}
                                data-testid={`decision-${d}`}
                              />
                              {t(`subs.decision.${d}` as MessageKey)}
                            </label>
                          ))}
                          <input
                            size={12}
                            placeholder={t('subs.notePlaceholder')}
                            aria-label={t('subs.noteFor', { merchant: s.description })}
                            value={decisions[s.key]?.note ?? ''}
                            onChange={(e) => setDecisions({ ...decisions, [s.key]: { decision: decisions[s.key]?.decision ?? 'keep', note: e.target.value } })}
                            data-testid="decision-note"
                          />
                        </span>
                      ) : (
                        <span className="inline-form">
                          {s.mark === 'detected' && (
                            <button type="button" onClick={() => void mark(s.key, 'confirmed')} aria-label={t('subs.confirmFor', { merchant: s.description })} data-testid="sub-confirm">
                              {t('subs.confirm')}
                            </button>
                          )}
                          <button type="button" onClick={() => void mark(s.key, 'dismissed')} aria-label={t('subs.dismissFor', { merchant: s.description })} data-testid="sub-dismiss">
                            {t('subs.dismiss')}
                          </button>
                        </span>
                      )}
                    </td>
                  </tr>
                  {open === s.key && (
                    <tr className="detail">
                      <td colSpan={10}>
                        <strong className="small">{t('subs.history')}</strong>
                        <ul className="doc-list" data-testid="price-history">
                          {s.priceHistory.map((p, i) => {
                            const prev = s.priceHistory[i - 1];
                            const diff = prev ? p.amountMinor - prev.amountMinor : 0;
                            return (
                              <li key={p.date}>
                                {date(p.date)} — {money(p.amountMinor, s.currency)}
                                {prev && diff !== 0 && (
                                  <span className={`badge ${diff > 0 ? 'price-up' : 'price-down'}`} data-testid="price-change">
                                    {t(diff > 0 ? 'subs.priceUp' : 'subs.priceDown', { diff: money(Math.abs(diff), s.currency) })}
                                  </span>
                                )}
                              </li>
                            );
                          })}
                        </ul>
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
          <div className="subs-breakdown">
            <div>
              <h2 className="section-title">{t('subs.byCategory')}</h2>
              <ul className="doc-list" data-testid="subs-by-category">
                {data.byCategory.map((c) => (
                  <li key={`${c.categoryId}${c.currency}`}>
                    {c.category ?? t('subs.uncategorised')}: {perMonthYear(c.monthlyMinor, c.annualMinor, c.currency)}
                  </li>
                ))}
              </ul>
            </div>
            <div>
              <h2 className="section-title">{t('subs.byCard')}</h2>
              <ul className="doc-list" data-testid="subs-by-card">
                {data.byCard.map((c) => (
                  <li key={`${c.cardId}${c.currency}`}>
                    {c.card}: {perMonthYear(c.monthlyMinor, c.annualMinor, c.currency)}
                  </li>
                ))}
              </ul>
            </div>
          </div>
        </>
      )}
      {data !== null && (data.dismissed.length > 0 || reviews.length > 0) && (
        <div className="subs-breakdown subs-past">
          <div>
            <h2 className="section-title">{t('subs.pastReviews')}</h2>
            {reviews.length === 0 ? (
              <p className="muted small">{t('subs.noReview')}</p>
            ) : (
              <ul className="doc-list" data-testid="past-reviews">
                {reviews.map((r) => {
                  const count = (d: Decision) => r.items.filter((i) => i.decision === d).length;
                  return (
                    <li key={r.id} data-testid="past-review">
                      <details>
                        <summary>
                          {date(r.date)}
                          {r.note && ` — ${r.note}`}
                          <span className="muted small"> {t('subs.reviewCounts', { keep: count('keep'), cancel: count('cancel'), check: count('check') })}</span>
                        </summary>
                        <ul className="doc-list">
                          {r.items.map((i) => (
                            <li key={i.key}>
                              {i.merchant} ({money(i.amountMinor, i.currency)}): {t(`subs.decision.${i.decision}` as MessageKey)}
                              {i.note && <span className="muted small"> — {i.note}</span>}
                            </li>
                          ))}
                        </ul>
                      </details>
                    </li>
                  );
                })}
              </ul>
            )}
          </div>
          <div>
            <h2 className="section-title">{t('subs.dismissedTitle')}</h2>
            {data.dismissed.length === 0 ? (
              <p className="muted small">{t('subs.noneDismissed')}</p>
            ) : (
              <ul className="doc-list" data-testid="subs-dismissed">
                {data.dismissed.map((x) => (
                  <li key={x.key} data-testid="dismissed-row">
                    {x.description ?? x.merchant}
                    {x.amountMinor !== null && ` (${money(x.amountMinor, x.currency)})`}{' '}
                    <button type="button" className="link" onClick={() => void mark(x.key, null)} aria-label={t('subs.undoDismissFor', { merchant: x.description ?? x.merchant })} data-testid="undo-dismiss">
                      {t('subs.undoDismiss')}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
