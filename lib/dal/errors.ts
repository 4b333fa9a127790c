/** Expected failures the UI shows as a message; anything else is a bug and is logged. */
export type DalErrorCode = 'not_found' | 'forbidden' | 'conflict' | 'invalid' | 'unavailable' | 'rate_limited';

export class DalError extends Error {
  constructor(
    readonly code: DalErrorCode,
    message: string,
    readonly fieldErrors?: Record<string, string>,
  ) {
    super(message);
    this.name = 'DalError';
  }
}
