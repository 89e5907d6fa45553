/**
 * The document library: statements and receipts by month and card, the rows each documents, an
 * integrity check with repair, a month bundle for the accountant, and receipts dropped here
 * matched to their transaction by date and amount.
 */
import { useCallback, useEffect, useState, type DragEvent } from 'react';
import type { Card, LibraryCheck, LibraryDocument, Transaction } from '../../../shared/api/contract';
import { downloadBytes, openDocument } from '../download';
import { useApi } from '../hooks';
import { parseAmount, toMajor } from '../../../core/money';
import { useI18n, type MessageKey } from '../i18n';
import { CurrencyOptions } from './CurrencyOptions';

interface Suggestion {
  id: number;
  date: string;
  description: string;
  amountMinor: number;
  currency: string;
  cardName: string;
}

export function FilesView({ desktop, homeCurrency }: { desktop: boolean; homeCurrency: string }) {
  const { t, money, date, number } = useI18n();
  const { api, reportError, dataVersion, dataChanged } = useApi();
  const [month, setMonth] = useState('');
  const [card, setCard] = useState('');
  const [cards, setCards] = useState<Card[]>([]);
  const [root, setRoot] = useState('');
  const [docs, setDocs] = useState<LibraryDocument[] | null>(null);
  const [check, setCheck] = useState<LibraryCheck | null>(null);
  const [selected, setSelected] = useState<LibraryDocument | null>(null);
  const [rows, setRows] = useState<Transaction[]>([]);
  const [receipt, setReceipt] = useState<{ name: string; data: Uint8Array; date: string; amount: string; currency: string } | null>(null);
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(() => {
    api.call('files.list', { month: month || undefined, card: card ? Number(card) : undefined }).then((r) => {
      setRoot(r.root);
      setDocs(r.documents);
    }, reportError);
  }, [api, reportError, month, card]);
  useEffect(load, [load, dataVersion]);
  useEffect(() => {
    api.call('cards.list', {}).then(setCards, reportError);
  }, [api, reportError, dataVersion]);

  useEffect(() => {
    if (!selected) return;
    api.call('transactions.list', { document: selected.id, limit: 500 }).then((r) => setRows(r.rows), reportError);
  }, [api, reportError, selected]);

  useEffect(() => {
    if (!receipt) return;
    // In the receipt's currency (the home currency unless chosen), read as statements print amounts
    // (`1,234`, `￥1,234`, `12.50`, full-width digits); one that does not read matches by date only.
    const parsed = receipt.amount.trim() ? parseAmount(receipt.amount, receipt.currency) : null;
    const amount = parsed?.ok ? toMajor(parsed.minor, receipt.currency) : null;
    // Only the answer to the latest date and amount counts (typing sends one request per change).
    let current = true;
    api.call('documents.suggest', { date: receipt.date, amount, currency: amount !== null ? receipt.currency : null }).then((s) => current && setSuggestions(s), reportError);
    return () => {
      current = false;
    };
  }, [api, reportError, receipt]);

  const open = (d: LibraryDocument, reveal = false) => openDocument(api, d.id, reveal).catch(reportError);

  const runCheck = async () => {
    try {
      setCheck(await api.call('files.check', {}));
    } catch (e) {
      reportError(e);
    }
  };

  const repair = async () => {
    try {
      const r = await api.call('files.repair', {});
      setCheck(r);
      setNotice(t('files.repaired', { n: r.repaired }));
      load();
    } catch (e) {
      reportError(e);
    }
  };

  const bundle = async () => {
    if (!month) return;
    try {
      const b = await api.call('files.bundle', { month, card: card ? Number(card) : undefined });
      downloadBytes(b.name, 'application/zip', b.data);
      setNotice(t('files.bundled', { name: b.name, n: b.transactions, files: b.files }));
    } catch (e) {
      reportError(e);
    }
  };

  const onDrop = async (e: DragEvent) => {
    e.preventDefault();
    const f = e.dataTransfer.files[0];
    if (!f) return;
    const fromName = /(\d{4})[-_]?(\d{2})[-_]?(\d{2})/.exec(f.name);
    const d = fromName ? `${fromName[1]}-${fromName[2]}-${fromName[3]}` : new Date(f.lastModified).toISOString().slice(0, 10);
    setReceipt({ name: f.name, data: new Uint8Array(await f.arrayBuffer()), date: d, amount: '', currency: homeCurrency });
  };

  const attach = async (s: Suggestion) => {
    if (!receipt) return;
    try {
      await api.call('documents.addReceipts', { transactionId: s.id, files: [{ name: receipt.name, data: receipt.data }] });
      setNotice(t('files.attached', { file: receipt.name, tx: s.description }));
      setReceipt(null);
      setSuggestions([]);
      dataChanged();
    } catch (e) {
      reportError(e);
    }
  };

  return (
    <section className="view" aria-labelledby="files-title">
      <h1 id="files-title">{t('files.title')}</h1>
      <p className="muted small">
        {t('files.root')}: <code className="path">{root}</code>
      </p>
      <div className="toolbar">
        <input type="month" aria-label={t('tx.month')} value={month} onChange={(e) => setMonth(e.target.value)} />
        <select aria-label={t('tx.card')} value={card} onChange={(e) => setCard(e.target.value)}>
          <option value="">{t('tx.allCards')}</option>
          {cards.map((c) => (
            <option key={c.id} value={String(c.id)}>
              {c.name}
            </option>
          ))}
        </select>
        <span className="spacer" />
        <button type="button" onClick={() => void runCheck()} data-testid="files-check">
          {t('files.check')}
        </button>
        <button type="button" className="primary" disabled={!month} onClick={() => void bundle()} data-testid="files-bundle" title={month ? undefined : t('files.bundle.needMonth')}>
          {t('files.bundle')}
        </button>
      </div>

      {notice && (
        <div className="banner success" role="status">
          {notice}
        </div>
      )}

      {check && (
        <div className={check.ok ? 'banner success' : 'banner error'} role="status" data-testid="files-check-result">
          {check.ok ? (
            <span>{t('files.check.ok')}</span>
          ) : (
            <>
              <span>{t('files.check.problems', { missing: check.missing.length, changed: check.changed.length, unknown: check.unknown.length })}</span>
              <ul className="small">
                {[...check.missing.map((p) => [t('files.missing'), p]), ...check.changed.map((p) => [t('files.changed'), p]), ...check.unknown.map((p) => [t('files.unknown'), p])].map(([label, p]) => (
                  <li key={`${label}${p}`}>
                    {label}: <code>{p}</code>
                  </li>
                ))}
              </ul>
              <button type="button" onClick={() => void repair()} data-testid="files-repair">
                {t('files.repair')}
              </button>
            </>
          )}
        </div>
      )}

      <div className="dropzone small-drop" data-testid="receipt-drop" onDragOver={(e) => e.preventDefault()} onDrop={(e) => void onDrop(e)}>
        <p>{t('files.dropReceipt')}</p>
      </div>

      {receipt && (
        <div className="file-preview" data-testid="receipt-match">
          <header>
            <h2>{receipt.name}</h2>
          </header>
          <div className="toolbar">
            <label>
              {t('tx.col.date')} <input type="date" value={receipt.date} onChange={(e) => setReceipt({ ...receipt, date: e.target.value })} />
            </label>
            <label>
              {t('tx.col.amount')} <input inputMode="decimal" value={receipt.amount} onChange={(e) => setReceipt({ ...receipt, amount: e.target.value })} aria-label={t('tx.col.amount')} />
            </label>
            <select aria-label={t('ws.fx.currency')} value={receipt.currency} onChange={(e) => setReceipt({ ...receipt, currency: e.target.value })} data-testid="receipt-currency">
              <CurrencyOptions />
            </select>
            <span className="spacer" />
            <button type="button" onClick={() => setReceipt(null)}>
              {t('import.cancel')}
            </button>
          </div>
          {suggestions.length === 0 ? (
            <p className="muted">{t('files.noSuggestions')}</p>
          ) : (
            <table className="grid compact">
              <tbody>
                {suggestions.map((s) => (
                  <tr key={s.id}>
                    <td>{date(s.date)}</td>
                    <td>
                      <bdi>{s.description}</bdi>
                    </td>
                    <td>{s.cardName}</td>
                    <td className="num">{money(s.amountMinor, s.currency)}</td>
                    <td>
                      <button type="button" onClick={() => void attach(s)}>
                        {t('files.attach')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}

      {docs === null ? (
        <p className="muted">{t('loading')}</p>
      ) : docs.length === 0 ? (
        <p className="muted">{t('files.empty')}</p>
      ) : (
        <table className="grid" data-testid="files-table">
          <thead>
            <tr>
              <th>{t('tx.month')}</th>
              <th>{t('tx.card')}</th>
              <th>{t('files.kind')}</th>
              <th>{t('files.name')}</th>
              <th className="num">{t('files.rows')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {docs.map((d) => (
              <tr key={d.id} className={selected?.id === d.id ? 'selected' : undefined}>
                <td className="nowrap">{d.month ?? '—'}</td>
                <td>{d.cardName ?? '—'}</td>
                <td>{t(`files.kind.${d.kind}` as MessageKey)}</td>
                <td>
                  <div>{d.path.split('/').pop()}</div>
                  <div className="muted small">
                    {d.path} · {number(Math.ceil(d.size / 1024))} KB
                  </div>
                </td>
                <td className="num">
                  <button type="button" className="link" onClick={() => setSelected(selected?.id === d.id ? null : d)}>
                    {d.transactions}
                  </button>
                </td>
                <td className="nowrap">
                  <button type="button" onClick={() => void open(d)}>
                    {desktop ? t('files.open') : t('files.download')}
                  </button>
                  {desktop && (
                    <button type="button" onClick={() => void open(d, true)}>
                      {t('files.reveal')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {selected && (
        <>
          <h2 className="section-title">{t('files.documents', { name: selected.path.split('/').pop() ?? '' })}</h2>
          <table className="grid compact" data-testid="files-rows">
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{date(r.date)}</td>
                  <td>
                    <bdi>{r.description}</bdi>
                  </td>
                  <td className="num">{money(r.amountMinor, r.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
