/**
 * Every shared sample parses to exactly the rows written down by hand in
 * tests/fixtures/samples/expected/<sample>.json (format, encoding, card, total, rows).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStatementFile } from '../../../src/core/import/detect';

const DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'samples');
const samples = readdirSync(DIR).filter((f) => f.endsWith('.csv'));

describe('shared samples', () => {
  it('are all here', () => {
    expect(samples.length).toBeGreaterThanOrEqual(22);
  });

  it.each(samples)('%s parses to its written expectation', (file) => {
    const expectedPath = join(DIR, 'expected', file.replace(/\.csv$/, '.json'));
    expect(existsSync(expectedPath), `write ${expectedPath}`).toBe(true);
    const expected = JSON.parse(readFileSync(expectedPath, 'utf8'));
    const result = parseStatementFile(readFileSync(join(DIR, file)), { defaultCurrency: 'JPY', fileName: file });
    if (!result.ok) throw new Error(`${file}: ${JSON.stringify(result.errors)}`);
    const st = result.statement;
    expect({
      format: st.format,
      encoding: result.encoding,
      card: st.card,
      total: st.total,
      statementMonth: st.statementMonth,
      warnings: st.warnings.map((w) => w.message),
      rows: st.rows,
    }).toEqual(expected);
  });
});
