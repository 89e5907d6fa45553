/**
 * One transaction in full, beside the table: names, memo, tags, foreign amounts, its files.
 * The parent keys it by row and saved values, so the form starts over when they change.
 */
import { useEffect, useState } from 'react';
import type { Category, LibraryDocument, Transaction, TransactionEdit } from '../../../../shared/api/contract';
import { openDocument } from '../../download';
import { useApi } from '../../hooks';
import { useI18n, type MessageKey } from '../../i18n';

export function DetailPanel({ tx, categories, onEdit, onClose }: { tx: Transaction; categories: Category[]; onEdit: (set: TransactionEdit) => Promise<void>; onClose: () => void }) {
  const { t, money, moneyMajor, date } = useI18n();
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

  // The rate implied by the two amounts, beside the printed one: the gap is the overseas fee.
  const implied = tx.originalAmount ? Math.abs(tx.amount / tx.originalAmount) : null;

  return (
    <aside className="detail-panel" aria-label={t('ws.detail.title')} data-testid="detail-panel" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <header>
        <h2>{tx.displayName ?? tx.description}</h2>
        <button type="button" onClick={onClose} aria-label={t('ws.detail.close')} data-testid="detail-close">
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
            <dd>
              {moneyMajor(tx.originalAmount, tx.originalCurrency)}
              {tx.fxRate !== null && (
                <span className="muted small">
                  {' '}
                  {t('ws.detail.rate')} {tx.fxRate}
                  {implied !== null && ` / ${implied.toFixed(4)}`}
                </span>
              )}
            </dd>
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
        <dd>{tx.description}</dd>
        <dt>{t('ws.detail.merchant')}</dt>
        <dd className="muted">{tx.merchant}</dd>
      </dl>
      <label className="field">
        {t('ws.detail.category')}
        {tx.categoryManual && <span className="muted small"> ({t('ws.detail.manual')})</span>}
        <select value={tx.categoryId === null ? '' : String(tx.categoryId)} onChange={(e) => void onEdit({ categoryId: e.target.value ? Number(e.target.value) : null })} data-testid="detail-category">
          <option value="">{t('ws.noCategory')}</option>
          {categories.map((c) => (
            <option key={c.id} value={String(c.id)}>
              {c.name}
            </option>
          ))}
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
              <span className="muted small">{d.kind}</span>
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
