/** Reading the ledger. Queries are plain SQL over indexed columns; amounts leave as exact minor units too. */
import { monthRange } from '../core/dates';
import { normalizeMerchant } from '../core/merchant';
import { toMajor } from '../core/money';
import { TransactionQuery, type Transaction } from '../shared/api/contract';
import type { OpenedDatabase } from './db/open';

type Row = {
  id: number;
  cardId: number;
  cardName: string;
  cardholder: string | null;
  date: string;
  postedDate: string | null;
  description: string;
  amount: number;
  currency: string;
  originalAmount: number | null;
  originalCurrency: string | null;
  fxRate: string | null;
  kind: Transaction['kind'];
  category: string | null;
  memo: string | null;
  tags: string | null;
  documents: string | null;
};

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function listTransactions(database: OpenedDatabase, rawQuery: TransactionQuery): { rows: Transaction[]; total: number } {
  const q = TransactionQuery.parse(rawQuery);
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (q.month) {
    const { from, to } = monthRange(q.month);
    where.push('t.date BETWEEN ? AND ?');
    params.push(from, to);
  }
  if (q.from) {
    where.push('t.date >= ?');
    params.push(q.from);
  }
  if (q.to) {
    where.push('t.date <= ?');
    params.push(q.to);
  }
  if (typeof q.card === 'number') {
    where.push('t.card_id = ?');
    params.push(q.card);
  } else if (typeof q.card === 'string') {
    where.push('(c.name = ? OR CAST(c.id AS TEXT) = ?)');
    params.push(q.card, q.card);
  }
  if (q.category) {
    where.push('(cat.name = ? OR cat.builtin_key = ?)');
    params.push(q.category, q.category);
  }
  if (q.document) {
    where.push('t.id IN (SELECT transaction_id FROM transaction_documents WHERE document_id = ?)');
    params.push(q.document);
  }
  if (q.search && q.search.trim()) {
    const needle = `%${escapeLike(normalizeMerchant(q.search))}%`;
    const raw = `%${escapeLike(q.search.trim())}%`;
    where.push("(t.merchant LIKE ? ESCAPE '\\' OR t.description LIKE ? ESCAPE '\\' OR t.memo LIKE ? ESCAPE '\\')");
    params.push(needle, raw, raw);
  }
  const from = `FROM transactions t
    JOIN cards c ON c.id = t.card_id
    LEFT JOIN cardholders h ON h.id = t.cardholder_id
    LEFT JOIN categories cat ON cat.id = t.category_id
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
  const { sqlite } = database;
  const total = (sqlite.prepare(`SELECT COUNT(*) AS n ${from}`).get(...params) as { n: number }).n;
  const rows = sqlite
    .prepare(
      `SELECT t.id, t.card_id AS cardId, c.name AS cardName, h.name AS cardholder, t.date, t.posted_date AS postedDate,
         t.description, t.amount, t.currency, t.original_amount AS originalAmount, t.original_currency AS originalCurrency,
         t.fx_rate AS fxRate, t.kind, cat.name AS category, t.memo,
         (SELECT json_group_array(g.name) FROM transaction_tags tt JOIN tags g ON g.id = tt.tag_id WHERE tt.transaction_id = t.id) AS tags,
         (SELECT json_group_array(d.path) FROM transaction_documents td JOIN documents d ON d.id = td.document_id WHERE td.transaction_id = t.id) AS documents
       ${from}
       ORDER BY t.date DESC, t.id DESC LIMIT ? OFFSET ?`,
    )
    .all(...params, q.limit, q.offset) as Row[];
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id,
      cardId: r.cardId,
      cardName: r.cardName,
      cardholder: r.cardholder,
      date: r.date,
      postedDate: r.postedDate,
      description: r.description,
      amount: toMajor(r.amount, r.currency),
      amountMinor: r.amount,
      currency: r.currency,
      originalAmount: r.originalAmount === null || !r.originalCurrency ? null : toMajor(r.originalAmount, r.originalCurrency),
      originalCurrency: r.originalCurrency,
      fxRate: r.fxRate === null ? null : Number(r.fxRate),
      kind: r.kind,
      category: r.category,
      tags: r.tags ? (JSON.parse(r.tags) as string[]) : [],
      memo: r.memo,
      documents: r.documents ? (JSON.parse(r.documents) as string[]) : [],
    })),
  };
}
