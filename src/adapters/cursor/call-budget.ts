import type { CursorEndpoint } from '../../domain/cursor/api-shapes.ts';

/** Admits calls to one endpoint of one Cursor team: `take` resolves when a call may go; call its result when the answer is back. */
export interface CallBudget {
  take(): Promise<() => void>;
}

/** Makes the budget of one endpoint for one admin key (a Cursor team), with the endpoint's documented limit. */
export type CallBudgets = (apiKey: string, endpoint: CursorEndpoint, limit: number, windowMs: number) => CallBudget;

/** The margin added to the window, so a call the server counted a little later than we did still falls outside it. */
export function windowMargin(windowMs: number): number {
  return Math.max(5, Math.round(windowMs / 60));
}
