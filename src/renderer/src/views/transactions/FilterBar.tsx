/** The filters over the ledger: the common ones always shown, the rest behind "More filters". */
import { useState } from 'react';
import type { Card, Cardholder, Category, SavedFilter, Tag, TransactionFilter } from '../../../../shared/api/contract';
import { useI18n, type MessageKey } from '../../i18n';
import { CategoryOptions } from '../CategoryOptions';

const KINDS = ['purchase', 'refund', 'payment', 'fee', 'other'] as const;

export interface FilterBarProps {
  filter: TransactionFilter;
  onChange: (f: TransactionFilter) => void;
  cards: Card[];
  /** Cardholders per card (`cardholders.list`). */
  cardholders: Cardholder[];
  categories: Category[];
  tags: Tag[];
  saved: SavedFilter[];
  onSave: (name: string) => void;
  onDeleteSaved: (id: number) => void;
  searchRef: React.RefObject<HTMLInputElement | null>;
}

/** Remove empty fields so saved filters and requests stay minimal. */
export function cleanFilter(f: TransactionFilter): TransactionFilter {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return out as TransactionFilter;
}

const num = (v: string) => (v.trim() === '' || Number.isNaN(Number(v)) ? undefined : Number(v));
const tri = (v: boolean | undefined) => (v === undefined ? '' : v ? 'yes' : 'no');
const fromTri = (v: string) => (v === '' ? undefined : v === 'yes');

export function FilterBar({ filter, onChange, cards, cardholders, categories, tags, saved, onSave, onDeleteSaved, searchRef }: FilterBarProps) {
  const { t } = useI18n();
  const [more, setMore] = useState(false);
  const [naming, setNaming] = useState<string | null>(null);
  // Typed freely; the filter takes the code once it is three letters.
  const [currencyText, setCurrencyText] = useState(filter.currency ?? '');
  const set = (patch: Partial<TransactionFilter>) => onChange(cleanFilter({ ...filter, ...patch }));
  const active = Object.keys(cleanFilter(filter)).length > 0;
  const category = filter.categoryId === undefined ? '' : String(filter.categoryId);
  const holders = holderOptions(cardholders, typeof filter.card === 'number' ? filter.card : null, filter.cardholder);
  const same = (q: TransactionFilter) => JSON.stringify(cleanFilter(q)) === JSON.stringify(cleanFilter(filter));

  // Filters the monthly review sets on a click-through and the bar has no control for: shown, and removable one by one.
  const fromReview: { key: 'billingMonth' | 'merchant' | 'cardholderId'; label: string }[] = [];
  if (filter.billingMonth) fromReview.push({ key: 'billingMonth', label: `${t('ws.filter.billingMonth')}: ${filter.billingMonth}` });
  if (filter.merchant) fromReview.push({ key: 'merchant', label: `${t('ws.filter.merchant')}: ${filter.merchant}` });
  if (filter.cardholderId !== undefined) {
    const h = filter.cardholderId === 'none' ? null : cardholders.find((c) => c.ids.includes(filter.cardholderId as number));
    fromReview.push({ key: 'cardholderId', label: `${t('ws.filter.cardholder')}: ${h ? `${h.name} (${h.cardName})` : filter.cardholderId === 'none' ? t('ws.filter.none') : `#${filter.cardholderId}`}` });
  }

  return (
    <div className="filters">
      {fromReview.length > 0 && (
        <div className="toolbar review-filters" data-testid="review-filters">
          {fromReview.map((f) => (
            <button key={f.key} type="button" className="chip saved-chip active" onClick={() => set({ [f.key]: undefined })} title={t('ws.filter.removeOne')} aria-label={`${f.label} — ${t('ws.filter.removeOne')}`}>
              <bdi>{f.label}</bdi> <span className="chip-x" aria-hidden="true">×</span>
            </button>
          ))}
        </div>
      )}
      <div className="toolbar" role="search">
        <input type="month" aria-label={t('tx.month')} value={filter.month ?? ''} onChange={(e) => set({ month: e.target.value || undefined })} />
        <select aria-label={t('tx.card')} value={filter.card === undefined ? '' : String(filter.card)} onChange={(e) => set({ card: e.target.value ? Number(e.target.value) : undefined })} data-testid="filter-card">
          <option value="">{t('tx.allCards')}</option>
          {cards.map((c) => (
            <option key={c.id} value={String(c.id)}>
              {c.name}
            </option>
          ))}
        </select>
        <select
          aria-label={t('ws.filter.category')}
          value={category}
          data-testid="filter-category"
          onChange={(e) => set({ categoryId: e.target.value === '' ? undefined : e.target.value === 'none' ? 'none' : Number(e.target.value) })}
        >
          <option value="">{t('ws.filter.allCategories')}</option>
          <option value="none">{t('ws.filter.uncategorised')}</option>
          <CategoryOptions categories={categories} />
        </select>
        <select aria-label={t('ws.filter.tag')} value={filter.tag ?? ''} onChange={(e) => set({ tag: e.target.value || undefined })} data-testid="filter-tag">
          <option value="">{t('ws.filter.allTags')}</option>
          {tags.map((g) => (
            <option key={g.id} value={g.name}>
              {g.name}
            </option>
          ))}
        </select>
        <input
          ref={searchRef}
          type="search"
          className="search"
          placeholder={t('tx.search')}
          aria-label={t('tx.search')}
          value={filter.search ?? ''}
          onChange={(e) => set({ search: e.target.value || undefined })}
          data-testid="filter-search"
        />
        <button type="button" aria-expanded={more} onClick={() => setMore(!more)} data-testid="filter-more">
          {t('ws.filter.more')}
        </button>
        {active && (
          <button type="button" className="link" onClick={() => onChange({})} data-testid="filter-clear">
            {t('ws.filter.clear')}
          </button>
        )}
        <span className="spacer" />
        {naming === null ? (
          <button type="button" disabled={!active} onClick={() => setNaming('')} data-testid="filter-save">
            {t('ws.saved.save')}
          </button>
        ) : (
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (naming.trim()) onSave(naming.trim());
              setNaming(null);
            }}
          >
            <input autoFocus aria-label={t('ws.saved.name')} placeholder={t('ws.saved.name')} value={naming} onChange={(e) => setNaming(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && setNaming(null)} data-testid="filter-save-name" />
            <button type="submit" className="primary">
              {t('ws.saved.ok')}
            </button>
          </form>
        )}
      </div>
      {saved.length > 0 && (
        <div className="saved-list" role="group" aria-label={t('ws.saved')} data-testid="saved-filters">
          <span className="muted small">{t('ws.saved')}:</span>
          {saved.map((s) => (
            <span key={s.id} className={same(s.query) ? 'chip saved-chip active' : 'chip saved-chip'} data-testid="saved-filter">
              <button type="button" className="link" aria-pressed={same(s.query)} title={t('ws.saved.apply', { name: s.name })} onClick={() => onChange(cleanFilter(s.query))} data-testid="saved-filter-apply">
                {s.name}
              </button>
              <button
                type="button"
                className="link chip-x"
                aria-label={t('ws.saved.deleteNamed', { name: s.name })}
                title={t('ws.saved.deleteNamed', { name: s.name })}
                onClick={() => {
                  if (window.confirm(t('ws.saved.confirmDelete', { name: s.name }))) onDeleteSaved(s.id);
                }}
                data-testid="saved-filter-delete"
              >
                ×
              </button>
            </span>
          ))}
        </div>
      )}
      {more && (
        <div className="toolbar more-filters" data-testid="more-filters">
          <label>
            {t('ws.filter.from')} <input type="date" value={filter.from ?? ''} onChange={(e) => set({ from: e.target.value || undefined })} />
          </label>
          <label>
            {t('ws.filter.to')} <input type="date" value={filter.to ?? ''} onChange={(e) => set({ to: e.target.value || undefined })} />
          </label>
          <label>
            {t('ws.filter.cardholder')}{' '}
            <select value={filter.cardholder ?? ''} onChange={(e) => set({ cardholder: e.target.value || undefined })} disabled={holders.length === 0 && !filter.cardholder} data-testid="filter-cardholder">
              <option value="">{holders.length === 0 ? t('ws.filter.noCardholders') : t('ws.filter.allCardholders')}</option>
              {holders.map((h) => (
                <option key={h.name} value={h.name}>
                  {h.label}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="kinds">
            <legend>{t('ws.filter.kinds')}</legend>
            {KINDS.map((k) => (
              <label key={k}>
                <input
                  type="checkbox"
                  checked={filter.kinds?.includes(k) ?? false}
                  onChange={(e) => set({ kinds: e.target.checked ? [...(filter.kinds ?? []), k] : (filter.kinds ?? []).filter((x) => x !== k) })}
                />
                {t(`kind.${k}` as MessageKey)}
              </label>
            ))}
          </fieldset>
          <label>
            {t('ws.filter.currency')}{' '}
            <input
              size={4}
              maxLength={3}
              value={filter.currency ?? (currencyText.length < 3 ? currencyText : '')}
              onChange={(e) => {
                setCurrencyText(e.target.value.toUpperCase());
                set({ currency: /^[A-Za-z]{3}$/.test(e.target.value) ? e.target.value.toUpperCase() : undefined });
              }}
              placeholder="JPY"
              data-testid="filter-currency"
            />
          </label>
          <label>
            {t('ws.filter.amountMin')} <input type="number" className="amount-input" value={filter.amountMin ?? ''} onChange={(e) => set({ amountMin: num(e.target.value) })} data-testid="filter-amount-min" />
          </label>
          <label>
            {t('ws.filter.amountMax')} <input type="number" className="amount-input" value={filter.amountMax ?? ''} onChange={(e) => set({ amountMax: num(e.target.value) })} />
          </label>
          <label>
            <input type="checkbox" checked={filter.foreign === true} onChange={(e) => set({ foreign: e.target.checked ? true : undefined })} data-testid="filter-foreign" />
            {t('ws.filter.foreignOnly')}
          </label>
          <label>
            {t('ws.filter.memo')}{' '}
            <select value={tri(filter.hasMemo)} onChange={(e) => set({ hasMemo: fromTri(e.target.value) })} data-testid="filter-memo">
              <option value="">{t('ws.filter.any')}</option>
              <option value="yes">{t('ws.filter.has')}</option>
              <option value="no">{t('ws.filter.none')}</option>
            </select>
          </label>
          <label>
            {t('ws.filter.receipt')}{' '}
            <select value={tri(filter.hasReceipt)} onChange={(e) => set({ hasReceipt: fromTri(e.target.value) })}>
              <option value="">{t('ws.filter.any')}</option>
              <option value="yes">{t('ws.filter.has')}</option>
              <option value="no">{t('ws.filter.none')}</option>
            </select>
          </label>
        </div>
      )}
    </div>
  );
}

/**
 * What the cardholder filter offers: the chosen card's cardholders, or every name across the cards
 * (the filter matches a name on any card) with the cards it appears on. A chosen name no card
 * prints any more (a saved filter) stays choosable.
 */
export function holderOptions(list: Cardholder[], cardId: number | null, chosen: string | undefined): { name: string; label: string }[] {
  const byName = new Map<string, { cards: string[]; count: number }>();
  for (const h of list) {
    if (cardId !== null && h.cardId !== cardId) continue;
    const e = byName.get(h.name) ?? byName.set(h.name, { cards: [], count: 0 }).get(h.name)!;
    e.cards.push(h.cardName);
    e.count += h.count;
  }
  const out = [...byName].map(([name, e]) => ({ name, label: cardId === null ? `${name} — ${e.cards.join(', ')} (${e.count})` : `${name} (${e.count})` }));
  if (chosen && !byName.has(chosen)) out.push({ name: chosen, label: chosen });
  return out;
}
