/**
 * Categories and tags: rename and recolour in place (saved on Enter or leaving the field), add,
 * and delete (rows are never deleted: they become uncategorised / untagged). Mounted as a tab of
 * the Transactions section.
 */
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiCallError } from '../../../shared/api/client';
import type { Category, Tag } from '../../../shared/api/contract';
import { useApi } from '../hooks';
import { useI18n, type I18n } from '../i18n';
import './rules.css';

/** Colours offered for a new category, in turn. */
const PALETTE = ['#e4572e', '#f3a712', '#29335c', '#4c9f70', '#2e86ab', '#8e6c8a', '#d1495b', '#66a182', '#edae49', '#c05299', '#00798c', '#3d5a80'];

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The API's error, with a name clash said in the user's language. */
function saveErrorText(e: unknown, name: string, t: I18n['t'], kind: 'category' | 'tag'): string {
  if (e instanceof ApiCallError && e.error.code === 'conflict') return t(kind === 'category' ? 'cats.error.exists' : 'cats.tags.error.exists', { name });
  return errorText(e);
}

/** A name input that saves on Enter or blur, reverts on Escape, and shows the API's error under it. */
function InlineName({ value, label, testId, kind, onSave }: { value: string; label: string; testId: string; kind: 'category' | 'tag'; onSave: (name: string) => Promise<void> }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const saving = useRef(false);
  const errId = useId();

  const commit = async () => {
    if (draft === null || saving.current) return;
    const name = draft.trim();
    if (!name) {
      setError(t('cats.error.nameRequired'));
      return;
    }
    if (name === value) {
      setDraft(null);
      setError(null);
      return;
    }
    saving.current = true;
    try {
      await onSave(name);
      setDraft(null);
      setError(null);
    } catch (e) {
      setError(saveErrorText(e, name, t, kind));
    } finally {
      saving.current = false;
    }
  };

  return (
    <>
      <input
        className="cats-name"
        value={draft ?? value}
        maxLength={60}
        onChange={(e) => {
          setDraft(e.target.value);
          setError(null);
        }}
        onBlur={() => void commit()}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            void commit();
          } else if (e.key === 'Escape' && draft !== null) {
            e.preventDefault();
            e.stopPropagation();
            setDraft(null);
            setError(null);
          }
        }}
        aria-label={label}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errId : undefined}
        data-testid={testId}
      />
      {error && (
        <div id={errId} className="cats-error small" role="alert" data-testid={`${testId}-error`}>
          {error}
        </div>
      )}
    </>
  );
}

function CategoryRow({ category, onSave, onDelete }: { category: Category; onSave: (c: Category, patch: { name?: string; color?: string }) => Promise<void>; onDelete: (c: Category) => void }) {
  const { t } = useI18n();
  const { reportError } = useApi();
  const [color, setColor] = useState<string | null>(null);
  const shownColor = color ?? category.color;

  const saveColor = async (value: string) => {
    if (value.toLowerCase() === category.color.toLowerCase()) {
      setColor(null);
      return;
    }
    try {
      await onSave(category, { color: value });
    } catch (e) {
      reportError(e);
    } finally {
      setColor(null);
    }
  };

  // The colour is saved when the picker commits (the native `change` event), not on every `input`
  // while the user drags through the palette.
  const bindColorCommit = (el: HTMLInputElement | null) => {
    if (!el) return;
    const onCommit = () => void saveColor(el.value);
    el.addEventListener('change', onCommit);
    return () => el.removeEventListener('change', onCommit);
  };

  return (
    <tr data-testid="cat-row" data-category-id={category.id}>
      <td className="nowrap">
        <span className="cats-swatch" style={{ backgroundColor: shownColor }} aria-hidden="true" />
        <input
          type="color"
          className="cats-color"
          value={shownColor}
          onChange={(e) => setColor(e.target.value)}
          ref={bindColorCommit}
          aria-label={t('cats.colorOf', { name: category.name })}
          data-testid="cat-color"
        />
      </td>
      <td>
        <InlineName value={category.name} label={t('cats.nameOf', { name: category.name })} testId="cat-name" kind="category" onSave={(name) => onSave(category, { name })} />
      </td>
      <td className="num" data-testid="cat-count">
        {t('cats.count', { n: category.count })}
      </td>
      <td className="num">
        <button type="button" onClick={() => onDelete(category)} aria-label={t('cats.deleteNamed', { name: category.name })} data-testid="cat-delete">
          {t('cats.delete')}
        </button>
      </td>
    </tr>
  );
}

export function CategoriesView() {
  const { t } = useI18n();
  const { api, reportError, dataVersion, dataChanged } = useApi();
  const [categories, setCategories] = useState<Category[] | null>(null);
  const [tags, setTags] = useState<Tag[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [newCat, setNewCat] = useState({ name: '', color: '' });
  const [catAddError, setCatAddError] = useState<string | null>(null);
  const [newTag, setNewTag] = useState('');
  const [tagAddError, setTagAddError] = useState<string | null>(null);
  const catHeading = useRef<HTMLHeadingElement>(null);
  const tagHeading = useRef<HTMLHeadingElement>(null);
  const catTitle = useId();
  const tagTitle = useId();

  const reloadCategories = useCallback(() => api.call('categories.list', {}).then(setCategories, reportError), [api, reportError]);
  const reloadTags = useCallback(() => api.call('tags.list', {}).then(setTags, reportError), [api, reportError]);
  useEffect(() => {
    void reloadCategories();
    void reloadTags();
  }, [reloadCategories, reloadTags, dataVersion]);

  const newColor = newCat.color || PALETTE[(categories?.length ?? 0) % PALETTE.length]!;

  /** Rows show category names and colours: every change makes the other views reload. */
  const saveCategory = async (c: Category, patch: { name?: string; color?: string }) => {
    const saved = await api.call('categories.save', { id: c.id, name: patch.name ?? c.name, color: patch.color ?? c.color });
    setCategories((cs) => cs?.map((x) => (x.id === saved.id ? saved : x)) ?? null);
    dataChanged();
  };

  const deleteCategory = async (c: Category) => {
    const question = c.count > 0 ? t('cats.confirmDelete', { name: c.name, n: c.count }) : t('cats.confirmDeleteEmpty', { name: c.name });
    if (!window.confirm(question)) return;
    try {
      const r = await api.call('categories.delete', { id: c.id });
      setCategories((cs) => cs?.filter((x) => x.id !== c.id) ?? null);
      setNotice(t('cats.deleted', { name: c.name, n: r.uncategorised }));
      catHeading.current?.focus();
      dataChanged();
    } catch (e) {
      reportError(e);
    }
  };

  const addCategory = async (e: FormEvent) => {
    e.preventDefault();
    const name = newCat.name.trim();
    if (!name) {
      setCatAddError(t('cats.error.nameRequired'));
      return;
    }
    try {
      const c = await api.call('categories.save', { name, color: newColor });
      setCategories((cs) => [...(cs ?? []), c]);
      setNewCat({ name: '', color: '' });
      setCatAddError(null);
      setNotice(t('cats.added', { name: c.name }));
      dataChanged();
    } catch (err) {
      setCatAddError(saveErrorText(err, name, t, 'category'));
    }
  };

  const saveTag = async (tag: Tag, name: string) => {
    const saved = await api.call('tags.save', { id: tag.id, name, color: tag.color });
    setTags((ts) => ts?.map((x) => (x.id === saved.id ? saved : x)) ?? null);
    dataChanged();
  };

  const deleteTag = async (tag: Tag) => {
    if (!window.confirm(t('cats.tags.confirmDelete', { name: tag.name, n: tag.count }))) return;
    try {
      const r = await api.call('tags.delete', { id: tag.id });
      setTags((ts) => ts?.filter((x) => x.id !== tag.id) ?? null);
      setNotice(t('cats.tags.deleted', { name: tag.name, n: r.untagged }));
      tagHeading.current?.focus();
      dataChanged();
    } catch (e) {
      reportError(e);
    }
  };

  const addTag = async (e: FormEvent) => {
    e.preventDefault();
    const name = newTag.trim();
    if (!name) {
      setTagAddError(t('cats.error.nameRequired'));
      return;
    }
    try {
      const tag = await api.call('tags.save', { name });
      setTags((ts) => [...(ts ?? []), tag]);
      setNewTag('');
      setTagAddError(null);
      setNotice(t('cats.tags.added', { name: tag.name }));
      dataChanged();
    } catch (err) {
      setTagAddError(saveErrorText(err, name, t, 'tag'));
    }
  };

  return (
    <div className="cats-view" data-testid="categories-view">
      {notice && (
        <div className="banner success" role="status" data-testid="cats-notice">
          {notice}
        </div>
      )}
      <div className="cats-panels">
        <section className="cats-panel" aria-labelledby={catTitle} data-testid="categories-panel">
          <h2 id={catTitle} ref={catHeading} tabIndex={-1} className="section-title cats-heading">
            {t('cats.title')}
          </h2>
          <p className="muted small">{t('cats.help')}</p>
          {categories === null ? (
            <p className="muted">{t('cats.loading')}</p>
          ) : categories.length === 0 ? (
            <p className="muted">{t('cats.empty')}</p>
          ) : (
            <table className="grid compact cats-table" data-testid="categories-table">
              <thead>
                <tr>
                  <th>{t('cats.col.color')}</th>
                  <th>{t('cats.col.name')}</th>
                  <th className="num">{t('cats.col.count')}</th>
                  <th>
                    <span className="sr-only">{t('cats.col.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {categories.map((c) => (
                  <CategoryRow key={c.id} category={c} onSave={saveCategory} onDelete={(x) => void deleteCategory(x)} />
                ))}
              </tbody>
            </table>
          )}
          <form className="toolbar cats-add" onSubmit={(e) => void addCategory(e)} noValidate>
            <input
              value={newCat.name}
              onChange={(e) => {
                setNewCat({ ...newCat, name: e.target.value });
                setCatAddError(null);
              }}
              maxLength={60}
              aria-label={t('cats.newName')}
              placeholder={t('cats.newName')}
              aria-invalid={catAddError ? true : undefined}
              data-testid="cat-new-name"
            />
            <input type="color" className="cats-color" value={newColor} onChange={(e) => setNewCat({ ...newCat, color: e.target.value })} aria-label={t('cats.newColor')} data-testid="cat-new-color" />
            <button type="submit" data-testid="cat-add">
              {t('cats.addCategory')}
            </button>
            {catAddError && (
              <span className="cats-error small" role="alert" data-testid="cat-add-error">
                {catAddError}
              </span>
            )}
          </form>
        </section>

        <section className="cats-panel" aria-labelledby={tagTitle} data-testid="tags-panel">
          <h2 id={tagTitle} ref={tagHeading} tabIndex={-1} className="section-title cats-heading">
            {t('cats.tags.title')}
          </h2>
          <p className="muted small">{t('cats.tags.help')}</p>
          {tags === null ? (
            <p className="muted">{t('cats.loading')}</p>
          ) : tags.length === 0 ? (
            <p className="muted" data-testid="tags-empty">
              {t('cats.tags.empty')}
            </p>
          ) : (
            <table className="grid compact cats-table" data-testid="tags-table">
              <thead>
                <tr>
                  <th>{t('cats.tags.col.name')}</th>
                  <th className="num">{t('cats.tags.col.count')}</th>
                  <th>
                    <span className="sr-only">{t('cats.col.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tags.map((tag) => (
                  <tr key={tag.id} data-testid="tag-row" data-tag-id={tag.id}>
                    <td>
                      <InlineName value={tag.name} label={t('cats.tags.nameOf', { name: tag.name })} testId="tag-name" kind="tag" onSave={(name) => saveTag(tag, name)} />
                    </td>
                    <td className="num" data-testid="tag-count">
                      {t('cats.count', { n: tag.count })}
                    </td>
                    <td className="num">
                      <button type="button" onClick={() => void deleteTag(tag)} aria-label={t('cats.tags.deleteNamed', { name: tag.name })} data-testid="tag-delete">
                        {t('cats.delete')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <form className="toolbar cats-add" onSubmit={(e) => void addTag(e)} noValidate>
            <input
              value={newTag}
              onChange={(e) => {
                setNewTag(e.target.value);
                setTagAddError(null);
              }}
              maxLength={60}
              aria-label={t('cats.tags.newName')}
              placeholder={t('cats.tags.newName')}
              aria-invalid={tagAddError ? true : undefined}
              data-testid="tag-new-name"
            />
            <button type="submit" data-testid="tag-add">
              {t('cats.tags.add')}
            </button>
            {tagAddError && (
              <span className="cats-error small" role="alert" data-testid="tag-add-error">
                {tagAddError}
              </span>
            )}
          </form>
        </section>
      </div>
    </div>
  );
}
