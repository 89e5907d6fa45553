import { describe, expect, it, vi } from 'vitest';
import { damagedPrompt, recoverOnStart } from '../../src/main/recovery';
import type { RecoveryState } from '../../src/shared/api/contract';

const backup = { name: 'meisai-20250601-120000000-start.sqlite', reason: 'start', createdAt: '2025-06-01T12:00:00.000Z', size: 4096, damaged: false };
const state: RecoveryState = { damaged: true, databasePath: '/data/meisai.sqlite', problem: 'database disk image is malformed', backup };

describe('the desktop start on a damaged database', () => {
  it.each(['ja', 'en'] as const)('names the problem and the newest intact backup, with a button to restore it (%s)', (locale) => {
    const p = damagedPrompt(state, locale);
    expect(p.detail).toContain('/data/meisai.sqlite');
    expect(p.detail).toContain('malformed');
    expect(p.detail).toContain(backup.name);
    expect(`${p.message} ${p.detail}`).not.toMatch(/npm|cli/i);
    expect(p.buttons).toHaveLength(2);
    expect(p.restore).toBe(0);
    expect(p.quit).toBe(1);
  });

  it('offers only to quit when there is no intact backup', () => {
    const p = damagedPrompt({ ...state, backup: null }, 'en');
    expect(p.buttons).toEqual(['Quit']);
    expect(p.restore).toBeNull();
  });

  it('restores the named backup only when its button is chosen', async () => {
    const ledger = { damaged: () => state, restore: vi.fn(() => ({ restored: backup.name, movedAside: '/data/meisai.sqlite.damaged-x' })) };
    expect(await recoverOnStart(ledger, 'en', async (p) => p.quit, () => undefined)).toBe(false);
    expect(ledger.restore).not.toHaveBeenCalled();
    expect(await recoverOnStart(ledger, 'en', async (p) => p.restore!, () => undefined)).toBe(true);
    expect(ledger.restore).toHaveBeenCalledWith(backup.name);
  });

  it('says why when the restore fails, and quits', async () => {
    const report = vi.fn();
    const ledger = { damaged: () => state, restore: () => { throw new Error('disk full'); } };
    expect(await recoverOnStart(ledger, 'ja', async (p) => p.restore!, report)).toBe(false);
    expect(report).toHaveBeenCalledWith(expect.any(String), 'disk full');
  });

  it('opens a ledger that is not damaged without asking', async () => {
    const ask = vi.fn();
    expect(await recoverOnStart({ damaged: () => null, restore: vi.fn() }, 'en', ask, () => undefined)).toBe(true);
    expect(ask).not.toHaveBeenCalled();
  });
});
