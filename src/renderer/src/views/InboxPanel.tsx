/**
 * New statement files found in the inbox folder (src/services/inbox.ts), each with what Meisai
 * detected. "Import…" hands the file to the normal preview → commit flow; nothing is imported here.
 */
import { useCallback, useEffect, useState } from 'react';
import type { InboxFile, InboxState } from '../../../shared/api/contract';
import { useApi } from '../hooks';
import { useI18n } from '../i18n';
import type { PendingFile } from './MappingDialog';

/** How often the panel asks for the folder's state while it is shown (the core watches the folder). */
const POLL_MS = 3_000;

export function InboxPanel({ onPick }: { onPick: (files: PendingFile[]) => void }) {
  const { t, date } = useI18n();
  const { api, reportError, dataVersion } = useApi();
  const [state, setState] = useState<InboxState | null>(null);

  const refresh = useCallback((scan: boolean) => api.call(scan ? 'inbox.scan' : 'inbox.state', {}).then(setState, () => undefined), [api]);
  useEffect(() => {
    void refresh(true);
    const timer = setInterval(() => void refresh(false), POLL_MS);
    return () => clearInterval(timer);
  }, [refresh, dataVersion]);

  const pick = async (files: InboxFile[]) => {
    try {
      onPick(await Promise.all(files.map((f) => api.call('inbox.read', { id: f.id }))));
    } catch (e) {
      reportError(e);
      void refresh(true);
    }
  };

  if (!state) return null;
  return (
    <section className="inbox panel" aria-labelledby="inbox-title" data-testid="inbox">
      <header className="toolbar">
        <h2 id="inbox-title">{t('inbox.title')}</h2>
        <span className="muted small" data-testid="inbox-dir">
          {state.dir ? t('inbox.folder', { dir: state.dir }) : t('inbox.noFolder')}
        </span>
        <span className="spacer" />
        {state.offered.length > 1 && (
          <button type="button" className="primary" onClick={() => void pick(state.offered)} data-testid="inbox-import-all">
            {t('inbox.importAll')}
          </button>
        )}
      </header>
      {state.offered.length === 0 ? (
        <p className="muted small" data-testid="inbox-empty">
          {t('inbox.empty')}
        </p>
      ) : (
        <ul className="inbox-list">
          {state.offered.map((f) => (
            <li key={f.id} data-testid="inbox-file">
              <strong className="inbox-name">{f.name}</strong>
              <span>{f.formatLabel ?? f.format}</span>
              {f.cardName && <span className="muted">{f.cardName}</span>}
              {f.month && <span>{t('inbox.month', { month: f.month })}</span>}
              {f.periodFrom && f.periodTo && (
                <span className="muted small">
                  {date(f.periodFrom)} – {date(f.periodTo)}
                </span>
              )}
              {f.rows !== null && <span className="muted">{t('inbox.rows', { n: String(f.rows) })}</span>}
              <span className="spacer" />
              <button type="button" className="primary" onClick={() => void pick([f])} data-testid="inbox-import">
                {t('inbox.import')}
              </button>
              <button type="button" onClick={() => void api.call('inbox.dismiss', { id: f.id }).then(() => refresh(false), reportError)} data-testid="inbox-dismiss">
                {t('inbox.dismiss')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
