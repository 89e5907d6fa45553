/**
 * One transaction in full, beside the table: names, memo, tags, foreign amounts, its files.
 * The parent keys it by row and saved values, so the form starts over when they change.
 */
import { useEffect, useState } from 'react';
import type { Category, LibraryDocument, Transaction, TransactionEdit } from '../../../../shared/api/contract';
import { openDocument } from '../../download';
import { useApi } from '../../hooks';
import { useI18n, type MessageKey } from '../../i18n';
import { isCurrencyCode, minorUnits, parseAmount, toMajor } from '../../../../core/money';
import { formatPrintedRate, formatRate } from '../../../../core/fx';
import { errorText } from '../../errors';
import { CategoryOptions } from '../CategoryOptions';
import { CurrencyDatalist } from '../CurrencyOptions';

export function DetailPanel({
  tx,
  categories,
  onEdit,
  onClose,
  panelRef,
}: {
  tx: Transaction;
  categories: Category[];
  onEdit: (set: TransactionEdit) => Promise<void>;
  onClose: () => void;
  /** The panel itself (focusable), so the table can move keyboard focus into it. */
  panelRef?: React.Ref<HTMLElement>;
}) {
  const { t, money, moneyMajor, date, locale } = useI18n();
  const intlLocale = locale === 'ja' ? 'ja-JP' : 'en-US';
  // The amount the printed rate gives, in magnitude: the fee is counted against it (a refund's the other way round).
  const atPrinted = tx.fxFeeMinor === null ? 0 : tx.amountMinor < 0 ? Math.abs(tx.amountMinor) + tx.fxFeeMinor : Math.abs(tx.amountMinor) - tx.fxFeeMinor;
  const { api, reportError, dataVersion, dataChanged } = useApi();
  const [docs, setDocs] = useState<LibraryDocument[]>([]);
  const [memo, setMemo] = useState(tx.memo ?? '');
  const [name, setName] = useState(tx.displayName ?? '');
  const [tag, setTag] = useState('');

  useEffect(() => {
    api.call('documents.forTransaction', { transactionId: tx.id }).then(setDocs, reportError);
  }, [api, reportError, tx.id, dataVersion]);

  const attach = async (list: FileList | null) => {
    if (!list || list.length === 0) return;
    try {
      const files = await Promise.all(Array.from(list).map(async (f) => ({ name: f.name, data: new Uint8Array(await f.arrayBuffer()) })));
      await api.call('documents.addReceipts', { transactionId: tx.id, files });
      dataChanged();
    } catch (e) {
      reportError(e);
    }
  };


  return (
    <aside ref={panelRef} tabIndex={-1} className="detail-panel" aria-label={t('ws.detail.title')} data-testid="detail-panel" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <header>
        <h2>
          <bdi>{tx.displayName ?? tx.description}</bdi>
        </h2>
        <button type="button" onClick={onClose} aria-label={t('ws.detail.close')} title={t('ws.detail.keys')} data-testid="detail-close">
          ×
        </button>
      </header>
      <dl className="facts">
        <dt>{t('tx.col.date')}</dt>
        <dd>
          {date(tx.date)}
          {tx.postedDate && <span className="muted small"> ({t('ws.detail.posted')} {date(tx.postedDate)})</span>}
        </dd>
        <dt>{t('tx.col.amount')}</dt>
        <dd className={tx.amountMinor < 0 ? 'credit' : ''}>{money(tx.amountMinor, tx.currency)}</dd>
        {tx.originalAmount !== null && tx.originalCurrency && (
          <>
            <dt>{t('ws.detail.foreign')}</dt>
            <dd data-testid="detail-foreign">{moneyMajor(tx.originalAmount, tx.originalCurrency)}</dd>
            {tx.fxRate !== null && (
              <>
                <dt>{t('ws.fx.printed')}</dt>
                <dd data-testid="detail-printed">{formatPrintedRate(tx.fxRate, intlLocale)}</dd>
              </>
            )}
            {tx.impliedRate !== null && (
              <>
                <dt>{t('ws.fx.implied')}</dt>
                <dd data-testid="detail-implied">{formatRate(tx.impliedRate, intlLocale)}</dd>
              </>
            )}
            {tx.fxFeeMinor !== null && (
              <>
                <dt>{t('ws.fx.fee')}</dt>
                <dd data-testid="detail-fee">
                  {money(tx.fxFeeMinor, tx.currency)}
                  {atPrinted !== 0 && <span className="muted small"> ({new Intl.NumberFormat(intlLocale, { style: 'percent', minimumFractionDigits: 2 }).format(tx.fxFeeMinor / atPrinted)})</span>}
                </dd>
              </>
            )}
          </>
        )}
        <dt>{t('tx.col.card')}</dt>
        <dd>
          {tx.cardName}
          {tx.cardholder && <span className="muted small"> / {tx.cardholder}</span>}
        </dd>
        <dt>{t('ws.detail.kind')}</dt>
        <dd>{t(`kind.${tx.kind}` as MessageKey)}</dd>
        <dt>{t('ws.detail.printed')}</dt>
        <dd>
          <bdi>{tx.description}</bdi>
        </dd>
        <dt>{t('ws.detail.merchant')}</dt>
        <dd className="muted">
          <bdi>{tx.merchant}</bdi>
        </dd>
      </dl>
      <label className="field">
        {t('ws.detail.category')}
        {tx.categoryManual && <span className="muted small"> ({t('ws.detail.manual')})</span>}
        <select value={tx.categoryId === null ? '' : String(tx.categoryId)} onChange={(e) => void onEdit({ categoryId: e.target.value ? Number(e.target.value) : null })} data-testid="detail-category">
          <option value="">{t('ws.noCategory')}</option>
          <CategoryOptions categories={categories} />
        </select>
      </label>
      <form
        className="field"
        onSubmit={(e) => {
          e.preventDefault();
          void onEdit({ displayName: name });
        }}
      >
        <label htmlFor="detail-name">{t('ws.detail.displayName')}</label>
        <span className="inline-form">
          <input id="detail-name" value={name} placeholder={tx.description} onChange={(e) => setName(e.target.value)} data-testid="detail-name" />
          <button type="submit">{t('ws.detail.save')}</button>
        </span>
      </form>
      <form
        className="field"
        onSubmit={(e) => {
          e.preventDefault();
          void onEdit({ memo });
        }}
      >
        <label htmlFor="detail-memo">{t('ws.detail.memo')}</label>
        <textarea id="detail-memo" rows={3} value={memo} onChange={(e) => setMemo(e.target.value)} data-testid="detail-memo" />
        <button type="submit">{t('ws.detail.save')}</button>
      </form>
      <ForeignForm tx={tx} />
      {tx.kind !== 'payment' && <TrackSubscription transactionId={tx.id} />}
      <div className="field">
        <span>{t('ws.detail.tags')}</span>
        <span className="tag-list">
          {tx.tags.map((g) => (
            <button key={g} type="button" className="chip" aria-label={t('ws.detail.removeTag', { tag: g })} onClick={() => void onEdit({ removeTags: [g] })}>
              {g} ×
            </button>
          ))}
        </span>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (tag.trim()) void onEdit({ addTags: [tag.trim()] }).then(() => setTag(''));
          }}
        >
          <input aria-label={t('ws.detail.addTag')} placeholder={t('ws.detail.addTag')} value={tag} onChange={(e) => setTag(e.target.value)} data-testid="detail-tag" />
          <button type="submit">+</button>
        </form>
      </div>
      <div className="field">
        <span>{t('tx.documents')}</span>
        <ul className="doc-list">
          {docs.map((d) => (
            <li key={d.id}>
              <button type="button" className="link" onClick={() => void openDocument(api, d.id).catch(reportError)}>
                {d.path.split('/').pop()}
              </button>{' '}
              <span className="muted small" data-testid="doc-kind">
                {t(`files.kind.${d.kind}`)}
              </span>
            </li>
          ))}
        </ul>
        <label className="attach">
          {t('tx.attach')}{' '}
          <input
            type="file"
            multiple
            accept="image/*,application/pdf"
            data-testid="tx-attach"
            onChange={(e) => {
              void attach(e.target.files);
              e.target.value = '';
            }}
          />
        </label>
      </div>
    </aside>
  );
}

/**
 * The foreign amount by hand (from a receipt), or cleared. Saved here rather than through the
 * workspace's edit: a failed save keeps the form open with the reason, in the user's language.
 */
function ForeignForm({ tx }: { tx: Transaction }) {
  const { t } = useI18n();
  const { api, dataChanged } = useApi();
  const [open, setOpen] = useState(false);
  const [amount, setAmount] = useState(tx.originalAmount === null ? '' : String(Math.abs(tx.originalAmount)));
  const [currency, setCurrency] = useState(tx.originalCurrency ?? (tx.currency === 'USD' ? 'EUR' : 'USD'));
  const [rate, setRate] = useState(tx.fxRate ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async (foreign: TransactionEdit['foreign']) => {
    setBusy(true);
    setError(null);
    try {
      await api.call('transactions.update', { ids: [tx.id], set: { foreign } });
      setOpen(false);
      dataChanged();
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };
  const submit = () => {
    const code = currency.trim().toUpperCase();
    if (!isCurrencyCode(code)) return setError(t('err.fx.currency', { currency: code || '—' }));
    // As people type it: `1,234.50`, full-width `１２．５０`, `€12.50`.
    const parsed = parseAmount(amount, code);
    if (!parsed.ok) {
      return setError(/more decimals/.test(parsed.reason) ? t('err.fx.decimals', { currency: code, digits: minorUnits(code) }) : t('err.fx.amount', { amount: amount.trim() }));
    }
    // The core puts the original on the billed amount's side (a refund's original is negative).
    void save({ amount: toMajor(Math.abs(parsed.minor), code), currency: code, rate: rate.trim() || null });
  };
  if (!open) {
    return (
      <div className="field">
        <button type="button" className="link" onClick={() => setOpen(true)} data-testid="fx-edit">
          {t('ws.fx.edit')}
        </button>
      </div>
    );
  }
  return (
    <form
      className="field fx-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      data-testid="fx-form"
    >
      <span className="muted small">{t('ws.fx.hint')}</span>
      <label>
        {t('ws.fx.amount')} <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} size={10} data-testid="fx-amount" />
      </label>
      <label>
        {t('ws.fx.currency')}{' '}
        <input value={currency} maxLength={3} size={4} list="fx-currency-codes" autoComplete="off" onChange={(e) => setCurrency(e.target.value.toUpperCase())} data-testid="fx-currency" />
        <CurrencyDatalist id="fx-currency-codes" />
      </label>
      <label>
        {t('ws.fx.rate')} <input inputMode="decimal" value={rate} onChange={(e) => setRate(e.target.value)} size={10} data-testid="fx-rate" />
      </label>
      {error && (
        <span className="error-text" role="alert" data-testid="fx-error">
          {error}
        </span>
      )}
      <span className="inline-form">
        <button type="submit" className="primary" disabled={busy} data-testid="fx-save">
          {t('ws.fx.save')}
        </button>
        {tx.originalAmount !== null && (
          <button type="button" disabled={busy} onClick={() => void save(null)} data-testid="fx-clear">
            {t('ws.fx.clear')}
          </button>
        )}
        <button type="button" onClick={() => setOpen(false)}>
          {t('import.cancel')}
        </button>
      </span>
    </form>
  );
}

/** Add the merchant to subscriptions by hand, with its cadence (when detection has missed it). */
function TrackSubscription({ transactionId }: { transactionId: number }) {
  const { t } = useI18n();
  const { api, reportError, dataChanged } = useApi();
  const [cadence, setCadence] = useState<'weekly' | 'monthly' | 'quarterly' | 'yearly'>('monthly');
  const [done, setDone] = useState(false);
  return (
    <div className="field">
      <span className="inline-form">
        <select aria-label={t('subs.col.cadence')} value={cadence} onChange={(e) => setCadence(e.target.value as typeof cadence)}>
          {(['weekly', 'monthly', 'quarterly', 'yearly'] as const).map((c) => (
            <option key={c} value={c}>
              {t(`subs.cadence.${c}` as MessageKey)}
            </option>
          ))}
        </select>
        <button
          type="button"
          onClick={() =>
            void api.call('subscriptions.add', { transactionId, cadence }).then(() => {
              setDone(true);
              dataChanged();
            }, reportError)
          }
          data-testid="sub-track"
        >
          {t('ws.sub.track')}
        </button>
      </span>
      {done && <span className="muted small">{t('ws.sub.tracked')}</span>}
    </div>
  );
}
