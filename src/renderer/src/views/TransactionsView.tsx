import { Fragment, useEffect, useState } from 'react';
import type { Card, LibraryDocument, Transaction } from '../../../shared/api/contract';
import { openDocument } from '../download';
import { useApi } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';

const PAGE = 500;

export function TransactionsView({ onImport }: { onImport: () => void }) {
  const { t, money, moneyMajor, date } = useI18n();
  const { api, reportError, dataVersion, dataChanged } = useApi();
  const [open, setOpen] = useState<number | null>(null);
  const [docs, setDocs] = useState<LibraryDocument[]>([]);

  useEffect(() => {
    if (open === null) return;
    api.call('documents.forTransaction', { transactionId: open }).then(setDocs, reportError);
  }, [api, reportError, open, dataVersion]);

  const attach = async (transactionId: number, list: FileList | null) => {
    if (!list || list.length === 0) return;
    try {
      const files = await Promise.all(Array.from(list).map(async (f) => ({ name: f.name, data: new Uint8Array(await f.arrayBuffer()) })));
      await api.call('documents.addReceipts', { transactionId, files });
      dataChanged();
    } catch (e) {
      reportError(e);
    }
  };

  const openDoc = (d: LibraryDocument) => openDocument(api, d.id).catch(reportError);
  const [rows, setRows] = useState<Transaction[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [cards, setCards] = useState<Card[]>([]);
  const [month, setMonth] = useState('');
  const [card, setCard] = useState('');
  const [search, setSearch] = useState('');
  const [limit, setLimit] = useState(PAGE);

  useEffect(() => {
    api.call('cards.list', {}).then(setCards, reportError);
  }, [api, reportError, dataVersion]);

  useEffect(() => {
    let stale = false;
    const timer = setTimeout(() => {
      api
        .call('transactions.list', {
          month: month || undefined,
          card: card ? Number(card) : undefined,
          search: search.trim() || undefined,
          limit,
        })
        .then((res) => {
          if (stale) return;
          setRows(res.rows);
          setTotal(res.total);
        }, reportError);
    }, 150);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [api, reportError, month, card, search, limit, dataVersion]);

  // Totals per currency of what is shown (a JPY card and a USD card never add up); paying the
  // card bill is not spending, so payments stay out.
  const totals = new Map<string, number>();
  for (const r of rows) if (r.kind !== 'payment') totals.set(r.currency, (totals.get(r.currency) ?? 0) + r.amountMinor);
  const noData = total === 0 && !month && !card && !search;

  return (
    <section className="view" aria-labelledby="tx-title">
      <h1 id="tx-title">{t('tx.title')}</h1>
      <div className="toolbar" role="search">
        <label>
          <span className="sr-only">{t('tx.month')}</span>
          <input type="month" aria-label={t('tx.month')} value={month} onChange={(e) => setMonth(e.target.value)} />
        </label>
        <select aria-label={t('tx.card')} value={card} onChange={(e) => setCard(e.target.value)}>
          <option value="">{t('tx.allCards')}</option>
          {cards.map((c) => (
            <option key={c.id} value={String(c.id)}>
              {c.name}
            </option>
          ))}
        </select>
        <input type="search" className="search" placeholder={t('tx.search')} aria-label={t('tx.search')} value={search} onChange={(e) => setSearch(e.target.value)} />
        <span className="spacer" />
        {total !== null && (
          <span className="muted" data-testid="tx-count">
            {rows.length < total ? t('tx.shown', { shown: rows.length, total }) : t('tx.count', { n: total })}
          </span>
        )}
      </div>
      {total === null ? (
        <p className="muted">{t('loading')}</p>
      ) : noData ? (
        <div className="empty">
          <p>{t('tx.empty')}</p>
          <button type="button" className="primary" onClick={onImport}>
            {t('nav.import')}
          </button>
        </div>
      ) : rows.length === 0 && total !== null ? (
        <p className="muted">{t('tx.noMatch')}</p>
      ) : (
        <table className="grid" data-testid="tx-table">
          <thead>
            <tr>
              <th>{t('tx.col.date')}</th>
              <th>{t('tx.col.description')}</th>
              <th>{t('tx.col.card')}</th>
              <th>{t('tx.col.holder')}</th>
              <th>{t('tx.col.category')}</th>
              <th className="num">{t('tx.col.amount')}</th>
              <th>{t('tx.documents')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <Fragment key={r.id}>
              <tr data-kind={r.kind}>
                <td className="nowrap">{date(r.date)}</td>
                <td>
                  {r.description}
                  {r.kind !== 'purchase' && <span className={`badge kind-${r.kind}`}>{t(`kind.${r.kind}` as MessageKey)}</span>}
                  {r.memo && <div className="muted small">{r.memo}</div>}
                </td>
                <td>{r.cardName}</td>
                <td>{r.cardholder ?? ''}</td>
                <td>{r.category ?? ''}</td>
                <td className={r.amountMinor < 0 ? 'num credit' : 'num'}>
                  {money(r.amountMinor, r.currency)}
                  {r.originalAmount !== null && r.originalCurrency && (
                    <div className="muted small" title={r.fxRate !== null ? `@ ${r.fxRate}` : undefined}>
                      {moneyMajor(r.originalAmount, r.originalCurrency)}
                    </div>
                  )}
                </td>
                <td>
                  <button type="button" className="link" aria-expanded={open === r.id} onClick={() => setOpen(open === r.id ? null : r.id)} data-testid="tx-docs">
                    {r.documents.length}
                  </button>
                </td>
              </tr>
              {open === r.id && (
                <tr className="detail">
                  <td colSpan={7}>
                    <ul className="doc-list">
                      {docs.map((d) => (
                        <li key={d.id}>
                          <button type="button" className="link" onClick={() => void openDoc(d)}>
                            {d.path.split('/').pop()}
                          </button>{' '}
                          <span className="muted small">{d.kind}</span>
                        </li>
                      ))}
                    </ul>
                    <label className="attach">
                      {t('tx.attach')}{' '}
                      <input type="file" multiple accept="image/*,application/pdf" data-testid="tx-attach" onChange={(e) => {
                        void attach(r.id, e.target.files);
                        e.target.value = '';
                      }} />
                    </label>
                  </td>
                </tr>
              )}
              </Fragment>
            ))}
          </tbody>
          <tfoot>
            {[...totals].map(([cur, sum]) => (
              <tr key={cur}>
                <td colSpan={5}>{t('tx.total')}</td>
                <td className="num" data-testid={`tx-total-${cur}`}>
                  {money(sum, cur)}
                </td>
                <td />
              </tr>
            ))}
          </tfoot>
        </table>
      )}
      {total !== null && rows.length < total && (
        <button type="button" onClick={() => setLimit((l) => l + PAGE)}>
          {t('tx.more')}
        </button>
      )}
    </section>
  );
}
