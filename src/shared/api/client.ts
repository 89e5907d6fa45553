import type { ApiError, ApiInput, ApiOutput, ApiResult } from './contract';
import type { ApiMethod } from './methods';

export class ApiCallError extends Error {
  constructor(
    readonly method: ApiMethod,
    readonly error: ApiError,
  ) {
    super(error.message);
  }
}

export type Invoke = (method: ApiMethod, input: unknown) => Promise<ApiResult<unknown>>;

export interface ApiClient {
  call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>>;
}

/** A typed client over any transport's `invoke`; failures become ApiCallError. */
export function createApiClient(invoke: Invoke): ApiClient {
  return {
    async call(method, input) {
      const result = await invoke(method, input);
      if (!result.ok) throw new ApiCallError(method, result.error);
      return result.value as never;
    },
  };
}
