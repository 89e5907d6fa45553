/**
 * The ledger behind a door (web mode, the desktop app), also when its database is damaged: then
 * every method fails with the damage named, except `recovery.state` (what is wrong, the newest
 * intact backup) and `recovery.restore`, which moves the damaged file aside (never deletes it),
 * puts the backup in its place and opens the ledger — from then on the door talks to it as usual.
 */
import type { ApiHandlers, RecoveryState } from '../shared/api/contract';
import { ApiFailure, createDispatcher, type Dispatch } from '../shared/api/dispatch';
import { API_METHODS } from '../shared/api/methods';
import { openCore, type CoreOptions, type MeisaiCore } from './app';
import { restoreFileLevel } from './backup';
import { dataPaths } from './data-dir';
import { DatabaseDamagedError } from './db/open';

export interface Ledger {
  dispatch: Dispatch;
  /** The open ledger; null while the database is damaged. */
  core(): MeisaiCore | null;
  /** What is wrong while the database is damaged; null once it is open. */
  damaged(): RecoveryState | null;
  restore(name: string): { restored: string; movedAside: string | null };
  close(): void;
}

export function damagedState(e: DatabaseDamagedError): RecoveryState {
  return { damaged: true, databasePath: e.databasePath, problem: e.problem, backup: e.backup };
}

/** Opens the ledger; a damaged database (only that) leaves it in recovery instead of failing. */
export function openLedger(options: CoreOptions, open: (options: CoreOptions) => MeisaiCore = openCore): Ledger {
  let core: MeisaiCore | null = null;
  let damaged: DatabaseDamagedError | null = null;
  const tryOpen = () => {
    try {
      core = open(options);
      damaged = null;
    } catch (e) {
      if (!(e instanceof DatabaseDamagedError)) throw e;
      damaged = e;
    }
  };
  tryOpen();

  const restore = (name: string) => {
    if (core || !damaged) throw new ApiFailure('conflict', 'the database is not damaged; restore a backup from Settings → Backups');
    const r = restoreFileLevel(options.dataDir, dataPaths(options.dataDir).database, name);
    tryOpen();
    if (damaged) throw new ApiFailure('failed', `${name} was put in place, but the database still cannot be opened: ${(damaged as DatabaseDamagedError).problem}`);
    return r;
  };
  const refuse = () => {
    throw new ApiFailure('conflict', damaged?.message ?? 'the database is not open');
  };
  const handlers = Object.fromEntries(API_METHODS.map((m) => [m, refuse])) as unknown as ApiHandlers;
  handlers['recovery.state'] = () => (damaged ? damagedState(damaged) : { damaged: false, databasePath: dataPaths(options.dataDir).database, problem: null, backup: null });
  handlers['recovery.restore'] = ({ name }) => restore(name);
  const recovery = createDispatcher(handlers, { validateOutput: options.validateOutput ?? true });

  return {
    dispatch: (method, input) => (core ? core.dispatch(method, input) : recovery(method, input)),
    core: () => core,
    damaged: () => (damaged ? damagedState(damaged) : null),
    restore,
    close: () => (core as MeisaiCore | null)?.close(),
  };
}
