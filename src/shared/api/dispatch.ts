import { contract, type ApiError, type ApiHandlers, type ApiResult } from './contract';
import { isApiMethod } from './methods';

/** Thrown by handlers for failures the caller should see as such (not as a crash). */
export class ApiFailure extends Error {
  constructor(
    readonly code: ApiError['code'],
    message: string,
    /** A stable key (and its values) the UI turns into a message in the user's language. */
    readonly reason?: { key: string; params?: Record<string, string | number> },
  ) {
    super(message);
  }
}

export type Dispatch = (method: unknown, input: unknown) => Promise<ApiResult<unknown>>;

/**
 * The server side of every transport: checks the method name, validates the input against the
 * contract, runs the handler, and (in tests and development) validates the output too.
 */
export function createDispatcher(handlers: ApiHandlers, options: { validateOutput?: boolean } = {}): Dispatch {
  return async (method, input) => {
    if (!isApiMethod(method)) return { ok: false, error: { code: 'unknown-method', message: `unknown method: ${typeof method === 'string' ? method.slice(0, 80) : `(${typeof method})`}` } };
    const def = contract[method];
    const parsed = def.input.safeParse(input ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`);
      return { ok: false, error: { code: 'invalid-input', message: `invalid input for ${method}: ${issues.join('; ')}`, issues } };
    }
    try {
      const handler = handlers[method] as (i: unknown) => unknown;
      const value = await handler(parsed.data);
      if (options.validateOutput) {
        const out = def.output.safeParse(value);
        if (!out.success) {
          return { ok: false, error: { code: 'failed', message: `${method} returned data that breaks the contract: ${out.error.message}` } };
        }
        return { ok: true, value: out.data };
      }
      return { ok: true, value };
    } catch (e) {
      if (e instanceof ApiFailure) return { ok: false, error: { code: e.code, message: e.message, ...(e.reason ? { reason: e.reason.key, params: e.reason.params ?? {} } : {}) } };
      return { ok: false, error: { code: 'failed', message: e instanceof Error ? e.message : String(e) } };
    }
  };
}
