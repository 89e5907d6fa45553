import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AppInfo, FileResult, InboxFile, Locale, RecoveryState, Settings } from '../../shared/api/contract';
import { ApiContext } from './hooks';
import { createRendererApi } from './api';
import { errorText } from './errors';
import { I18nContext, makeI18n, type MessageKey } from './i18n';
import { ImportView } from './views/ImportView';
import { FilesView } from './views/FilesView';
import { FirstRunGuide } from './views/FirstRunGuide';
import { SettingsView } from './views/SettingsView';
import { SubscriptionsView } from './views/SubscriptionsView';
import { RecoveryView } from './views/RecoveryView';
import { ReviewView } from './views/ReviewView';
import type { TransactionFilter } from '../../shared/api/contract';
import { TransactionsView } from './views/TransactionsView';

export type Section = 'import' | 'transactions' | 'subscriptions' | 'files' | 'review' | 'settings';
const SECTIONS: Section[] = ['import', 'transactions', 'subscriptions', 'files', 'review', 'settings'];

export function App() {
  const { api } = useMemo(() => createRendererApi(), []);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [section, setSection] = useState<Section>('transactions');
  const [error, setError] = useState<string | null>(null);
  const [dataVersion, setDataVersion] = useState(0);
  // A filter another section hands to Transactions (a review's category, a merchant): it opens with it.
  const [handoff, setHandoff] = useState<{ filter: TransactionFilter; n: number }>({ filter: {}, n: 0 });
  // The first-run guide: shown while the ledger is empty and the guide is neither finished nor skipped.
  const [firstRun, setFirstRun] = useState(false);
  // The month the review opens on (after the first import: that statement's month).
  const [reviewMonth, setReviewMonth] = useState<{ month: string | null; n: number }>({ month: null, n: 0 });
  // Statement files that arrived in the inbox folder while the app was closed.
  const [arrived, setArrived] = useState<InboxFile[]>([]);
  // The database is damaged: the app offers the newest intact backup instead (RecoveryView).
  const [recovery, setRecovery] = useState<RecoveryState | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  /** Settings, app info and whether the guide is due: on start, and after the data folder changed. */
  const loadApp = useCallback(
    () =>
      Promise.all([api.call('settings.get', {}), api.call('app.info', {}), api.call('imports.list', {})])
        .then(([s, i, imported]) => {
          setSettings(s);
          setInfo(i);
          setFirstRun(!s.onboarded && imported.length === 0);
          // A ledger from before the guide existed (or found in a chosen folder) needs no guide.
          if (!s.onboarded && imported.length > 0) void api.call('settings.update', { onboarded: true }).then(setSettings, () => undefined);
        })
        .catch(async (e: unknown) => {
          const state = await api.call('recovery.state', {}).catch(() => null);
          if (state?.damaged) setRecovery(state);
          else setError(e instanceof Error ? e.message : String(e));
        }),
    [api],
  );
  useEffect(() => {
    void loadApp();
    api.call('inbox.scan', {}).then((st) => setArrived(st.notice), () => undefined);
  }, [api, loadApp]);

  const acknowledgeArrivals = (show: boolean) => {
    setArrived([]);
    void api.call('inbox.ack', {}).catch(() => undefined);
    if (show) setSection('import');
  };

  const finishGuide = () => {
    setFirstRun(false);
    void updateSettings({ onboarded: true });
  };

  /** After the first import: the guide is done and that month's review opens. */
  const firstImportDone = (results: FileResult[]) => {
    const imported = results.filter((r) => r.status === 'imported' && r.inserted > 0);
    if (imported.length === 0) return;
    // Several statements: the latest month among them.
    const month = imported.map((r) => r.periodTo?.slice(0, 7) ?? r.statementMonth ?? '').sort().at(-1) || null;
    finishGuide();
    // The guide showed the inbox already: no separate notice about the same files.
    acknowledgeArrivals(false);
    setReviewMonth((r) => ({ month, n: r.n + 1 }));
    setSection('review');
  };

  const locale: Locale = settings?.locale ?? (navigator.language.startsWith('ja') ? 'ja' : 'en');
  const i18n = useMemo(() => makeI18n(locale), [locale]);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const updateSettings = useCallback(
    async (patch: Partial<Settings>) => {
      try {
        setSettings(await api.call('settings.update', patch));
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
      }
    },
    [api],
  );

  // Alt+1…6 jumps between sections from anywhere.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const n = Number(e.key);
      if (n >= 1 && n <= SECTIONS.length) {
        e.preventDefault();
        setSection(SECTIONS[n - 1]!);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const ctx = useMemo(() => ({ api, reportError: (e: unknown) => setError(errorText(e, i18n.t)), dataVersion, dataChanged: () => setDataVersion((v) => v + 1) }), [api, dataVersion, i18n]);
  const { t } = i18n;

  return (
    <I18nContext.Provider value={i18n}>
      <ApiContext.Provider value={ctx}>
        <div className="shell">
          <nav className="sidebar" aria-label="Meisai">
            <div className="brand">{t('app.title')}</div>
            <ul>
              {SECTIONS.map((s, i) => (
                <li key={s}>
                  <button
                    type="button"
                    className={s === section ? 'nav-item active' : 'nav-item'}
                    aria-current={s === section ? 'page' : undefined}
                    data-section={s}
                    onClick={() => setSection(s)}
                    title={t('nav.shortcut', { n: String(i + 1) })}
                  >
                    {t(`nav.${s}` as MessageKey)}
                  </button>
                </li>
              ))}
            </ul>
            <div className="sidebar-foot">
              <button type="button" className="lang-switch" aria-label={t('lang.label')} onClick={() => void updateSettings({ locale: locale === 'ja' ? 'en' : 'ja' })}>
                {t('lang.switch')}
              </button>
            </div>
          </nav>
          <main className="content">
            {error && (
              <div className="banner error" role="alert">
                <strong>{t('error.title')}:</strong> <span>{error}</span>
                <button type="button" onClick={() => setError(null)}>
                  {t('error.dismiss')}
                </button>
              </div>
            )}
            {arrived.length > 0 && !firstRun && (
              <div className="banner notice" role="status" data-testid="inbox-notice">
                <span>{t('inbox.notice', { n: String(arrived.length), files: arrived.map((f) => f.name).join('、') })}</span>
                <button type="button" className="primary" onClick={() => acknowledgeArrivals(true)} data-testid="inbox-notice-show">
                  {t('inbox.notice.show')}
                </button>
                <button type="button" onClick={() => acknowledgeArrivals(false)}>
                  {t('inbox.notice.later')}
                </button>
              </div>
            )}
            {notice && (
              <div className="banner notice" role="status" data-testid="app-notice">
                <span>{notice}</span>
                <button type="button" onClick={() => setNotice(null)}>
                  {t('error.dismiss')}
                </button>
              </div>
            )}
            {recovery ? (
              <RecoveryView
                state={recovery}
                onRestored={(message) => {
                  setRecovery(null);
                  setError(null);
                  setNotice(message);
                  void loadApp();
                }}
              />
            ) : !settings ? (
              <p className="muted">{t('loading')}</p>
            ) : firstRun ? (
              <FirstRunGuide
                settings={settings}
                info={info}
                onChange={updateSettings}
                onImported={firstImportDone}
                onDataMoved={() => void loadApp()}
                onSkip={finishGuide}
              />
            ) : section === 'import' ? (
              <ImportView onShowTransactions={() => setSection('transactions')} homeCurrency={settings.homeCurrency} />
            ) : section === 'transactions' ? (
              <TransactionsView key={handoff.n} initialFilter={handoff.filter} onImport={() => setSection('import')} homeCurrency={settings.homeCurrency} />
            ) : section === 'subscriptions' ? (
              <SubscriptionsView homeCurrency={settings.homeCurrency} />
            ) : section === 'files' ? (
              <FilesView desktop={info?.mode === 'desktop'} homeCurrency={settings.homeCurrency} />
            ) : section === 'review' ? (
              <ReviewView
                key={reviewMonth.n}
                initialMonth={reviewMonth.month}
                homeCurrency={settings.homeCurrency}
                onShowTransactions={(filter) => {
                  setHandoff((h) => ({ filter, n: h.n + 1 }));
                  setSection('transactions');
                }}
              />
            ) : (
              <SettingsView settings={settings} info={info} onChange={updateSettings} onReload={() => void api.call('settings.get', {}).then(setSettings, (e: unknown) => setError(String(e)))} />
            )}
          </main>
        </div>
      </ApiContext.Provider>
    </I18nContext.Provider>
  );
}
