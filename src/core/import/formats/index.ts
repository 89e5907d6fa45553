/**
 * Every statement format Meisai recognises, in the order they are tried. Specific issuer layouts
 * come first; the generic header-based CSV is the last resort before column mapping.
 */
import type { StatementFormat } from '../types';
import { genericCsv } from './generic-csv';
// formats:imports

export const ISSUER_FORMATS: readonly StatementFormat[] = [
  // formats:list
];

export const FORMATS: readonly StatementFormat[] = [...ISSUER_FORMATS, genericCsv];
