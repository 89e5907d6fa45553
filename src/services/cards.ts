import { asc, eq } from 'drizzle-orm';
import type { Card, Cardholder } from '../shared/api/contract';
import { ApiFailure } from '../shared/api/dispatch';
import type { CardHint } from '../core/import/types';
import type { Db, OpenedDatabase } from './db/open';
import { cards } from './db/schema';

export function listCards(db: Db): Card[] {
  return db
    .select({
      id: cards.id,
      name: cards.name,
      issuer: cards.issuer,
      lastDigits: cards.lastDigits,
      currency: cards.currency,
      closingDay: cards.closingDay,
      paymentDay: cards.paymentDay,
      paymentMonthOffset: cards.paymentMonthOffset,
    })
    .from(cards)
    .where(eq(cards.archived, false))
    .orderBy(asc(cards.name))
    .all();
}

export type CardChoice = { id: number; name: string; isNew: false } | { id: null; name: string; isNew: true; hint: CardHint };

/**
 * Which card a file's rows belong to: the one the user named (id or name; an unknown name makes a
 * new card), else the card recognised from the file (issuer + last digits), else a new one.
 */
export function chooseCard(db: Db, ref: number | string | null | undefined, hint: CardHint): CardChoice {
  if (typeof ref === 'number') {
    const row = db.select({ id: cards.id, name: cards.name }).from(cards).where(eq(cards.id, ref)).get();
    if (!row) throw new ApiFailure('not-found', `no card with id ${ref}`);
    return { ...row, isNew: false };
  }
  if (typeof ref === 'string' && ref.trim()) {
    const name = ref.trim();
    const row = db.select({ id: cards.id, name: cards.name }).from(cards).where(eq(cards.name, name)).get();
    if (row) return { ...row, isNew: false };
    return { id: null, name, isNew: true, hint };
  }
  const all = db.select({ id: cards.id, name: cards.name, issuer: cards.issuer, lastDigits: cards.lastDigits }).from(cards).orderBy(asc(cards.id)).all();
  // The same issuer and card digits (any of the account's family-card digits), else the same
  // issuer where neither side knows digits.
  const digits = new Set([hint.lastDigits, ...(hint.otherDigits ?? [])].filter((d): d is string => !!d));
  const match =
    all.find((c) => c.issuer === hint.issuer && c.lastDigits !== null && digits.has(c.lastDigits)) ??
    all.find((c) => c.issuer === hint.issuer && c.lastDigits === null && digits.size === 0) ??
    // A card first met in a layout without digits (Amex's older CSV) is the same account.
    all.find((c) => c.issuer === hint.issuer && c.lastDigits === null && hint.issuer !== 'other');
  if (match) return { id: match.id, name: match.name, isNew: false };
  const taken = new Set(all.map((c) => c.name));
  let name = hint.suggestedName;
  for (let n = 2; taken.has(name); n++) name = `${hint.suggestedName} ${n}`;
  return { id: null, name, isNew: true, hint };
}

/** Create the card a CardChoice describes (inside the caller's transaction). */
export function ensureCard(db: Db, choice: CardChoice): number {
  if (!choice.isNew) return choice.id;
  const row = db
    .insert(cards)
    .values({ name: choice.name, issuer: choice.hint.issuer, lastDigits: choice.hint.lastDigits, currency: choice.hint.currency })
    .returning({ id: cards.id })
    .get();
  return row.id;
}

/** Rename a card or set its billing cycle (closing day, payment day, months to payment). */
export function updateCard(db: Db, input: { id: number; name?: string; closingDay?: number | null; paymentDay?: number | null; paymentMonthOffset?: number }): Card {
  const current = listCards(db).find((c) => c.id === input.id);
  if (!current) throw new ApiFailure('not-found', `no card with id ${input.id}`);
  if (input.name !== undefined && input.name !== current.name && listCards(db).some((c) => c.name === input.name)) throw new ApiFailure('conflict', `a card named "${input.name}" already exists`);
  const patch: Partial<typeof cards.$inferInsert> = {};
  if (input.name !== undefined) patch.name = input.name;
  if (input.closingDay !== undefined) patch.closingDay = input.closingDay;
  if (input.paymentDay !== undefined) patch.paymentDay = input.paymentDay;
  if (input.paymentMonthOffset !== undefined) patch.paymentMonthOffset = input.paymentMonthOffset;
  if (Object.keys(patch).length) db.update(cards).set(patch).where(eq(cards.id, input.id)).run();
  return listCards(db).find((c) => c.id === input.id)!;
}

/**
 * The cardholders statements printed, per card (one entry per card and name, however many last
 * digits it came with), with how many rows each has; of one card, or of every card in use.
 */
export function listCardholders(sqlite: OpenedDatabase['sqlite'], cardId?: number): Cardholder[] {
  return sqlite
    .prepare(
      `SELECT h.card_id AS cardId, c.name AS cardName, h.name, json_group_array(h.id) AS ids,
         (SELECT COUNT(*) FROM transactions t WHERE t.cardholder_id IN (SELECT x.id FROM cardholders x WHERE x.card_id = h.card_id AND x.name = h.name)) AS count
       FROM cardholders h JOIN cards c ON c.id = h.card_id
       WHERE c.archived = 0 ${cardId === undefined ? '' : 'AND h.card_id = ?'}
       GROUP BY h.card_id, h.name
       ORDER BY c.name, h.name`,
    )
    .all(...(cardId === undefined ? [] : [cardId]))
    .map((r) => {
      const row = r as Omit<Cardholder, 'ids'> & { ids: string };
      return { ...row, ids: JSON.parse(row.ids) as number[] };
    });
}
