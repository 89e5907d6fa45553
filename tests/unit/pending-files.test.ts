import { describe, expect, it } from 'vitest';
import { parsePendingMarker, pendingOwnerAlive, systemProcessProbe, type PendingMarker, type ProcessProbe } from '../../src/services/library';

const NOW = Date.UTC(2025, 5, 1, 12);
const probe = (alive: number[], started: Record<number, number> = {}): ProcessProbe => ({ host: 'here', alive: (pid) => alive.includes(pid), startedAt: (pid) => started[pid] ?? null });
const marker = (m: Partial<PendingMarker>): PendingMarker => ({ path: '2025/a.csv', pid: 42, startedAt: NOW - 60_000, host: 'here', writtenAt: NOW - 1000, ...m });

describe('who is still writing a pending library file', () => {
  it('a running process on this computer: its file is left alone', () => {
    expect(pendingOwnerAlive(marker({}), probe([42]), NOW)).toBe(true);
    expect(pendingOwnerAlive(marker({}), probe([42], { 42: NOW - 61_000 }), NOW)).toBe(true);
  });

  it('a process that is gone, or whose pid now belongs to a later process: the file is an orphan', () => {
    expect(pendingOwnerAlive(marker({}), probe([]), NOW)).toBe(false);
    expect(pendingOwnerAlive(marker({}), probe([42], { 42: NOW - 1000 }), NOW)).toBe(false);
  });

  it('a marker without a process (written by an older Meisai) is an orphan', () => {
    expect(parsePendingMarker('2025/2025-06/Amex/a.csv')).toEqual({ path: '2025/2025-06/Amex/a.csv', pid: null, startedAt: null, host: null, writtenAt: null });
    expect(pendingOwnerAlive(parsePendingMarker('2025/a.csv'), probe([42]), NOW)).toBe(false);
  });

  it('a marker from another computer (a shared folder) is trusted for a day', () => {
    expect(pendingOwnerAlive(marker({ host: 'elsewhere' }), probe([]), NOW)).toBe(true);
    expect(pendingOwnerAlive(marker({ host: 'elsewhere', writtenAt: NOW - 2 * 86_400_000 }), probe([]), NOW)).toBe(false);
  });

  it('reads the markers it writes, and sees this very process as running', () => {
    const m = parsePendingMarker(JSON.stringify({ path: 'x/y.pdf', pid: process.pid, startedAt: Date.now() - process.uptime() * 1000, host: systemProcessProbe.host, writtenAt: Date.now() }));
    expect(m.path).toBe('x/y.pdf');
    expect(pendingOwnerAlive(m, systemProcessProbe)).toBe(true);
    expect(systemProcessProbe.alive(2 ** 22 + 1)).toBe(false);
  });
});
