/**
 * The transactions workspace: filters, a virtualised table that stays fast with a million rows,
 * inline category and memo edits, multi-select bulk edits, a detail panel, undo/redo, and the
 * rule Meisai offers after a re-categorisation.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Card, Cardholder, Category, HistoryEntry, HistoryState, RuleSuggestion, SavedFilter, Tag, Transaction, TransactionEdit, TransactionFilter, TransactionQuery } from '../../../../shared/api/contract';
import { useApi } from '../../hooks';
import { useI18n, type I18n, type MessageKey } from '../../i18n';
import { DetailPanel } from './DetailPanel';
import { cleanFilter, FilterBar } from './FilterBar';
import { useRowCache } from './useRowCache';
import { useScaledRows } from './useScaledRows';
import { CategoryOptions } from '../CategoryOptions';

const ROW_HEIGHT = 40;
type Sort = NonNullable<TransactionQuery['sort']>;
type Selection = { ids: Set<number>; allMatching: boolean };

/** An undo step in the UI's language, from the key and values the core sends. */
export function historyText(t: I18n['t'], e: HistoryEntry): string {
  const a = e.args;
  const rows = a.n === 1 ? t('ws.history.row') : t('ws.history.rows', { n: a.n ?? 0 });
  switch (e.key) {
    case 'edit': {
      const fields = (a.fields ?? []).map((f) => t(`ws.history.field.${f}`)).join(t('ws.history.sep'));
      return t('ws.history.edit', { fields, rows }) + (a.rule ? t('ws.history.learned', { rule: a.rule }) : '');
    }
    case 'rule.apply':
    case 'rules.applyAll':
    case 'rule.learn':
      return t(`ws.history.${e.key}`, { rule: a.rule ?? '', rows });
    default:
      return a.text ?? e.label;
  }
}

const isTyping = (el: EventTarget | null) => el instanceof HTMLElement && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);

export function Workspace({ onImport, initialFilter = {} }: { onImport: () => void; initialFilter?: TransactionFilter }) {
  const { t, money, locale } = useI18n();
  const { api, reportError, dataVersion, dataChanged } = useApi();
  const [filter, setFilter] = useState<TransactionFilter>(initialFilter);
  const [sort, setSort] = useState<{ by: Sort; order: 'asc' | 'desc' }>({ by: 'date', order: 'desc' });
  const [cards, setCards] = useState<Card[]>([]);
  const [cardholders, setCardholders] = useState<Cardholder[]>([]);
  const [categories, setCategories] = useState<Category[]>([]);
  const [tags, setTags] = useState<Tag[]>([]);
  const [saved, setSaved] = useState<SavedFilter[]>([]);
  const [history, setHistory] = useState<HistoryState>({ undo: null, redo: null });
  const [selection, setSelection] = useState<Selection>({ ids: new Set(), allMatching: false });
  const [focus, setFocus] = useState(0);
  const [anchor, setAnchor] = useState<number | null>(null);
  const [openId, setOpenId] = useState<number | null>(null);
  const [editingMemo, setEditingMemo] = useState<number | null>(null);
  const [suggestion, setSuggestion] = useState<RuleSuggestion | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);

  const query = useMemo(() => ({ ...cleanFilter(filter), sort: sort.by, order: sort.order }), [filter, sort]);
  // Category names come localised from the core: a language switch reloads like an edit does.
  const cache = useRowCache(api, query, `${dataVersion}:${locale}`, reportError);
  const total = cache.total ?? 0;

  useEffect(() => {
    Promise.all([api.call('cards.list', {}), api.call('categories.list', {}), api.call('tags.list', {}), api.call('filters.list', {}), api.call('history.state', {}), api.call('cardholders.list', {})]).then(([c, cat, g, f, h, holders]) => {
      setCards(c);
      setCardholders(holders);
      setCategories(cat);
      setTags(g);
      setSaved(f);
      setHistory(h);
    }, reportError);
  }, [api, reportError, dataVersion, locale]);

  // A new filter is a new list: the selection and focus start over (reset while rendering, not in an effect).
  const [listQuery, setListQuery] = useState(query);
  if (listQuery !== query) {
    setListQuery(query);
    setSelection({ ids: new Set(), allMatching: false });
    setFocus(0);
    setAnchor(null);
  }

  // A million rows are taller than a browser lets an element be: the scroll space is scaled.
  const virtual = useScaledRows(total, ROW_HEIGHT, 12);
  const { first, last, items } = virtual;
  const setScrollEl = virtual.ref;
  const scrollEl = useCallback(
    (el: HTMLDivElement | null) => {
      scrollRef.current = el;
      setScrollEl(el);
    },
    [setScrollEl],
  );
  const { ensure } = cache;
  useEffect(() => {
    if (total > 0) ensure(first, last);
  }, [ensure, first, last, total]);

  const edit = useCallback(
    async (target: { ids: number[] } | { filter: TransactionFilter }, set: TransactionEdit, announce = false) => {
      try {
        const res = await api.call('transactions.update', { ...target, set });
        setSuggestion(res.suggestion && res.suggestion.createdRuleId === null && res.suggestion.otherRows >= 0 ? res.suggestion : null);
        if (res.suggestion?.createdRuleId) setNotice(t('ws.suggest.created', { merchant: res.suggestion.merchantName, category: res.suggestion.category, n: res.suggestion.otherRows }));
        else if (announce) setNotice(t('ws.bulk.done', { n: res.updated }));
        dataChanged();
      } catch (e) {
        reportError(e);
      }
    },
    [api, dataChanged, reportError, t],
  );

  const step = useCallback(
    async (which: 'undo' | 'redo') => {
      try {
        const res = await api.call(which === 'undo' ? 'history.undo' : 'history.redo', {});
        setHistory(res.state);
        if (res.entry) setNotice(t(which === 'undo' ? 'ws.undone' : 'ws.redone', { label: historyText(t, res.entry) }));
        setSuggestion(null);
        dataChanged();
      } catch (e) {
        reportError(e);
      }
    },
    [api, dataChanged, reportError, t],
  );

  // Undo/redo from anywhere in the workspace except while typing; "/" jumps to the search box.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target)) return;
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        void step(e.shiftKey ? 'redo' : 'undo');
      } else if (mod && e.key.toLowerCase() === 'y') {
        e.preventDefault();
        void step('redo');
      } else if (e.key === '/' && !mod) {
        e.preventDefault();
        searchRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [step]);

  const toggle = (index: number, id: number, range: boolean) => {
    setSelection((s) => {
      const ids = new Set(s.allMatching ? [] : s.ids);
      if (range && anchor !== null) {
        const [a, b] = anchor < index ? [anchor, index] : [index, anchor];
        for (let i = a; i <= b; i++) {
          const r = cache.row(i);
          if (r) ids.add(r.id);
        }
      } else if (ids.has(id)) ids.delete(id);
      else ids.add(id);
      return { ids, allMatching: false };
    });
    setAnchor(index);
  };

  const onGridKey = (e: React.KeyboardEvent) => {
    if (isTyping(e.target) && e.target !== e.currentTarget) return;
    const move = (to: number) => {
      const next = Math.max(0, Math.min(total - 1, to));
      setFocus(next);
      virtual.scrollToIndex(next);
      return next;
    };
    const row = cache.row(focus);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = move(focus + (e.key === 'ArrowDown' ? 1 : -1));
      if (e.shiftKey) {
        const r = cache.row(next);
        if (r) toggle(next, r.id, anchor !== null);
      }
    } else if (e.key === 'PageDown' || e.key === 'PageUp') {
      e.preventDefault();
      move(focus + (e.key === 'PageDown' ? 15 : -15));
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      move(e.key === 'Home' ? 0 : total - 1);
    } else if (e.key === ' ' && row) {
      e.preventDefault();
      toggle(focus, row.id, e.shiftKey);
    } else if (e.key === 'Enter' && row) {
      e.preventDefault();
      setOpenId(row.id);
    } else if (e.key === 'Escape') {
      setOpenId(null);
      setSelection({ ids: new Set(), allMatching: false });
    } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'a') {
      e.preventDefault();
      setSelection({ ids: new Set(), allMatching: true });
    } else if (row && !e.ctrlKey && !e.metaKey && !e.altKey && e.key.toLowerCase() === 'm') {
      // M: write the focused row's memo inline (Enter saves, Escape cancels).
      e.preventDefault();
      setEditingMemo(row.id);
    } else if (row && !e.ctrlKey && !e.metaKey && !e.altKey && e.key.toLowerCase() === 'c') {
      // C: the focused row's category picker (Escape comes back to the table).
      e.preventDefault();
      scrollRef.current?.querySelector<HTMLSelectElement>(`[data-id="${row.id}"] [data-testid=row-category]`)?.focus();
    }
  };

  const focusGrid = () => scrollRef.current?.focus({ preventScroll: true });

  const selectedCount = selection.allMatching ? total : selection.ids.size;
  const target = selection.allMatching ? { filter: cleanFilter(filter) } : { ids: [...selection.ids] };
  // The open row survives a reload of the table (its pages are refetched after every edit).
  const seen = openId === null ? undefined : cache.byId(openId);
  const [lastOpen, setLastOpen] = useState<Transaction | undefined>(undefined);
  if (seen && seen !== lastOpen) setLastOpen(seen);
  const openRow = seen ?? (openId !== null && lastOpen?.id === openId ? lastOpen : undefined);
  // Keyboard focus follows the detail panel: into it when it opens (or when a save re-made it and
  // focus fell to the page), back to the table when it closes.
  const panelRef = useRef<HTMLElement>(null);
  const panelKey = openRow ? `${openRow.id}\u0000${openRow.memo ?? ''}\u0000${openRow.displayName ?? ''}` : '';
  const focusedPanel = useRef<number | null>(null);
  useEffect(() => {
    if (!panelKey) {
      focusedPanel.current = null;
      return;
    }
    const active = document.activeElement;
    if (focusedPanel.current !== openId || !active || active === document.body) panelRef.current?.focus();
    focusedPanel.current = openId;
  }, [panelKey, openId]);
  const closeDetail = () => {
    setOpenId(null);
    focusGrid();
  };
  const noData = cache.total === 0 && Object.keys(cleanFilter(filter)).length === 0;

  const header = (col: Sort | null, label: MessageKey, cls = '') => {
    const active = col !== null && sort.by === col;
    return (
      <div role="columnheader" className={cls} aria-sort={active ? (sort.order === 'asc' ? 'ascending' : 'descending') : undefined}>
        {col ? (
          <button
            type="button"
            className="sort"
            title={t('ws.sort', { col: t(label) })}
            onClick={() => setSort(active ? { by: col, order: sort.order === 'asc' ? 'desc' : 'asc' } : { by: col, order: col === 'date' || col === 'amount' ? 'desc' : 'asc' })}
            data-testid={`sort-${col}`}
          >
            {t(label)} {active ? (sort.order === 'asc' ? '▲' : '▼') : ''}
          </button>
        ) : (
          t(label)
        )}
      </div>
    );
  };

  return (
    <div className={openRow ? 'workspace with-detail' : 'workspace'}>
      <div className="workspace-main">
        <FilterBar
          filter={filter}
          onChange={setFilter}
          cards={cards}
          cardholders={cardholders}
          categories={categories}
          tags={tags}
          saved={saved}
          searchRef={searchRef}
          onSave={(name) => api.call('filters.save', { name, query: cleanFilter(filter) }).then(() => api.call('filters.list', {}).then(setSaved), reportError)}
          onDeleteSaved={(id) => api.call('filters.delete', { id }).then(() => api.call('filters.list', {}).then(setSaved), reportError)}
        />
        <div className="toolbar">
          <button type="button" disabled={!history.undo} title={history.undo ? t('ws.undo.title', { label: historyText(t, history.undo) }) : undefined} onClick={() => void step('undo')} data-testid="undo">
            ↶ {t('ws.undo')}
          </button>
          <button type="button" disabled={!history.redo} title={history.redo ? t('ws.redo.title', { label: historyText(t, history.redo) }) : undefined} onClick={() => void step('redo')} data-testid="redo">
            ↷ {t('ws.redo')}
          </button>
          <span className="spacer" />
          {cache.total !== null && (
            <span className="muted" data-testid="tx-count" aria-busy={cache.counting}>
              {cache.counting ? t('ws.counting') : t('tx.count', { n: cache.total })}
            </span>
          )}
          {cache.totals.map((x) => (
            <span key={x.currency} className="total-chip" title={t('ws.totals')} data-testid={`tx-total-${x.currency}`}>
              {money(x.totalMinor, x.currency)}
            </span>
          ))}
        </div>
        {notice && (
          <div className="banner success" role="status" data-testid="notice">
            <span>{notice}</span>
            <button type="button" onClick={() => setNotice(null)}>
              {t('error.dismiss')}
            </button>
          </div>
        )}
        {suggestion && (
          <div className="banner suggest" role="status" data-testid="rule-suggestion">
            <span>
              {t('ws.suggest', { merchant: suggestion.merchantName, category: suggestion.category })} {suggestion.otherRows > 0 && t('ws.suggest.others', { n: suggestion.otherRows })}
            </span>
            <button
              type="button"
              className="primary"
              data-testid="rule-suggestion-create"
              onClick={() => {
                const s = suggestion;
                setSuggestion(null);
                // Saved and run as one undoable step: undo removes the rule with what it changed.
                api
                  .call('rules.learn', s.rule)
                  .then((res) => {
                    setNotice(t('ws.rule.created', { n: res.changed }));
                    dataChanged();
                  }, reportError);
              }}
            >
              {t('ws.suggest.create')}
            </button>
            <button type="button" onClick={() => setSuggestion(null)} data-testid="rule-suggestion-dismiss">
              {t('ws.suggest.dismiss')}
            </button>
          </div>
        )}
        {/* While counting, `total` is only what is loaded: no "select all N matching" until the count is in. */}
        {selectedCount > 0 && <BulkBar count={selectedCount} total={cache.counting ? Math.min(total, selectedCount) : total} allMatching={selection.allMatching} categories={categories} tags={tags} onAllMatching={() => setSelection({ ids: new Set(), allMatching: true })} onClear={() => setSelection({ ids: new Set(), allMatching: false })} onApply={(set) => void edit(target, set, true)} />}
        {cache.total === null ? (
          <p className="muted">{t('loading')}</p>
        ) : noData ? (
          <div className="empty">
            <p>{t('tx.empty')}</p>
            <button type="button" className="primary" onClick={onImport}>
              {t('nav.import')}
            </button>
          </div>
        ) : total === 0 ? (
          <p className="muted">{t('tx.noMatch')}</p>
        ) : (
          <div className="tx-grid" role="grid" aria-rowcount={total} aria-multiselectable="true" data-testid="tx-table">
            <div className="tx-row tx-head" role="row">
              <div role="columnheader" className="c-select">
                <input
                  type="checkbox"
                  aria-label={t('ws.select.all')}
                  checked={selection.allMatching || (selection.ids.size > 0 && selection.ids.size === total)}
                  onChange={(e) => setSelection({ ids: new Set(), allMatching: e.target.checked })}
                />
              </div>
              {header('date', 'tx.col.date', 'c-date')}
              {header('description', 'tx.col.description', 'c-desc')}
              {header('card', 'tx.col.card', 'c-card')}
              {header('category', 'tx.col.category', 'c-cat')}
              {header(null, 'ws.detail.tags', 'c-tags')}
              {header(null, 'tx.col.memo', 'c-memo')}
              {header('amount', 'tx.col.amount', 'c-amount num')}
              {header(null, 'tx.documents', 'c-docs')}
            </div>
            <div className="tx-scroll" ref={scrollEl} tabIndex={0} onKeyDown={onGridKey} aria-label={t('ws.keys')} data-testid="tx-scroll">
              <div className="tx-rows" style={{ height: virtual.height }}>
                {items.map((v) => {
                  const r = cache.row(v.index);
                  const selected = r ? selection.allMatching || selection.ids.has(r.id) : false;
                  return (
                    <div
                      key={v.index}
                      role="row"
                      aria-rowindex={v.index + 2}
                      aria-selected={selected}
                      className={`tx-row${v.index === focus ? ' focused' : ''}${selected ? ' selected' : ''}`}
                      style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${v.top}px)` }}
                      data-testid={r ? 'tx-row' : 'tx-row-loading'}
                      data-id={r?.id}
                      data-kind={r?.kind}
                      onClick={() => setFocus(v.index)}
                    >
                      {r ? (
                        <Row
                          r={r}
                          index={v.index}
                          selected={selected}
                          categories={categories}
                          editingMemo={editingMemo === r.id}
                          onToggle={(range) => toggle(v.index, r.id, range)}
                          onOpen={() => setOpenId(r.id)}
                          onCategory={(categoryId) => void edit({ ids: [r.id] }, { categoryId })}
                          onMemoEdit={(on) => {
                            setEditingMemo(on ? r.id : null);
                            if (!on) focusGrid();
                          }}
                          onMemo={(memo, fromKey) => {
                            setEditingMemo(null);
                            if (fromKey) focusGrid();
                            if ((memo || null) !== r.memo) void edit({ ids: [r.id] }, { memo });
                          }}
                          onCategoryDone={focusGrid}
                        />
                      ) : (
                        <div role="gridcell" className="muted loading-cell">
                          {t('ws.loadingRow')}
                        </div>
                      )}
                    </div>
                  );
                })}
              </div>
            </div>
          </div>
        )}
        <p className="muted small keys-help">{t('ws.keys')}</p>
      </div>
      {openRow && <DetailPanel key={panelKey} panelRef={panelRef} tx={openRow} categories={categories} onEdit={(set) => edit({ ids: [openRow.id] }, set)} onClose={closeDetail} />}
    </div>
  );
}

function Row(props: {
  r: Transaction;
  index: number;
  selected: boolean;
  categories: Category[];
  editingMemo: boolean;
  onToggle: (range: boolean) => void;
  onOpen: () => void;
  onCategory: (id: number | null) => void;
  onMemoEdit: (on: boolean) => void;
  /** `fromKey`: saved with Enter (focus goes back to the table), not by leaving the field. */
  onMemo: (memo: string | null, fromKey: boolean) => void;
  onCategoryDone: () => void;
}) {
  const { t, money, moneyMajor, date } = useI18n();
  const { r } = props;
  return (
    <>
      <div role="gridcell" className="c-select">
        <input type="checkbox" aria-label={t('ws.select.row')} checked={props.selected} onClick={(e) => props.onToggle(e.shiftKey)} onChange={() => undefined} data-testid="row-select" tabIndex={-1} />
      </div>
      <div role="gridcell" className="c-date nowrap" data-col="date">
        {date(r.date)}
      </div>
      <div role="gridcell" className="c-desc" data-col="description" title={r.displayName ? r.description : undefined}>
        <button type="button" className="link desc" onClick={props.onOpen} tabIndex={-1} data-testid="row-open">
          {r.displayName ?? r.description}
        </button>
        {r.kind !== 'purchase' && <span className={`badge kind-${r.kind}`}>{t(`kind.${r.kind}` as MessageKey)}</span>}
      </div>
      <div role="gridcell" className="c-card" data-col="card">
        {r.cardName}
        {r.cardholder && <span className="muted small"> {r.cardholder}</span>}
      </div>
      <div role="gridcell" className="c-cat" data-col="category">
        {r.categoryColor && <span className="swatch" style={{ background: r.categoryColor }} aria-hidden="true" />}
        <select
          aria-label={t('tx.col.category')}
          title={t('ws.category.key')}
          value={r.categoryId === null ? '' : String(r.categoryId)}
          onChange={(e) => props.onCategory(e.target.value ? Number(e.target.value) : null)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              props.onCategoryDone();
            }
          }}
          tabIndex={-1}
          data-testid="row-category"
        >
          <option value="">{t('ws.noCategory')}</option>
          <CategoryOptions categories={props.categories} />
        </select>
      </div>
      <div role="gridcell" className="c-tags" data-col="tags">
        {r.tags.map((g) => (
          <span key={g} className="chip">
            {g}
          </span>
        ))}
      </div>
      <div role="gridcell" className="c-memo" data-col="memo">
        {props.editingMemo ? (
          <MemoInput memo={r.memo} onSave={props.onMemo} onCancel={() => props.onMemoEdit(false)} />
        ) : (
          <button type="button" className={r.memo ? 'link memo' : 'link memo empty'} onClick={() => props.onMemoEdit(true)} tabIndex={-1} title={`${r.memo ? `${r.memo} — ` : ''}${t('ws.memo.key')}`} data-testid="row-memo">
            {r.memo ?? t('ws.memo.add')}
          </button>
        )}
      </div>
      <div role="gridcell" className={r.amountMinor < 0 ? 'c-amount num credit' : 'c-amount num'} data-col="amount">
        {money(r.amountMinor, r.currency)}
        {r.originalAmount !== null && r.originalCurrency && <span className="muted small fx">{moneyMajor(r.originalAmount, r.originalCurrency)}</span>}
      </div>
      <div role="gridcell" className="c-docs" data-col="documents">
        <button type="button" className="link" onClick={props.onOpen} tabIndex={-1} data-testid="tx-docs">
          {r.documents.length}
          {r.hasReceipt ? ' 🧾' : ''}
        </button>
      </div>
    </>
  );
}

/** The inline memo: Enter saves, Escape cancels (nothing saved), leaving the field saves. */
function MemoInput({ memo, onSave, onCancel }: { memo: string | null; onSave: (memo: string | null, fromKey: boolean) => void; onCancel: () => void }) {
  const { t } = useI18n();
  // Settled by Enter or Escape: the blur that follows (focus moves back to the table) must not save again.
  const settled = useRef(false);
  return (
    <input
      autoFocus
      defaultValue={memo ?? ''}
      placeholder={t('ws.memo.placeholder')}
      aria-label={t('ws.memo.edit')}
      data-testid="row-memo-input"
      onKeyDown={(e) => {
        e.stopPropagation();
        // Enter that confirms an IME conversion (Japanese input) is not a save.
        if (e.nativeEvent.isComposing) return;
        if (e.key === 'Enter') {
          e.preventDefault();
          settled.current = true;
          onSave(e.currentTarget.value.trim() || null, true);
        } else if (e.key === 'Escape') {
          e.preventDefault();
          settled.current = true;
          onCancel();
        }
      }}
      onBlur={(e) => {
        if (settled.current) return;
        settled.current = true;
        onSave(e.currentTarget.value.trim() || null, false);
      }}
    />
  );
}

function BulkBar(props: { count: number; total: number; allMatching: boolean; categories: Category[]; tags: Tag[]; onAllMatching: () => void; onClear: () => void; onApply: (set: TransactionEdit) => void }) {
  const { t } = useI18n();
  const [category, setCategory] = useState('');
  const [addTag, setAddTag] = useState('');
  const [removeTag, setRemoveTag] = useState('');
  const [memo, setMemo] = useState('');
  return (
    <div className="bulk-bar" role="region" aria-label={t('ws.selected', { n: props.count })} data-testid="bulk-bar">
      <strong>{props.allMatching ? t('ws.allMatching', { n: props.total }) : t('ws.selected', { n: props.count })}</strong>
      {!props.allMatching && props.count < props.total && (
        <button type="button" className="link" onClick={props.onAllMatching} data-testid="select-all-matching">
          {t('ws.selectAllMatching', { n: props.total })}
        </button>
      )}
      <span className="inline-form">
        <select aria-label={t('ws.bulk.category')} value={category} onChange={(e) => setCategory(e.target.value)} data-testid="bulk-category">
          <option value="">{t('ws.bulk.category')}</option>
          <option value="none">{t('ws.noCategory')}</option>
          <CategoryOptions categories={props.categories} />
        </select>
        <button type="button" disabled={!category} onClick={() => props.onApply({ categoryId: category === 'none' ? null : Number(category) })} data-testid="bulk-category-apply">
          {t('ws.bulk.apply')}
        </button>
      </span>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (addTag.trim()) props.onApply({ addTags: [addTag.trim()] });
          setAddTag('');
        }}
      >
        <input list="bulk-tags" aria-label={t('ws.bulk.addTag')} placeholder={t('ws.bulk.addTag')} value={addTag} onChange={(e) => setAddTag(e.target.value)} size={10} data-testid="bulk-tag" />
        <datalist id="bulk-tags">
          {props.tags.map((g) => (
            <option key={g.id} value={g.name} />
          ))}
        </datalist>
        <button type="submit" disabled={!addTag.trim()}>
          {t('ws.bulk.apply')}
        </button>
      </form>
      {props.tags.length > 0 && (
        <span className="inline-form">
          <select aria-label={t('ws.bulk.removeTag')} value={removeTag} onChange={(e) => setRemoveTag(e.target.value)}>
            <option value="">{t('ws.bulk.removeTag')}</option>
            {props.tags.map((g) => (
              <option key={g.id} value={g.name}>
                {g.name}
              </option>
            ))}
          </select>
          <button type="button" disabled={!removeTag} onClick={() => props.onApply({ removeTags: [removeTag] })}>
            {t('ws.bulk.apply')}
          </button>
        </span>
      )}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          // An empty memo clears the rows' memos: asked first.
          if (!memo.trim() && !window.confirm(t('ws.bulk.confirmClearMemo', { n: props.count }))) return;
          props.onApply({ memo: memo.trim() || null });
          setMemo('');
        }}
      >
        <input aria-label={t('ws.bulk.memo')} placeholder={t('ws.bulk.memo')} value={memo} onChange={(e) => setMemo(e.target.value)} size={14} data-testid="bulk-memo" />
        <button type="submit" data-testid="bulk-memo-apply">
          {t('ws.bulk.apply')}
        </button>
      </form>
      <button type="button" onClick={props.onClear}>
        {t('ws.clearSelection')}
      </button>
    </div>
  );
}
