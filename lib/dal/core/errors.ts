/** Expected failures the UI shows as a message; anything else is a bug and is logged. */
export type DalErrorCode = 'not_found' | 'forbidden' | 'conflict' | 'invalid' | 'unavailable' | 'rate_limited';

/** The HTTP status each expected failure answers with, wherever it is answered over HTTP. */
export const HTTP_STATUS: Record<DalErrorCode, number> = {
  invalid: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
};

export class DalError extends Error {
  constructor(
    readonly code: DalErrorCode,
    message: string,
    readonly fieldErrors?: Record<string, string>,
  ) {
    super(message);
    this.name = 'DalError';
  }

  /** The HTTP status a route handler answers this failure with. */
  get status(): number {
    return HTTP_STATUS[this.code];
  }
}
