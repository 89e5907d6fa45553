/**
 * Foreign currencies at a glance: what was paid in each currency per month (chart and table), the
 * rate it came to and what conversion cost beyond the printed rate; and trips in both currencies.
 */
import { useEffect, useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { CurrencyMonth, Tag, TransactionFilter, Trip } from '../../../shared/api/contract';
import { formatRate } from '../../../core/fx';
import { toMajor } from '../../../core/money';
import { errorText } from '../errors';
import { useApi } from '../hooks';
import { useI18n } from '../i18n';

const EMPTY_DRAFT = { id: null as number | null, name: '', from: '', to: '', tag: '' };

const PALETTE = ['#1f5fbf', '#e4572e', '#4c9f70', '#f3a712', '#8e6c8a', '#00798c', '#d1495b', '#3d5a80'];

export function ForeignView({ homeCurrency, onShowRows }: { homeCurrency: string; onShowRows: (filter: TransactionFilter) => void }) {
  const { t, money, moneyMajor, number, locale } = useI18n();
  const { api, reportError, dataVersion } = useApi();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [months, setMonths] = useState<CurrencyMonth[] | null>(null);
  const [trips, setTrips] = useState<Trip[]>([]);
  const [tags, setTags] = useState<Tag[]>([]);
  // The trip being added (id null) or edited.
  const [draft, setDraft] = useState(EMPTY_DRAFT);
  const [tripError, setTripError] = useState<string | null>(null);
  const intlLocale = locale === 'ja' ? 'ja-JP' : 'en-US';

  useEffect(() => {
    const range = { ...(from ? { from: `${from}-01` } : {}), ...(to ? { to: `${to}-31` } : {}) };
    api.call('fx.summary', range).then(setMonths, reportError);
  }, [api, reportError, from, to, dataVersion]);
  useEffect(() => {
    api.call('trips.list', {}).then(setTrips, reportError);
    api.call('tags.list', {}).then(setTags, reportError);
  }, [api, reportError, dataVersion]);

  // One bar per month, one stack per original currency, in the home (billing) currency.
  const { data, currencies } = useMemo(() => {
    const rows = (months ?? []).filter((m) => m.billedCurrency === homeCurrency);
    const currencies = [...new Set(rows.map((m) => m.currency))];
    const byMonth = new Map<string, Record<string, number | string>>();
    for (const m of rows) {
      const entry = byMonth.get(m.month) ?? byMonth.set(m.month, { month: m.month }).get(m.month)!;
      entry[m.currency] = toMajor(m.billedTotalMinor, m.billedCurrency);
    }
    return { data: [...byMonth.values()], currencies };
  }, [months, homeCurrency]);

  const saveTrip = async () => {
    setTripError(null);
    try {
      await api.call('trips.save', { ...(draft.id !== null ? { id: draft.id } : {}), name: draft.name, from: draft.from || null, to: draft.to || null, tag: draft.tag || null });
      setDraft(EMPTY_DRAFT);
      setTrips(await api.call('trips.list', {}));
    } catch (e) {
      setTripError(errorText(e, t));
    }
  };
  const editTrip = (trip: Trip) => {
    setTripError(null);
    setDraft({ id: trip.id, name: trip.name, from: trip.from ?? '', to: trip.to ?? '', tag: trip.tag ?? '' });
  };
  // A trip's tag may since have been deleted: keep it choosable while editing that trip.
  const tagNames = [...new Set([...tags.map((g) => g.name), ...(draft.tag ? [draft.tag] : [])])];

  return (
    <div className="foreign-view" data-testid="foreign-view">
      <h2 className="section-title">{t('fx.title')}</h2>
      <div className="toolbar">
        <label>
          {t('fx.from')} <input type="month" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('fx.to')} <input type="month" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
      </div>
      {months === null ? (
        <p className="muted">{t('loading')}</p>
      ) : months.length === 0 ? (
        <p className="muted" data-testid="fx-empty">
          {t('fx.empty')}
        </p>
      ) : (
        <>
          {data.length > 0 && (
            <figure className="chart" aria-label={t('fx.chart')}>
              <figcaption className="muted small">{t('fx.chart')}</figcaption>
              <ResponsiveContainer width="100%" height={240}>
                <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="month" />
                  <YAxis tickFormatter={(v: number) => number(v)} width={80} />
                  <Tooltip formatter={(v) => moneyMajor(Number(v), homeCurrency)} />
                  <Legend />
                  {currencies.map((c, i) => (
                    <Bar key={c} dataKey={c} stackId="fx" fill={PALETTE[i % PALETTE.length]} isAnimationActive={false} />
                  ))}
                </BarChart>
              </ResponsiveContainer>
            </figure>
          )}
          <table className="grid compact" data-testid="fx-table">
            <thead>
              <tr>
                <th>{t('fx.col.month')}</th>
                <th>{t('fx.col.currency')}</th>
                <th className="num">{t('fx.col.count')}</th>
                <th className="num">{t('fx.col.original')}</th>
                <th className="num">{t('fx.col.billed')}</th>
                <th className="num">{t('fx.col.rate')}</th>
                <th className="num">{t('fx.col.fee')}</th>
              </tr>
            </thead>
            <tbody>
              {months.map((m) => (
                <tr key={`${m.month}${m.currency}${m.billedCurrency}`}>
                  <td>{m.month}</td>
                  <td>{m.currency}</td>
                  <td className="num">{number(m.count)}</td>
                  <td className="num">{moneyMajor(m.originalTotal, m.currency)}</td>
                  <td className="num">{money(m.billedTotalMinor, m.billedCurrency)}</td>
                  <td className="num">{m.averageRate === null ? '—' : formatRate(m.averageRate, intlLocale)}</td>
                  <td className="num">{m.rowsWithRate === 0 ? '—' : money(m.feeMinor, m.billedCurrency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">{t('fx.feeNote')}</p>
        </>
      )}

      <h2 className="section-title">{t('trips.title')}</h2>
      <p className="muted small">{t('trips.hint')}</p>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          void saveTrip();
        }}
        data-testid="trip-form"
      >
        <input aria-label={t('trips.name')} placeholder={t('trips.name')} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} data-testid="trip-name" required />
        <label>
          {t('trips.from')} <input type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} data-testid="trip-from" />
        </label>
        <label>
          {t('trips.to')} <input type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} data-testid="trip-to" />
        </label>
        <label>
          {t('trips.tag')}{' '}
          <select value={draft.tag} onChange={(e) => setDraft({ ...draft, tag: e.target.value })} data-testid="trip-tag">
            <option value="">{t('trips.noTag')}</option>
            {tagNames.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" data-testid="trip-add">
          {draft.id === null ? t('trips.add') : t('trips.save')}
        </button>
        {draft.id !== null && (
          <button
            type="button"
            onClick={() => {
              setDraft(EMPTY_DRAFT);
              setTripError(null);
            }}
            data-testid="trip-cancel"
          >
            {t('import.cancel')}
          </button>
        )}
        {tripError && (
          <span className="error-text" role="alert" data-testid="trip-error">
            {tripError}
          </span>
        )}
      </form>
      {trips.length === 0 ? (
        <p className="muted">{t('trips.none')}</p>
      ) : (
        <table className="grid" data-testid="trips-table">
          <thead>
            <tr>
              <th>{t('trips.name')}</th>
              <th className="num">{t('fx.col.count')}</th>
              <th className="num">{t('trips.billed')}</th>
              <th className="num">{t('trips.original')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {trips.map((trip) => (
              <tr key={trip.id} data-testid="trip-row" className={trip.id === draft.id ? 'selected' : undefined}>
                <td>
                  <strong>{trip.name}</strong>
                  <div className="muted small">
                    {[trip.from, trip.to].filter(Boolean).join(' – ')}
                    {trip.tag && <span className="chip">{trip.tag}</span>}
                  </div>
                </td>
                <td className="num">{t('trips.count', { n: trip.count })}</td>
                <td className="num" data-testid="trip-billed">
                  {trip.billed.map((b) => (
                    <div key={b.currency}>
                      {money(b.totalMinor, b.currency)}
                      {b.feeMinor !== 0 && <div className="muted small">{t('trips.fee', { fee: money(b.feeMinor, b.currency) })}</div>}
                    </div>
                  ))}
                </td>
                <td className="num" data-testid="trip-original">
                  {trip.original.map((o) => (
                    <div key={o.currency}>{moneyMajor(o.total, o.currency)}</div>
                  ))}
                </td>
                <td>
                  <button type="button" className="link" onClick={() => onShowRows(trip.filter)} data-testid="trip-show">
                    {t('trips.show')}
                  </button>{' '}
                  <button type="button" onClick={() => editTrip(trip)} data-testid="trip-edit">
                    {t('trips.edit')}
                  </button>{' '}
                  <button
                    type="button"
                    onClick={() => {
                      if (window.confirm(t('trips.confirmDelete', { name: trip.name }))) void api.call('trips.delete', { id: trip.id }).then(() => api.call('trips.list', {}).then(setTrips), reportError);
                    }}
                  >
                    {t('trips.delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
