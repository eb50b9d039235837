/** The one logger's shape (pino's): what the composition root hands to adapters that report errors. */
export interface Logger {
  info(message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}
