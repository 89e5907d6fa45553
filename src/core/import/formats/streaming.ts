import type { ParsedRow, StatementFormat, StatementSummary } from '../types';

/**
 * Build a format from its streaming form: `parse` collects what `stream` emits. A stream may
 * emit rows before it meets an error; `parse`, like every other format's, returns none for a
 * file with errors, because such a file is rejected whole.
 */
export function streamingFormat(f: Omit<StatementFormat, 'parse'> & Required<Pick<StatementFormat, 'stream'>>): StatementFormat {
  return {
    ...f,
    parse(records, options) {
      const rows: ParsedRow[] = [];
      const summary: StatementSummary = f.stream(records, options, (r) => rows.push(r));
      return { ...summary, rows: summary.errors.length > 0 ? [] : rows };
    },
  };
}
