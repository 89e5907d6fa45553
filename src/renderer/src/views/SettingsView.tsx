import { useEffect, useState } from 'react';
import type { AppInfo, Settings } from '../../../shared/api/contract';
import { useApi } from '../hooks';
import { useI18n } from '../i18n';

const CURRENCIES = ['JPY', 'USD', 'EUR', 'GBP', 'AUD', 'CAD', 'CHF', 'CNY', 'HKD', 'KRW', 'SGD', 'TWD', 'THB'];

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
        <select id="set-currency" value={settings.homeCurrency} onChange={(e) => void onChange({ homeCurrency: e.target.value })}>
          {CURRENCIES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
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
        <label htmlFor="set-stmt-pattern">{t('settings.statementPattern')}</label>
        <input id="set-stmt-pattern" value={patterns.statementPattern} onChange={(e) => setPatterns({ ...patterns, statementPattern: e.target.value })} onBlur={() => void onChange({ statementPattern: patterns.statementPattern })} />
        <label htmlFor="set-receipt-pattern">{t('settings.receiptPattern')}</label>
        <input id="set-receipt-pattern" value={patterns.receiptPattern} onChange={(e) => setPatterns({ ...patterns, receiptPattern: e.target.value })} onBlur={() => void onChange({ receiptPattern: patterns.receiptPattern })} />
        <span />
        <p className="muted small">{t('settings.patternHelp')}</p>
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
