import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import type { Card, FileResult, ImportProgress, ImportRecord } from '../../../shared/api/contract';
import { useApi } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import { InboxPanel } from './InboxPanel';
import { MappingDialog, type PendingFile } from './MappingDialog';

const PREVIEW_ROWS = 50;

/** `embedded`: inside the first-run guide (no title, no history). */
export function ImportView({ onShowTransactions, homeCurrency, onImported, embedded = false }: { onShowTransactions: () => void; homeCurrency: string; onImported?: (results: FileResult[]) => void; embedded?: boolean }) {
  const { t, money, date } = useI18n();
  const { api, reportError, dataChanged } = useApi();
  const [pending, setPending] = useState<PendingFile[]>([]);
  const [previews, setPreviews] = useState<FileResult[]>([]);
  const [busy, setBusy] = useState<'reading' | 'committing' | null>(null);
  const [done, setDone] = useState<FileResult[] | null>(null);
  const [cards, setCards] = useState<Card[]>([]);
  const [cardChoice, setCardChoice] = useState<string>('');
  const [newCardName, setNewCardName] = useState('');
  const [history, setHistory] = useState<ImportRecord[]>([]);
  const [dragging, setDragging] = useState(false);
  const [mappingFor, setMappingFor] = useState<number | null>(null);
  const [confirmUndo, setConfirmUndo] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);

  // While an import works (in a worker off the API's thread), poll where it is.
  useEffect(() => {
    if (!busy) return;
    let stop = false;
    const tick = () =>
      api.call('import.progress', {}).then(
        (p) => {
          if (!stop) setProgress(p);
        },
        () => undefined,
      );
    const timer = setInterval(tick, 250);
    return () => {
      stop = true;
      clearInterval(timer);
      setProgress(null);
    };
  }, [api, busy]);

  const loadLists = useCallback(() => {
    api.call('cards.list', {}).then(setCards, reportError);
    api.call('imports.list', {}).then(setHistory, reportError);
  }, [api, reportError]);
  useEffect(loadLists, [loadLists]);

  const refFor = (choice: string, newName = newCardName) => (choice === '' ? null : choice === '__new' ? newName.trim() || null : Number(choice));
  const cardRef = refFor(cardChoice);

  const preview = useCallback(
    async (files: PendingFile[], card: number | string | null) => {
      if (files.length === 0) return;
      setBusy('reading');
      setDone(null);
      setNotice(null);
      try {
        const res = await api.call('import.preview', { files, card });
        setPreviews(res.files);
      } catch (e) {
        reportError(e);
      } finally {
        setBusy(null);
      }
    },
    [api, reportError],
  );

  const addFiles = async (list: FileList | null) => {
    if (!list || list.length === 0) return;
    setBusy('reading');
    const files = await Promise.all(Array.from(list).map(async (f) => ({ name: f.name, data: new Uint8Array(await f.arrayBuffer()) })));
    await loadFiles(files);
  };

  /** Files from the drop zone, the file picker or the inbox: into the preview. */
  const loadFiles = async (files: PendingFile[]) => {
    setPending(files);
    await preview(files, cardRef);
  };

  const finish = (results: FileResult[]) => {
    setDone(results);
    setPreviews([]);
    setPending([]);
    dataChanged();
    loadLists();
    onImported?.(results);
  };

  const commit = async () => {
    // Previews come back in the order the files were sent.
    const files = pending.filter((_f, i) => previews[i]?.status === 'ready');
    if (files.length === 0) return;
    setBusy('committing');
    try {
      const res = await api.call('import.commit', { files, card: cardRef });
      finish(res.files);
    } catch (e) {
      reportError(e);
    } finally {
      setBusy(null);
    }
  };

  const undo = async (h: ImportRecord) => {
    setConfirmUndo(null);
    try {
      const res = await api.call('imports.undo', { id: h.id });
      setNotice(t('import.history.undoneMsg', { file: h.fileName, n: res.removed }));
      dataChanged();
      loadLists();
    } catch (e) {
      reportError(e);
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void addFiles(e.dataTransfer.files);
  };

  const readyCount = previews.filter((p) => p.status === 'ready').length;
  const insertedTotal = done?.reduce((s, f) => s + f.inserted, 0) ?? 0;

  return (
    <section className={embedded ? undefined : 'view'} aria-labelledby={embedded ? undefined : 'import-title'}>
      {!embedded && <h1 id="import-title">{t('import.title')}</h1>}
      <div
        className={dragging ? 'dropzone dragging' : 'dropzone'}
        data-testid="dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p className="drop-title">{t('import.drop')}</p>
        <p className="muted">{t('import.or')}</p>
        <button type="button" className="primary" onClick={() => inputRef.current?.click()}>
          {t('import.choose')}
        </button>
        <input
          ref={inputRef}
          id="import-file-input"
          data-testid="file-input"
          type="file"
          multiple
          accept=".csv,.txt,.tsv,.pdf,text/csv,application/pdf"
          hidden
          onChange={(e) => {
            void addFiles(e.target.files);
            e.target.value = '';
          }}
        />
        <p className="muted small">{t('import.hint')}</p>
      </div>

      {previews.length === 0 && <InboxPanel onPick={(files) => void loadFiles(files)} />}

      {busy && (
        <div className="progress" role="status" aria-live="polite" data-testid="import-progress">
          <span className="spinner" aria-hidden="true" />
          <span>{busy === 'reading' ? t('import.reading') : t('import.committing')}</span>
          {progress && (
            <>
              <span className="muted">
                {t(`import.phase.${progress.phase}` as MessageKey)} · {t('import.progressFile', { file: progress.file, i: progress.fileIndex, n: progress.files })}
              </span>
              {progress.total > 0 && (
                <progress max={progress.total} value={progress.done} aria-label={t(`import.phase.${progress.phase}` as MessageKey)}>
                  {Math.round((100 * progress.done) / progress.total)}%
                </progress>
              )}
            </>
          )}
        </div>
      )}

      {notice && (
        <div className="banner success" role="status">
          {notice}
        </div>
      )}

      {done && (
        <div className="banner success" role="status" data-testid="import-done">
          <span>{t('import.done', { n: insertedTotal, files: done.filter((f) => f.status === 'imported' || f.status === 'filed').length })}</span>
          {done
            .filter((f) => f.status === 'error')
            .map((f) => (
              <span key={f.file}>
                {f.file}: {f.errors.map((e) => e.message).join(' / ')}
              </span>
            ))}
          <button type="button" onClick={onShowTransactions}>
            {t('import.viewTransactions')}
          </button>
        </div>
      )}

      {previews.length > 0 && (
        <>
          <div className="toolbar">
            <label htmlFor="import-card">{t('import.card')}</label>
            <select
              id="import-card"
              value={cardChoice}
              onChange={(e) => {
                setCardChoice(e.target.value);
                void preview(pending, refFor(e.target.value));
              }}
            >
              <option value="">{t('import.card.auto')}</option>
              {cards.map((c) => (
                <option key={c.id} value={String(c.id)}>
                  {c.name}
                </option>
              ))}
              <option value="__new">{`+ ${t('import.card.new')}`}</option>
            </select>
            {cardChoice === '__new' && (
              <input aria-label={t('import.card.new')} value={newCardName} onChange={(e) => setNewCardName(e.target.value)} onBlur={() => void preview(pending, cardRef)} />
            )}
            <span className="spacer" />
            <button type="button" onClick={() => (setPreviews([]), setPending([]))}>
              {t('import.cancel')}
            </button>
            <button type="button" className="primary" data-testid="commit" disabled={readyCount === 0 || busy !== null} onClick={() => void commit()}>
              {t('import.commit', { n: readyCount })}
            </button>
          </div>
          {previews.map((p, index) => (
            <article key={`${p.file}-${index}`} className={`file-preview status-${p.status}`} data-testid="file-preview">
              <header>
                <h2>{p.file}</h2>
                <span className={`badge ${p.status}`}>{t(`import.status.${p.status}` as MessageKey)}</span>
                <span className="spacer" />
                {p.needsMapping && (
                  <button type="button" onClick={() => setMappingFor(index)} data-testid="map-columns">
                    {t('import.mapColumns')}
                  </button>
                )}
              </header>
              <dl className="facts">
                <dt>{t('import.format')}</dt>
                <dd>{p.formatLabel ?? p.format ?? '—'}</dd>
                <dt>{t('import.encoding')}</dt>
                <dd>{p.encoding ?? '—'}</dd>
                <dt>{t('import.card')}</dt>
                <dd>{p.card ? `${p.card.name}${p.card.isNew ? ` (${t('import.card.new')})` : ''}` : '—'}</dd>
                <dt>{t('import.period')}</dt>
                <dd>{p.periodFrom && p.periodTo ? `${date(p.periodFrom)} – ${date(p.periodTo)}` : '—'}</dd>
                {p.statementMonth && (
                  <>
                    <dt>{t('import.statementMonth')}</dt>
                    <dd>{p.statementMonth}</dd>
                  </>
                )}
                <dt>{t('import.rows', { n: p.rows })}</dt>
                <dd>
                  {t('import.newRows', { n: p.rows - p.duplicates })} · {t('import.duplicates', { n: p.duplicates - (p.updated ?? 0) })}
                  {p.updated ? <span data-testid="import-updates"> · {t('import.updates', { n: p.updated })}</span> : null}
                </dd>
                {p.total && (
                  <>
                    <dt>{t('import.total')}</dt>
                    <dd className={p.total.printed === p.total.computed ? 'ok' : 'mismatch'} data-testid="total-check">
                      {p.total.printed === p.total.computed
                        ? `✓ ${t('import.total.ok', { printed: money(p.total.printed, p.total.currency) })}`
                        : `⚠ ${t('import.total.mismatch', { printed: money(p.total.printed, p.total.currency), computed: money(p.total.computed, p.total.currency) })}`}
                    </dd>
                  </>
                )}
              </dl>
              {p.errors.length > 0 && (
                <div className="problems" role="alert">
                  <h3>{t('import.errors')}</h3>
                  <ul>
                    {p.errors.slice(0, 20).map((e, i) => (
                      <li key={i}>{e.message}</li>
                    ))}
                  </ul>
                </div>
              )}
              {p.warnings.length > 0 && (
                <div className="notes">
                  <h3>{t('import.warnings')}</h3>
                  <ul>
                    {p.warnings.map((w, i) => (
                      <li key={i}>{w.message}</li>
                    ))}
                  </ul>
                </div>
              )}
              {p.preview && p.preview.length > 0 && (
                <table className="grid compact">
                  <thead>
                    <tr>
                      <th>#</th>
                      <th>{t('tx.col.date')}</th>
                      <th>{t('tx.col.description')}</th>
                      <th>{t('tx.col.holder')}</th>
                      <th className="num">{t('tx.col.amount')}</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {p.preview.slice(0, PREVIEW_ROWS).map((r) => (
                      <tr key={r.line} className={r.duplicate ? 'dup' : undefined} title={r.duplicate ?? r.updates ?? undefined}>
                        <td className="muted">{r.line}</td>
                        <td>{date(r.date)}</td>
                        <td>
                          <bdi>{r.description}</bdi>
                        </td>
                        <td>{r.cardholder ?? ''}</td>
                        <td className={r.amountMinor < 0 ? 'num credit' : 'num'}>{money(r.amountMinor, r.currency)}</td>
                        <td>
                          {r.duplicate ? (
                            <span className="badge dup" title={r.duplicate}>
                              {t('import.duplicateRow')}
                            </span>
                          ) : r.updates ? (
                            <span className="badge" title={r.updates} data-testid="row-updates">
                              {t('import.updatesRow')}
                            </span>
                          ) : r.kind !== 'purchase' ? (
                            t(`kind.${r.kind}` as MessageKey)
                          ) : (
                            ''
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {p.rows > PREVIEW_ROWS && p.preview && <p className="muted small">{t('import.moreRows', { n: p.rows - Math.min(PREVIEW_ROWS, p.preview.length) })}</p>}
            </article>
          ))}
        </>
      )}

      {mappingFor !== null && pending[mappingFor] && (
        <MappingDialog
          file={pending[mappingFor]!}
          card={cardRef}
          homeCurrency={homeCurrency}
          onClose={() => setMappingFor(null)}
          onImported={(r) => {
            setMappingFor(null);
            const rest = previews.filter((_p, i) => i !== mappingFor);
            if (rest.some((p) => p.status === 'ready')) {
              setPending(pending.filter((_f, i) => i !== mappingFor));
              setPreviews(rest);
              setDone([r]);
              dataChanged();
              loadLists();
            } else finish([r]);
          }}
        />
      )}

      {!embedded && (
        <>
      <h2 className="section-title">{t('import.history')}</h2>
      {history.length === 0 ? (
        <p className="muted">{t('import.history.empty')}</p>
      ) : (
        <table className="grid compact" data-testid="import-history">
          <thead>
            <tr>
              <th>{t('import.history.file')}</th>
              <th>{t('import.period')}</th>
              <th>{t('import.format')}</th>
              <th>{t('import.card')}</th>
              <th className="num">{t('import.rows', { n: '' }).trim()}</th>
              <th>{t('import.history.when')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {history.map((h) => (
              <tr key={h.id} className={h.status === 'undone' ? 'undone' : undefined}>
                <td>
                  {h.fileName}
                  <div className="muted small mono" title={h.contentHash}>
                    {h.contentHash.slice(0, 12)}
                  </div>
                </td>
                <td className="nowrap">{h.periodFrom && h.periodTo ? `${date(h.periodFrom)} – ${date(h.periodTo)}` : '—'}</td>
                <td>
                  {h.format} · {h.encoding}
                </td>
                <td>{h.cardName ?? '—'}</td>
                <td className="num">
                  {h.inserted}
                  {h.duplicates > 0 && <span className="muted small"> (+{h.duplicates})</span>}
                </td>
                <td className="muted small nowrap">{h.importedAt.replace('T', ' ').slice(0, 16)}</td>
                <td className="nowrap">
                  {h.status === 'undone' ? (
                    <span className="badge">{t('import.history.undone')}</span>
                  ) : confirmUndo === h.id ? (
                    <>
                      <button type="button" className="danger" onClick={() => void undo(h)} data-testid="confirm-undo">
                        {t('import.history.confirmUndo', { n: h.inserted })}
                      </button>{' '}
                      <button type="button" onClick={() => setConfirmUndo(null)}>
                        {t('import.cancel')}
                      </button>
                    </>
                  ) : (
                    <button type="button" onClick={() => setConfirmUndo(h.id)} data-testid="undo">
                      {t('import.history.undo')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
        </>
      )}
    </section>
  );
}
