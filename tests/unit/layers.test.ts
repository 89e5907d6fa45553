import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The linter keeps the runtime layers apart; these cases prove the rules bite.
const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function problems(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules', () => {
  it.each([
    ["import { app } from 'electron';\nexport const a = app;", 'src/renderer/src/x.ts'],
    ["import { readFileSync } from 'node:fs';\nexport const a = readFileSync;", 'src/renderer/src/x.ts'],
    ["import { openCore } from '../../services/app';\nexport const a = openCore;", 'src/renderer/src/x.ts'],
    ["import Store from 'electron-store';\nexport const a = Store;", 'src/services/x.ts'],
    ["import { app } from 'electron';\nexport const a = app;", 'src/cli/x.ts'],
    ["import { useState } from 'react';\nexport const a = useState;", 'src/core/x.ts'],
    ["import { readFileSync } from 'node:fs';\nexport const a = readFileSync;", 'src/core/x.ts'],
    ["import Database from 'better-sqlite3';\nexport const a = Database;", 'src/core/x.ts'],
    ["import { openCore } from '../services/app';\nexport const a = openCore;", 'src/core/x.ts'],
    ["import { app } from 'electron';\nexport const a = app;", 'src/main/security.ts'],
  ])('rejects %j in %s', async (code, file) => {
    expect(await problems(code, file)).not.toEqual([]);
  });

  it.each([
    ["import { app } from 'electron';\nexport const a = app;", 'src/main/x.ts'],
    ["import { readFileSync } from 'node:fs';\nexport const a = readFileSync;", 'src/services/x.ts'],
    ["import { parseAmount } from '../../../core/money';\nexport const a = parseAmount;", 'src/renderer/src/views/x.ts'],
    ["import { parseAmount } from './money';\nexport const a = parseAmount;", 'src/core/x.ts'],
  ])('allows %j in %s', async (code, file) => {
    expect(await problems(code, file)).toEqual([]);
  });
});
