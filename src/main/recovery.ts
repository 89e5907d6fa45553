/**
 * The desktop app's start on a damaged database, without `electron` (tested with a fake dialog):
 * a dialog names what SQLite found and the newest intact backup, and its button restores that
 * backup — the damaged file is moved aside, never deleted — before the window opens.
 */
import type { Locale, RecoveryState } from '../shared/api/contract';
import type { Ledger } from '../services/recovery';

export interface DamagedPrompt {
  message: string;
  detail: string;
  buttons: string[];
  /** Index of the button that restores the backup; null when there is none to restore. */
  restore: number | null;
  /** Index of the button that quits (also Esc / closing the dialog). */
  quit: number;
}

export function damagedPrompt(state: RecoveryState, locale: Locale): DamagedPrompt {
  const b = state.backup;
  const when = b ? `${b.createdAt.slice(0, 10)} ${b.createdAt.slice(11, 16)} UTC` : '';
  if (locale === 'ja') {
    return {
      message: 'Meisai のデータベースが壊れています',
      detail:
        `${state.databasePath}\nSQLite の検査で見つかった問題: ${state.problem ?? ''}\n\n` +
        (b
          ? `壊れていない最新のバックアップは ${b.name}（${when}）です。戻すと、壊れたファイルは削除せず横に残し（.damaged-…）、このバックアップを置きます。バックアップより後の変更は含まれません。`
          : '壊れていないバックアップが見つかりません。何も変更・削除していません。'),
      buttons: b ? ['このバックアップに戻す', '終了'] : ['終了'],
      restore: b ? 0 : null,
      quit: b ? 1 : 0,
    };
  }
  return {
    message: 'The Meisai database is damaged',
    detail:
      `${state.databasePath}\nWhat SQLite found: ${state.problem ?? ''}\n\n` +
      (b
        ? `The newest intact backup is ${b.name} (${when}). Restoring it keeps the damaged file beside it (.damaged-…; nothing is deleted) and puts the backup in its place. Changes made after the backup are not in it.`
        : 'No intact backup was found. Nothing was changed or deleted.'),
    buttons: b ? ['Restore this backup', 'Quit'] : ['Quit'],
    restore: b ? 0 : null,
    quit: b ? 1 : 0,
  };
}

/**
 * Before the window opens: if the ledger is damaged, ask; restore when the user chooses to.
 * True when the ledger is open (it was fine, or the restore worked); false to quit.
 */
export async function recoverOnStart(ledger: Pick<Ledger, 'damaged' | 'restore'>, locale: Locale, ask: (p: DamagedPrompt) => Promise<number>, report: (title: string, message: string) => void): Promise<boolean> {
  const state = ledger.damaged();
  if (!state) return true;
  const prompt = damagedPrompt(state, locale);
  const choice = await ask(prompt);
  if (prompt.restore === null || choice !== prompt.restore || !state.backup) return false;
  try {
    ledger.restore(state.backup.name);
    return true;
  } catch (e) {
    report(prompt.message, e instanceof Error ? e.message : String(e));
    return false;
  }
}
