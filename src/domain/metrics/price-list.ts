/** Built-in monthly seat prices (USD, monthly billing, list prices late 2026); an org's price list overrides them. */
export const DEFAULT_SEAT_PRICES: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  'claude-code': { pro: 20, max_5x: 100, max_20x: 200, team_standard: 30, team_premium: 150, enterprise: 60, api: 0 },
  cursor: { pro: 20, business: 40, enterprise: 40, api: 0 },
  'gemini-cli': { free: 0, standard: 22.8, enterprise: 54, api: 0 },
};

export const TIERS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(DEFAULT_SEAT_PRICES).map(([tool, prices]) => [tool, Object.keys(prices)]),
);

export function defaultSeatPrice(tool: string, tier: string): number | null {
  const prices = Object.hasOwn(DEFAULT_SEAT_PRICES, tool) ? DEFAULT_SEAT_PRICES[tool] : undefined;
  return prices && Object.hasOwn(prices, tier) ? (prices[tier] ?? null) : null;
}

/** A seat's monthly price: its own, else the org's list, else the built-in default, else 0. */
export function seatPrice(
  seat: { tool: string; tier: string; monthlyPriceUsd: number | null },
  orgPrices: ReadonlyMap<string, number>,
): number {
  if (seat.monthlyPriceUsd !== null) return seat.monthlyPriceUsd;
  return orgPrices.get(`${seat.tool}|${seat.tier}`) ?? defaultSeatPrice(seat.tool, seat.tier) ?? 0;
}
