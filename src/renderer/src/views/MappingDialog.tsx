/**
 * Column mapping for a CSV layout Meisai does not know: pick the columns once, watch the live
 * preview, save the mapping under a name — the layout is recognised automatically next time.
 */
import { useEffect, useRef, useState } from 'react';
import type { CsvMapping, FileResult } from '../../../shared/api/contract';
import { useApi } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import { CurrencyOptions } from './CurrencyOptions';

export interface PendingFile {
  name: string;
  data: Uint8Array;
}

type Field = keyof CsvMapping['columns'];
const FIELDS: Field[] = ['date', 'description', 'amount', 'debit', 'credit', 'postedDate', 'currency', 'memo', 'originalAmount', 'originalCurrency', 'fxRate'];
const REQUIRED: Field[] = ['date', 'description'];

export function MappingDialog({ file, card, homeCurrency, onClose, onImported }: { file: PendingFile; card: number | string | null; homeCurrency: string; onClose: () => void; onImported: (r: FileResult) => void }) {
  const { t, money, date } = useI18n();
  const { api, reportError } = useApi();
  const ref = useRef<HTMLDialogElement>(null);
  const [records, setRecords] = useState<{ line: number; cells: string[] }[]>([]);
  const [mapping, setMapping] = useState<CsvMapping>({ headerLine: 1, columns: { date: 0, description: 1, amount: 2 }, dateOrder: 'ymd', chargesAre: 'positive', currency: homeCurrency });
  const [name, setName] = useState(file.name.replace(/\.[^.]+$/, ''));
  const [preview, setPreview] = useState<FileResult | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    ref.current?.showModal();
    api.call('import.inspect', { file }).then((r) => {
      setRecords(r.records);
      if (r.records[0]) setMapping((m) => ({ ...m, headerLine: r.records[0]!.line }));
    }, reportError);
  }, [api, file, reportError]);

  useEffect(() => {
    const timer = setTimeout(() => {
      api.call('import.preview', { files: [file], card, mapping }).then((r) => setPreview(r.files[0] ?? null), reportError);
    }, 200);
    return () => clearTimeout(timer);
  }, [api, file, card, mapping, reportError]);

  const header = records.find((r) => r.line === mapping.headerLine)?.cells ?? [];
  const width = Math.max(0, ...records.map((r) => r.cells.length));
  const colLabel = (i: number) => `${i + 1}: ${header[i]?.trim() || t('map.column', { n: i + 1 })}`;
  const setColumn = (field: Field, value: string) => setMapping((m) => ({ ...m, columns: { ...m.columns, [field]: value === '' ? null : Number(value) } }));

  const commit = async () => {
    setBusy(true);
    try {
      const res = await api.call('import.commit', { files: [file], card, mapping, saveProfileAs: mapping.headerLine > 0 && name.trim() ? name.trim() : null });
      onImported(res.files[0]!);
    } catch (e) {
      reportError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="map-title" onClose={onClose} data-testid="mapping-dialog">
      <h2 id="map-title">{t('map.title', { file: file.name })}</h2>
      <p className="muted small">{t('map.hint')}</p>
      <div className="map-grid">
        <label htmlFor="map-header">{t('map.headerLine')}</label>
        <select id="map-header" value={mapping.headerLine} onChange={(e) => setMapping((m) => ({ ...m, headerLine: Number(e.target.value) }))}>
          <option value={0}>{t('map.noHeader')}</option>
          {records.slice(0, 20).map((r) => (
            <option key={r.line} value={r.line}>
              {t('map.line', { n: r.line })}: {r.cells.join(', ').slice(0, 60)}
            </option>
          ))}
        </select>
        {FIELDS.map((f) => (
          <FieldSelect key={f} id={`map-${f}`} testId={`map-${f}`} label={t(`map.field.${f}` as MessageKey)} required={REQUIRED.includes(f)} value={mapping.columns[f]} width={width} colLabel={colLabel} onChange={(v) => setColumn(f, v)} noneLabel={t('map.none')} />
        ))}
        <label htmlFor="map-dates">{t('map.dateOrder')}</label>
        <select id="map-dates" value={mapping.dateOrder} onChange={(e) => setMapping((m) => ({ ...m, dateOrder: e.target.value as CsvMapping['dateOrder'] }))}>
          <option value="ymd">YYYY/MM/DD</option>
          <option value="mdy">MM/DD/YYYY</option>
          <option value="dmy">DD/MM/YYYY</option>
        </select>
        <label htmlFor="map-sign">{t('map.sign')}</label>
        <select id="map-sign" value={mapping.chargesAre} onChange={(e) => setMapping((m) => ({ ...m, chargesAre: e.target.value as CsvMapping['chargesAre'] }))}>
          <option value="positive">{t('map.sign.positive')}</option>
          <option value="negative">{t('map.sign.negative')}</option>
        </select>
        <label htmlFor="map-currency">{t('settings.homeCurrency')}</label>
        <select id="map-currency" value={mapping.currency} onChange={(e) => setMapping((m) => ({ ...m, currency: e.target.value }))}>
          <CurrencyOptions />
        </select>
        <label htmlFor="map-name">{t('map.profileName')}</label>
        <input id="map-name" value={name} onChange={(e) => setName(e.target.value)} disabled={mapping.headerLine === 0} />
      </div>
      <h3>{t('map.preview')}</h3>
      {preview && preview.errors.length > 0 && (
        <ul className="problems" role="alert">
          {preview.errors.slice(0, 5).map((e, i) => (
            <li key={i}>{e.message}</li>
          ))}
        </ul>
      )}
      {preview?.preview && (
        <table className="grid compact" data-testid="mapping-preview">
          <tbody>
            {preview.preview.slice(0, 8).map((r) => (
              <tr key={r.line}>
                <td className="muted">{r.line}</td>
                <td>{date(r.date)}</td>
                <td>
                  <bdi>{r.description}</bdi>
                </td>
                <td className={r.amountMinor < 0 ? 'num credit' : 'num'}>{money(r.amountMinor, r.currency)}</td>
                <td className="num muted" data-testid="mapping-original">
                  {r.originalAmountMinor != null && r.originalCurrency ? money(r.originalAmountMinor, r.originalCurrency) : ''}
                  {r.fxRate ? ` @ ${r.fxRate}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="toolbar">
        <span className="spacer" />
        <button type="button" onClick={() => ref.current?.close()}>
          {t('import.cancel')}
        </button>
        <button type="button" className="primary" disabled={busy || !preview || preview.status !== 'ready'} onClick={() => void commit()} data-testid="mapping-commit">
          {t('map.commit', { n: preview?.rows ?? 0 })}
        </button>
      </div>
    </dialog>
  );
}

function FieldSelect(props: { id: string; testId: string; label: string; required: boolean; value: number | null | undefined; width: number; colLabel: (i: number) => string; noneLabel: string; onChange: (v: string) => void }) {
  return (
    <>
      <label htmlFor={props.id}>
        {props.label}
        {props.required ? ' *' : ''}
      </label>
      <select id={props.id} value={props.value ?? ''} onChange={(e) => props.onChange(e.target.value)} data-testid={props.testId}>
        {!props.required && <option value="">{props.noneLabel}</option>}
        {Array.from({ length: props.width }, (_, i) => (
          <option key={i} value={i}>
            {props.colLabel(i)}
          </option>
        ))}
      </select>
    </>
  );
}
