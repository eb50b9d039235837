import { TIERS } from '../metrics/price-list.ts';

/** Rules shared by the roster import and the price list: which tools and tiers exist, what a price may be. */
export const SEAT_TOOLS = ['claude-code', 'cursor', 'gemini-cli'] as const;
export type SeatTool = (typeof SEAT_TOOLS)[number];

export const MAX_SEAT_PRICE_USD = 100_000;

export function isSeatTool(value: string): value is SeatTool {
  return (SEAT_TOOLS as readonly string[]).includes(value);
}

export function tiersOf(tool: SeatTool): readonly string[] {
  return TIERS[tool] ?? [];
}

/** What is wrong with a tool name (null when fine). */
export function toolProblem(tool: string, label = 'tool'): string | null {
  return isSeatTool(tool) ? null : `${label} "${tool}" is not one of ${SEAT_TOOLS.join(', ')}`;
}

/** What is wrong with a tier for a known tool (null when fine). */
export function tierProblem(tool: SeatTool, tier: string, label = 'tier'): string | null {
  const tiers = tiersOf(tool);
  return tiers.includes(tier) ? null : `${label} "${tier}" is not a ${tool} tier: use one of ${tiers.join(', ')}`;
}

/** What is wrong with a monthly seat price in USD (null when fine). */
export function priceProblem(price: number, label = 'price'): string | null {
  return Number.isFinite(price) && price >= 0 && price <= MAX_SEAT_PRICE_USD
    ? null
    : `${label} must be a number of US dollars from 0 to ${MAX_SEAT_PRICE_USD}`;
}
