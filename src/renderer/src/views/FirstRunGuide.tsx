/**
 * The first-run guide, shown while the ledger is empty and the guide has not been finished:
 * language, home currency, where the data and the statement files live, then the first import
 * (drop zone or inbox). A finished import hands its month to the App, which opens that review.
 */
import { useEffect, useState } from 'react';
import type { AppInfo, FileResult, Settings } from '../../../shared/api/contract';
import { useApi } from '../hooks';
import { useI18n } from '../i18n';
import { ImportView } from './ImportView';
import { CurrencyOptions } from './CurrencyOptions';

const STEPS = 4;

export function FirstRunGuide({
  settings,
  info,
  onChange,
  onImported,
  onSkip,
  onDataMoved,
}: {
  settings: Settings;
  info: AppInfo | null;
  onChange: (p: Partial<Settings>) => Promise<void>;
  onImported: (results: FileResult[]) => void;
  onSkip: () => void;
  /** The data folder changed: settings and app info are read again. */
  onDataMoved: () => void;
}) {
  const { t } = useI18n();
  const { api, reportError } = useApi();
  const [step, setStep] = useState(0);
  const [root, setRoot] = useState('');
  const [libraryTarget, setLibraryTarget] = useState('');
  const [dataTarget, setDataTarget] = useState('');
  const [moved, setMoved] = useState<string | null>(null);

  const moveData = async () => {
    try {
      const next = await api.call('app.moveDataDir', { dir: dataTarget.trim() });
      setMoved(next.dataDir);
      setDataTarget('');
      onDataMoved();
    } catch (e) {
      reportError(e);
    }
  };

  useEffect(() => {
    api.call('files.list', {}).then((r) => setRoot(r.root), reportError);
  }, [api, reportError, settings.libraryDir, info?.dataDir]);

  const next = async () => {
    // The library folder moves only if the user typed one (an empty library moves at once).
    if (step === 2 && libraryTarget.trim()) {
      try {
        const r = await api.call('files.moveLibrary', { dir: libraryTarget.trim() });
        setRoot(r.libraryDir);
        setLibraryTarget('');
      } catch (e) {
        reportError(e);
        return;
      }
    }
    setStep((s) => Math.min(STEPS - 1, s + 1));
  };

  return (
    <section className="view onboarding" aria-labelledby="onb-title" data-testid="first-run">
      <h1 id="onb-title">{t('onb.title')}</h1>
      <p>{t('onb.lead')}</p>
      <p className="steps" aria-live="polite" data-testid="onb-step">
        {t('onb.step', { i: String(step + 1), n: String(STEPS) })}
      </p>
      {step === 0 && (
        <fieldset>
          <legend>{t('onb.language')} / Language</legend>
          <div className="choices">
            {(['ja', 'en'] as const).map((l) => (
              <button key={l} type="button" aria-pressed={settings.locale === l} onClick={() => void onChange({ locale: l })} data-testid={`onb-lang-${l}`}>
                {l === 'ja' ? '日本語' : 'English'}
              </button>
            ))}
          </div>
        </fieldset>
      )}
      {step === 1 && (
        <fieldset>
          <legend>{t('onb.currency')}</legend>
          <select value={settings.homeCurrency} onChange={(e) => void onChange({ homeCurrency: e.target.value })} aria-label={t('onb.currency')} data-testid="onb-currency">
            <CurrencyOptions />
          </select>
          <p className="muted small">{t('onb.currency.hint')}</p>
        </fieldset>
      )}
      {step === 2 && (
        <fieldset>
          <legend>{t('onb.folders')}</legend>
          <p>
            <strong>{t('onb.dataDir')}</strong>
            <br />
            <code data-testid="onb-data-dir">{info?.dataDir}</code>
          </p>
          {info?.canMoveDataDir && (
          <div className="toolbar">
            <input className="grow" value={dataTarget} onChange={(e) => setDataTarget(e.target.value)} placeholder={t('onb.dataDir.input')} aria-label={t('onb.dataDir.input')} data-testid="onb-data-input" />
            <button type="button" disabled={!dataTarget.trim()} onClick={() => void moveData()} data-testid="onb-data-use">
              {t('onb.dataDir.use')}
            </button>
          </div>
          )}
          {moved && (
            <p className="banner success" role="status" data-testid="onb-data-moved">
              {t('onb.dataDir.moved', { dir: moved })}
            </p>
          )}
          <p className="muted small">{info?.canMoveDataDir ? t('onb.dataDir.hint') : t('onb.dataDir.fixed')}</p>
          <p>
            <strong>{t('onb.library')}</strong>
            <br />
            <code data-testid="onb-library">{root}</code>
          </p>
          <input className="grow" value={libraryTarget} onChange={(e) => setLibraryTarget(e.target.value)} placeholder={root} aria-label={t('onb.library')} data-testid="onb-library-input" />
          <p className="muted small">{t('onb.library.hint')}</p>
        </fieldset>
      )}
      {step === 3 && (
        <fieldset>
          <legend>{t('onb.first')}</legend>
          <p className="muted small">{t('onb.first.hint')}</p>
          <ImportView onShowTransactions={() => undefined} homeCurrency={settings.homeCurrency} onImported={onImported} embedded />
        </fieldset>
      )}
      <div className="toolbar">
        {step > 0 && (
          <button type="button" onClick={() => setStep((s) => s - 1)} data-testid="onb-back">
            {t('onb.back')}
          </button>
        )}
        <span className="spacer" />
        <button type="button" onClick={onSkip} data-testid="onb-skip">
          {t('onb.skip')}
        </button>
        {step < STEPS - 1 && (
          <button type="button" className="primary" onClick={() => void next()} data-testid="onb-next">
            {step === STEPS - 2 ? t('onb.start') : t('onb.next')}
          </button>
        )}
      </div>
    </section>
  );
}
