/**
 * The merchant table (src/services/knowledge.ts): the shipped lines and the user's own, searchable;
 * add a line, change a line's category (a shipped line becomes the user's), switch lines off.
 * Mounted as a tab of the Transactions section.
 */
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import type { Category, KnowledgeRecord } from '../../../shared/api/contract';
import { foldForSearch } from '../../../core/search';
import { useApi } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import './rules.css';
import { CategoryOptions } from './CategoryOptions';

type Match = KnowledgeRecord['match'];
const MATCHES: Match[] = ['contains', 'prefix', 'exact'];
/** Rows drawn at once; the filter narrows the rest (the table is a few hundred lines). */
const SHOWN = 300;

export function KnowledgeView() {
  const { t } = useI18n();
  const { api, reportError, dataVersion } = useApi();
  const [rows, setRows] = useState<KnowledgeRecord[]>([]);
  const [categories, setCategories] = useState<Category[]>([]);
  const [query, setQuery] = useState('');
  const [pattern, setPattern] = useState('');
  const [match, setMatch] = useState<Match>('contains');
  const [categoryId, setCategoryId] = useState('');
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(() => {
    api.call('knowledge.list', {}).then(setRows, reportError);
    api.call('categories.list', {}).then(setCategories, reportError);
  }, [api, reportError]);
  useEffect(load, [load, dataVersion]);

  const shown = useMemo(() => {
    const q = foldForSearch(query.trim());
    return q ? rows.filter((r) => foldForSearch(r.pattern).includes(q) || (r.categoryName && foldForSearch(r.categoryName).includes(q))) : rows;
  }, [rows, query]);
  const shipped = rows.filter((r) => r.source === 'shipped');

  const save = async (input: { id?: number; pattern: string; match: Match; categoryId: number }) => {
    try {
      await api.call('knowledge.save', input);
      load();
    } catch (e) {
      reportError(e);
    }
  };

  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (!pattern.trim() || !categoryId) return;
    await save({ pattern: pattern.trim(), match, categoryId: Number(categoryId) });
    setNotice(t('kn.added', { pattern: pattern.trim() }));
    setPattern('');
  };

  return (
    <div className="knowledge" data-testid="knowledge-view">
      <p className="muted">{t('kn.hint')}</p>
      <p className="small" data-testid="kn-counts">
        {t('kn.counts', { shipped: String(shipped.length), off: String(shipped.filter((r) => !r.enabled).length), user: String(rows.length - shipped.length) })}
      </p>
      <form className="toolbar cats-add" onSubmit={(e) => void add(e)}>
        <input value={pattern} onChange={(e) => setPattern(e.target.value)} placeholder={t('kn.pattern')} aria-label={t('kn.pattern')} maxLength={200} data-testid="kn-new-pattern" />
        <select value={match} onChange={(e) => setMatch(e.target.value as Match)} aria-label={t('kn.match')} data-testid="kn-new-match">
          {MATCHES.map((m) => (
            <option key={m} value={m}>
              {t(`kn.match.${m}` as MessageKey)}
            </option>
          ))}
        </select>
        <select value={categoryId} onChange={(e) => setCategoryId(e.target.value)} aria-label={t('kn.category')} required data-testid="kn-new-category">
          <option value="">{t('kn.category')}</option>
          <CategoryOptions categories={categories} />
        </select>
        <button type="submit" className="primary" disabled={!pattern.trim() || !categoryId} data-testid="kn-add">
          {t('kn.add')}
        </button>
      </form>
      {notice && (
        <p className="banner ok" role="status">
          {notice}
        </p>
      )}
      <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('kn.search')} aria-label={t('kn.search')} data-testid="kn-search" />
      {shown.length === 0 ? (
        <p className="muted">{t('kn.none')}</p>
      ) : (
        <table className="cats-table">
          <thead>
            <tr>
              <th>{t('kn.pattern')}</th>
              <th>{t('kn.match')}</th>
              <th>{t('kn.category')}</th>
              <th>{t('kn.source')}</th>
              <th>{t('kn.enabled')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {shown.slice(0, SHOWN).map((r) => (
              <tr key={r.id} data-testid="kn-row" data-source={r.source} className={r.enabled ? undefined : 'muted'}>
                <td>{r.pattern}</td>
                <td>{t(`kn.match.${r.match}` as MessageKey)}</td>
                <td>
                  <select
                    value={r.categoryId === null ? '' : String(r.categoryId)}
                    onChange={(e) => e.target.value && void save({ id: r.id, pattern: r.pattern, match: r.match, categoryId: Number(e.target.value) })}
                    aria-label={`${t('kn.category')}: ${r.pattern}`}
                    data-testid="kn-category"
                  >
                    {r.categoryId === null && <option value="">{r.category}</option>}
                    <CategoryOptions categories={categories} />
                  </select>
                </td>
                <td>
                  <span className={`badge kn-${r.source}`}>{t(`kn.source.${r.source}` as MessageKey)}</span>
                </td>
                <td>
                  <input
                    type="checkbox"
                    checked={r.enabled}
                    aria-label={`${t('kn.enabled')}: ${r.pattern}`}
                    onChange={(e) => void api.call('knowledge.setEnabled', { id: r.id, enabled: e.target.checked }).then(load, reportError)}
                    data-testid="kn-enabled"
                  />
                </td>
                <td>
                  {r.source === 'user' && (
                    <button type="button" onClick={() => void api.call('knowledge.delete', { id: r.id }).then(load, reportError)} data-testid="kn-delete">
                      {t('kn.delete')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {shown.length > SHOWN && <p className="muted small">{t('kn.more', { n: String(shown.length - SHOWN) })}</p>}
    </div>
  );
}
