import type { ParsedRow } from '../../src/core/import/types';

/** A plain parsed purchase row (a yen charge with nothing foreign or special), with overrides. */
export function parsedRow(overrides: Partial<ParsedRow> = {}): ParsedRow {
  return {
    line: 2,
    date: '2025-06-03',
    postedDate: null,
    description: 'STARBUCKS SHIBUYA',
    amount: 550,
    currency: 'JPY',
    originalAmount: null,
    originalCurrency: null,
    fxRate: null,
    kind: 'purchase',
    cardholder: null,
    paymentPlan: null,
    billedAmount: null,
    status: 'confirmed',
    details: null,
    ...overrides,
  };
}
