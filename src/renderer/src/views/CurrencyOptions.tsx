/**
 * Currency pickers: every ISO 4217 code, the common ones first, each with its name in the user's
 * language where the runtime knows it (`USD — 米ドル`).
 */
import { COMMON_CURRENCIES, currencyCodes } from '../../../core/currencies';
import { useI18n } from '../i18n';

function useCurrencyLabel(): (code: string) => string {
  const { locale } = useI18n();
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([locale === 'ja' ? 'ja-JP' : 'en-US'], { type: 'currency', fallback: 'none' });
  } catch {
    names = null;
  }
  return (code) => {
    const name = names?.of(code);
    return name && name !== code ? `${code} — ${name}` : code;
  };
}

/** `<option>`s for a `<select>`: the common codes, then all of them (alphabetical). */
export function CurrencyOptions() {
  const { t } = useI18n();
  const label = useCurrencyLabel();
  const common = new Set(COMMON_CURRENCIES);
  return (
    <>
      <optgroup label={t('currency.common')}>
        {COMMON_CURRENCIES.map((c) => (
          <option key={c} value={c}>
            {label(c)}
          </option>
        ))}
      </optgroup>
      <optgroup label={t('currency.all')}>
        {currencyCodes()
          .filter((c) => !common.has(c))
          .map((c) => (
            <option key={c} value={c}>
              {label(c)}
            </option>
          ))}
      </optgroup>
    </>
  );
}

/** Suggestions for a typed code (`<input list=…>`), in the same order. */
export function CurrencyDatalist({ id }: { id: string }) {
  const label = useCurrencyLabel();
  return (
    <datalist id={id}>
      {currencyCodes().map((c) => (
        <option key={c} value={c} label={label(c)} />
      ))}
    </datalist>
  );
}
