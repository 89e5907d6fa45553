import { createContext, useContext } from 'react';
import type { ApiClient } from '../../shared/api/client';

export interface ApiContextValue {
  api: ApiClient;
  reportError: (e: unknown) => void;
  /** Bumped whenever an import (or later an edit) changes the ledger, so views reload. */
  dataVersion: number;
  dataChanged: () => void;
}

export const ApiContext = createContext<ApiContextValue | null>(null);

export function useApi(): ApiContextValue {
  const v = useContext(ApiContext);
  if (!v) throw new Error('ApiContext missing');
  return v;
}
