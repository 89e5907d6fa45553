import { useState } from 'react';
import type { RecoveryState } from '../../../shared/api/contract';
import { useApi } from '../hooks';
import { useI18n } from '../i18n';

/**
 * Shown instead of the app when the database is damaged: what SQLite found and the newest intact
 * backup, restored with one click (the damaged file is kept beside it; nothing is deleted).
 */
export function RecoveryView({ state, onRestored }: { state: RecoveryState; onRestored: (notice: string) => void }) {
  const { t } = useI18n();
  const { api, reportError } = useApi();
  const [busy, setBusy] = useState(false);
  const backup = state.backup;
  const restore = async () => {
    if (!backup) return;
    setBusy(true);
    try {
      const r = await api.call('recovery.restore', { name: backup.name });
      onRestored(t('rc.restored', { name: r.restored, aside: r.movedAside ?? '—' }));
    } catch (e) {
      reportError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="view" aria-labelledby="recovery-title" data-testid="recovery">
      <h1 id="recovery-title">{t('rc.title')}</h1>
      <p>
        {t('rc.problem')} <code className="path">{state.problem}</code>
      </p>
      {backup ? (
        <>
          <p data-testid="recovery-backup">{t('rc.backup', { name: backup.name, date: `${backup.createdAt.slice(0, 10)} ${backup.createdAt.slice(11, 16)}`, path: state.databasePath })}</p>
          <button type="button" className="primary" disabled={busy} onClick={() => void restore()} data-testid="recovery-restore">
            {t('rc.restore')}
          </button>
        </>
      ) : (
        <p data-testid="recovery-none">{t('rc.none', { path: state.databasePath })}</p>
      )}
    </section>
  );
}
