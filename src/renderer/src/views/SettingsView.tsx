import type { AppInfo, Settings } from '../../../shared/api/contract';
import { useI18n } from '../i18n';

const CURRENCIES = ['JPY', 'USD', 'EUR', 'GBP', 'AUD', 'CAD', 'CHF', 'CNY', 'HKD', 'KRW', 'SGD', 'TWD', 'THB'];

export function SettingsView({ settings, info, onChange }: { settings: Settings; info: AppInfo | null; onChange: (p: Partial<Settings>) => Promise<void> }) {
  const { t } = useI18n();
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
