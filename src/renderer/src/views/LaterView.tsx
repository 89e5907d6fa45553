import { useI18n, type MessageKey } from '../i18n';

/** Sections whose feature has not landed yet say so plainly instead of pretending. */
export function LaterView({ section }: { section: string }) {
  const { t } = useI18n();
  return (
    <section className="view" aria-labelledby="later-title">
      <h1 id="later-title">{t('later.title', { section: t(`nav.${section}` as MessageKey) })}</h1>
      <p className="muted">{t('later.body')}</p>
    </section>
  );
}
