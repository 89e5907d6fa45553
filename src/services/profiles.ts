/** Saved column mappings ("profiles") for CSV layouts Meisai does not know by itself. */
import { asc, eq, sql } from 'drizzle-orm';
import { headerSignature, type CsvMapping, type CsvProfile } from '../core/import/mapping';
import type { CsvProfile as ApiCsvProfile } from '../shared/api/contract';
import { ApiFailure } from '../shared/api/dispatch';
import type { Db } from './db/open';
import { csvProfiles } from './db/schema';

export function listProfiles(db: Db): ApiCsvProfile[] {
  return db
    .select()
    .from(csvProfiles)
    .orderBy(asc(csvProfiles.name))
    .all()
    .map((p) => ({ id: p.id, name: p.name, headerSignature: p.headerSignature, mapping: JSON.parse(p.mapping) as CsvMapping, lastUsedAt: p.lastUsedAt }));
}

export function profilesForParsing(db: Db): CsvProfile[] {
  return listProfiles(db).map(({ id, name, headerSignature: sig, mapping }) => ({ id, name, headerSignature: sig, mapping }));
}

/** Save (or replace) a named mapping, keyed on the header row it was made for. */
export function saveProfile(db: Db, name: string, mapping: CsvMapping, headerCells: readonly string[] | null): number {
  if (!headerCells) throw new ApiFailure('invalid-input', 'a mapping can only be saved for a file with a header row');
  const signature = headerSignature(headerCells);
  const existing = db.select({ id: csvProfiles.id }).from(csvProfiles).where(eq(csvProfiles.name, name)).get();
  const values = { name, headerSignature: signature, mapping: JSON.stringify(mapping) };
  if (existing) {
    db.update(csvProfiles).set(values).where(eq(csvProfiles.id, existing.id)).run();
    return existing.id;
  }
  return db.insert(csvProfiles).values(values).returning({ id: csvProfiles.id }).get().id;
}

export function touchProfile(db: Db, name: string): void {
  db.update(csvProfiles)
    .set({ lastUsedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))` })
    .where(eq(csvProfiles.name, name))
    .run();
}

export function deleteProfile(db: Db, id: number): { id: number } {
  const res = db.delete(csvProfiles).where(eq(csvProfiles.id, id)).run();
  if (res.changes === 0) throw new ApiFailure('not-found', `no profile with id ${id}`);
  return { id };
}
