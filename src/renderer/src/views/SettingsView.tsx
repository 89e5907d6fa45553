import { useEffect, useState } from 'react';
import type { AppInfo, Settings } from '../../../shared/api/contract';
import { useApi } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import { CurrencyOptions } from './CurrencyOptions';
import type { BackupInfo, BackupPreview } from '../../../shared/api/contract';

export function SettingsView({ settings, info, onChange, onReload }: { settings: Settings; info: AppInfo | null; onChange: (p: Partial<Settings>) => Promise<void>; onReload: () => void }) {
  const { t } = useI18n();
  const { api, reportError } = useApi();
  const [root, setRoot] = useState('');
  const [target, setTarget] = useState('');
  const [moving, setMoving] = useState(false);
  const [patterns, setPatterns] = useState({ statementPattern: settings.statementPattern, receiptPattern: settings.receiptPattern });
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    api.call('files.list', {}).then((r) => setRoot(r.root), reportError);
  }, [api, reportError, settings.libraryDir]);

  const move = async () => {
    setMoving(true);
    try {
      const r = await api.call('files.moveLibrary', { dir: target.trim() });
      setNotice(t('settings.library.moved', { n: r.moved, dir: r.libraryDir }));
      setTarget('');
      onReload();
    } catch (e) {
      reportError(e);
    } finally {
      setMoving(false);
    }
  };
  return (
    <section className="view" aria-labelledby="settings-title">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <div className="form-grid">
        <label htmlFor="set-locale">{t('settings.language')}</label>
        <select id="set-locale" value={settings.locale} onChange={(e) => void onChange({ locale: e.target.value as Settings['locale'] })}>
          <option value="ja">日本語</option>
          <option value="en">English</option>
        </select>
        <label htmlFor="set-currency">{t('settings.homeCurrency')}</label>
        <select id="set-currency" value={settings.homeCurrency} onChange={(e) => void onChange({ homeCurrency: e.target.value })} data-testid="set-currency">
          <CurrencyOptions />
        </select>
        <span>{t('settings.library')}</span>
        <div>
          <code className="path" data-testid="library-root">
            {root}
          </code>
          <div className="toolbar">
            <input aria-label={t('settings.library.moveTo')} placeholder={t('settings.library.moveTo')} value={target} onChange={(e) => setTarget(e.target.value)} className="grow" />
            <button type="button" disabled={!target.trim() || moving} onClick={() => void move()}>
              {t('settings.library.move')}
            </button>
          </div>
          {notice && <p className="muted small">{notice}</p>}
        </div>
        <label htmlFor="set-learning">{t('settings.learning')}</label>
        <select id="set-learning" value={settings.ruleLearning} onChange={(e) => void onChange({ ruleLearning: e.target.value as Settings['ruleLearning'] })}>
          <option value="offer">{t('settings.learning.offer')}</option>
          <option value="auto">{t('settings.learning.auto')}</option>
          <option value="off">{t('settings.learning.off')}</option>
        </select>
        <span />
        <label>
          <input type="checkbox" checked={settings.merchantKnowledge} onChange={(e) => void onChange({ merchantKnowledge: e.target.checked })} data-testid="set-knowledge" /> {t('settings.knowledge')}
        </label>
        <span>{t('inbox.settings')}</span>
        <InboxSettings settings={settings} onChange={onChange} />
        <label htmlFor="set-stmt-pattern">{t('settings.statementPattern')}</label>
        <input id="set-stmt-pattern" value={patterns.statementPattern} onChange={(e) => setPatterns({ ...patterns, statementPattern: e.target.value })} onBlur={() => void onChange({ statementPattern: patterns.statementPattern })} />
        <label htmlFor="set-receipt-pattern">{t('settings.receiptPattern')}</label>
        <input id="set-receipt-pattern" value={patterns.receiptPattern} onChange={(e) => setPatterns({ ...patterns, receiptPattern: e.target.value })} onBlur={() => void onChange({ receiptPattern: patterns.receiptPattern })} />
        <span />
        <p className="muted small">{t('settings.patternHelp')}</p>
        <span>{t('bk.title')}</span>
        <Backups />
        {info && (
          <>
            <span>{t('settings.dataDir')}</span>
            <code className="path">{info.dataDir}</code>
            <span>{t('settings.database')}</span>
            <code className="path">
              {info.databasePath} (schema {info.schemaVersion})
            </code>
            <span>{t('settings.mode')}</span>
            <span>{info.mode === 'desktop' ? t('settings.mode.desktop') : t('settings.mode.web')}</span>
            <span>{t('settings.version')}</span>
            <span>{info.version}</span>
          </>
        )}
      </div>
    </section>
  );
}

/** The statement inbox: on/off and its folder (empty = the system's Downloads). */
function InboxSettings({ settings, onChange }: { settings: Settings; onChange: (p: Partial<Settings>) => Promise<void> }) {
  const { t } = useI18n();
  const { api } = useApi();
  const [dir, setDir] = useState(settings.inboxDir ?? '');
  const [shown, setShown] = useState<string | null>(null);
  useEffect(() => {
    api.call('inbox.state', {}).then((s) => setShown(s.dir), () => undefined);
  }, [api, settings.inbox, settings.inboxDir]);
  const save = async (patch: Partial<Settings>) => {
    await onChange(patch);
    // Look at the (new) folder at once.
    void api.call('inbox.scan', {}).then((s) => setShown(s.dir), () => undefined);
  };
  return (
    <div data-testid="inbox-settings">
      <p className="muted small">{t('inbox.settings.hint')}</p>
      <label>
        <input type="checkbox" checked={settings.inbox} onChange={(e) => void save({ inbox: e.target.checked })} data-testid="set-inbox" /> {t('inbox.settings.on')}
      </label>
      <div className="toolbar">
        <input aria-label={t('inbox.settings.dir')} placeholder={t('inbox.settings.dir')} value={dir} onChange={(e) => setDir(e.target.value)} className="grow" data-testid="set-inbox-dir" />
        <button type="button" onClick={() => void save({ inboxDir: dir.trim() || null })} data-testid="set-inbox-save">
          {t('inbox.settings.save')}
        </button>
      </div>
      {shown && <code className="path">{shown}</code>}
    </div>
  );
}

/** Back up now; pick a backup, see what it holds, restore it (the current state is backed up first). */
function Backups() {
  const { t, date } = useI18n();
  const { api, reportError, dataVersion, dataChanged } = useApi();
  const [list, setList] = useState<BackupInfo[]>([]);
  const [preview, setPreview] = useState<BackupPreview | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const reload = () => api.call('backups.list', {}).then(setList, reportError);
  useEffect(() => {
    api.call('backups.list', {}).then(setList, reportError);
  }, [api, reportError, dataVersion]);
  const reason = (r: string) => (['start', 'import', 'manual', 'before-restore', 'migration'].includes(r) ? t(`bk.reason.${r}` as MessageKey) : r);
  return (
    <div data-testid="backups">
      <p className="muted small">{t('bk.hint')}</p>
      <button
        type="button"
        onClick={() =>
          void api.call('backups.create', {}).then((b) => {
            setNotice(t('bk.done', { name: b.name }));
            void reload();
          }, reportError)
        }
        data-testid="backup-now"
      >
        {t('bk.now')}
      </button>
      {notice && (
        <p className="muted small" role="status" data-testid="backup-notice">
          {notice}
        </p>
      )}
      {list.length === 0 ? (
        <p className="muted small">{t('bk.none')}</p>
      ) : (
        <table className="grid compact" data-testid="backup-list">
          <tbody>
            {list.slice(0, 20).map((b) => (
              <tr key={b.name} data-testid="backup-row">
                <td>
                  {date(b.createdAt.slice(0, 10))} {b.createdAt.slice(11, 16)} UTC <span className="muted small">{reason(b.reason)}</span>
                  {b.damaged && <span className="error-text small"> {t('bk.damagedTag')}</span>}
                </td>
                <td className="num muted small">{(b.size / 1024).toFixed(0)} KB</td>
                <td>
                  <button type="button" className="link" onClick={() => void api.call('backups.inspect', { name: b.name }).then(setPreview, reportError)} data-testid="backup-preview">
                    {t('bk.preview')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {preview && (
        <div className="banner suggest" data-testid="backup-preview-box">
          <span>
            <strong>{preview.name}</strong>{' '}
            {preview.ok
              ? t('bk.summary', { transactions: preview.transactions, imports: preview.imports, cards: preview.cards, first: preview.firstDate ?? '—', last: preview.lastDate ?? '—' })
              : t('bk.damaged', { problem: preview.problem ?? '' })}
          </span>
          {preview.ok && preview.library && (
            <span className="small" data-testid="backup-library">
              {t('bk.library', { documents: preview.library.documents })}
              {preview.library.addedSince > 0 && ` ${t('bk.library.added', { n: preview.library.addedSince })}`}
              {preview.library.gone > 0 && ` ${t('bk.library.gone', { n: preview.library.gone })}`}
            </span>
          )}
          {preview.ok && (
            <button
              type="button"
              className="primary"
              data-testid="backup-restore"
              onClick={() => {
                if (!window.confirm(t('bk.confirm', { name: preview.name }))) return;
                void api.call('backups.restore', { name: preview.name }).then((r) => {
                  setNotice(t('bk.restored', { name: r.restored, n: r.transactions, safety: r.safetyBackup }));
                  setPreview(null);
                  dataChanged();
                }, reportError);
              }}
            >
              {t('bk.restore')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
