/** Cursor refused the key (401/403): retrying cannot help, the sync stops and `status` says so. */
export class CursorAuthError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'CursorAuthError';
  }
}

/** Any other answer the sync cannot use (4xx, or 429/5xx after every retry). */
export class CursorApiError extends Error {
  constructor(readonly status: number | null, message: string) {
    super(message);
    this.name = 'CursorApiError';
  }
}
