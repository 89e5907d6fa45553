import type { ParsedRow, StatementFormat, StatementSummary } from '../types';

/** Build a format from its streaming form: `parse` simply collects what `stream` emits. */
export function streamingFormat(f: Omit<StatementFormat, 'parse'> & Required<Pick<StatementFormat, 'stream'>>): StatementFormat {
  return {
    ...f,
    parse(records, options) {
      const rows: ParsedRow[] = [];
      const summary: StatementSummary = f.stream(records, options, (r) => rows.push(r));
      return { ...summary, rows };
    },
  };
}
