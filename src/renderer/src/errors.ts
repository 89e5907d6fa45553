/**
 * Failures in the user's language: a failure the core marks with a reason key (see ApiFailure) is
 * shown from the message catalogue; anything else keeps the core's English text.
 */
import { ApiCallError } from '../../shared/api/client';
import type { I18n, MessageKey } from './i18n';

const REASONS: Readonly<Record<string, MessageKey>> = {
  'trip.needsTagOrDates': 'err.trip.needsTagOrDates',
  'trip.endsBeforeStart': 'err.trip.endsBeforeStart',
  'trip.nameTaken': 'err.trip.nameTaken',
  'trip.notFound': 'err.trip.notFound',
  'fx.currency': 'err.fx.currency',
  'fx.decimals': 'err.fx.decimals',
  'fx.amount': 'err.fx.amount',
  'fx.rate': 'err.fx.rate',
  'fx.sameCurrency': 'err.fx.sameCurrency',
};

export function errorText(e: unknown, t: I18n['t']): string {
  if (e instanceof ApiCallError && e.error.reason) {
    const key = REASONS[e.error.reason];
    if (key) return t(key, e.error.params);
  }
  return e instanceof Error ? e.message : String(e);
}
