/**
 * Month totals: spending (purchases, fees and other charges minus refunds; card payments are not
 * spending) in the home currency, by category and by card. Other billing currencies are reported
 * beside it, never added in.
 */
import { categoryDisplayName } from '../core/categories';
import { toMajor } from '../core/money';
import type { Locale, MonthSummary } from '../shared/api/contract';
import type { OpenedDatabase } from './db/open';
import { monthWhere, type Basis } from './review';

export function monthSummary(database: OpenedDatabase, month: string, homeCurrency: string, locale: Locale, basis: Basis = 'usage'): MonthSummary {
  const { sqlite } = database;
  // By usage month (利用月) or billing month (請求月), the same rule the monthly review uses.
  const period = monthWhere(month, basis);
  const spend = `${period.sql} AND t.kind <> 'payment'`;
  const byCategory = sqlite
    .prepare(
      `SELECT t.category_id AS categoryId, cat.name, cat.builtin_key AS key, cat.color, SUM(t.amount) AS total, COUNT(*) AS count
       FROM transactions t LEFT JOIN categories cat ON cat.id = t.category_id
       WHERE ${spend} AND t.currency = ? GROUP BY t.category_id ORDER BY total DESC`,
    )
    .all(...period.params, homeCurrency) as { categoryId: number | null; name: string | null; key: string | null; color: string | null; total: number; count: number }[];
  const byCard = sqlite
    .prepare(
      `SELECT t.card_id AS cardId, c.name AS card, SUM(t.amount) AS total, COUNT(*) AS count
       FROM transactions t JOIN cards c ON c.id = t.card_id
       WHERE ${spend} AND t.currency = ? GROUP BY t.card_id ORDER BY total DESC`,
    )
    .all(...period.params, homeCurrency) as { cardId: number; card: string; total: number; count: number }[];
  const others = sqlite
    .prepare(`SELECT t.currency, SUM(t.amount) AS total, COUNT(*) AS count FROM transactions t WHERE ${spend} AND t.currency <> ? GROUP BY t.currency ORDER BY t.currency`)
    .all(...period.params, homeCurrency) as { currency: string; total: number; count: number }[];
  const totalMinor = byCategory.reduce((n, c) => n + c.total, 0);
  return {
    month,
    currency: homeCurrency,
    total: toMajor(totalMinor, homeCurrency),
    totalMinor,
    count: byCategory.reduce((n, c) => n + c.count, 0),
    byCategory: byCategory.map((c) => ({
      categoryId: c.categoryId,
      category: c.name === null ? null : categoryDisplayName(c.name, c.key, locale),
      color: c.color,
      total: toMajor(c.total, homeCurrency),
      totalMinor: c.total,
      count: c.count,
    })),
    byCard: byCard.map((c) => ({ ...c, total: toMajor(c.total, homeCurrency), totalMinor: c.total })),
    otherCurrencies: others.map((o) => ({ currency: o.currency, total: toMajor(o.total, o.currency), totalMinor: o.total, count: o.count })),
  };
}
