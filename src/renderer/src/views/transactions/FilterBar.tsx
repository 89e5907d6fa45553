/** The filters over the ledger: the common ones always shown, the rest behind "More filters". */
import { useState } from 'react';
import type { Card, Category, SavedFilter, Tag, TransactionFilter } from '../../../../shared/api/contract';
import { useI18n, type MessageKey } from '../../i18n';
import { CategoryOptions } from '../CategoryOptions';

const KINDS = ['purchase', 'refund', 'payment', 'fee', 'other'] as const;

export interface FilterBarProps {
  filter: TransactionFilter;
  onChange: (f: TransactionFilter) => void;
  cards: Card[];
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

export function FilterBar({ filter, onChange, cards, categories, tags, saved, onSave, onDeleteSaved, searchRef }: FilterBarProps) {
  const { t } = useI18n();
  const [more, setMore] = useState(false);
  const [naming, setNaming] = useState<string | null>(null);
  // Typed freely; the filter takes the code once it is three letters.
  const [currencyText, setCurrencyText] = useState(filter.currency ?? '');
  const set = (patch: Partial<TransactionFilter>) => onChange(cleanFilter({ ...filter, ...patch }));
  const active = Object.keys(cleanFilter(filter)).length > 0;
  const category = filter.categoryId === undefined ? '' : String(filter.categoryId);

  return (
    <div className="filters">
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
        <select
          aria-label={t('ws.saved')}
          value=""
          data-testid="saved-filters"
          onChange={(e) => {
            const f = saved.find((s) => String(s.id) === e.target.value);
            if (f) onChange(cleanFilter(f.query));
          }}
        >
          <option value="">{t('ws.saved.choose')}</option>
          {saved.map((s) => (
            <option key={s.id} value={String(s.id)}>
              {s.name}
            </option>
          ))}
        </select>
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
      {more && (
        <div className="toolbar more-filters" data-testid="more-filters">
          <label>
            {t('ws.filter.from')} <input type="date" value={filter.from ?? ''} onChange={(e) => set({ from: e.target.value || undefined })} />
          </label>
          <label>
            {t('ws.filter.to')} <input type="date" value={filter.to ?? ''} onChange={(e) => set({ to: e.target.value || undefined })} />
          </label>
          <label>
            {t('ws.filter.cardholder')} <input size={12} value={filter.cardholder ?? ''} onChange={(e) => set({ cardholder: e.target.value || undefined })} />
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
          {saved.length > 0 && (
            <span className="saved-list">
              {saved.map((s) => (
                <button key={s.id} type="button" className="chip" onClick={() => onDeleteSaved(s.id)} title={t('ws.saved.delete')}>
                  {s.name} ×
                </button>
              ))}
            </span>
          )}
        </div>
      )}
    </div>
  );
}
