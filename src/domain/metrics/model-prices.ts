/** List API prices in USD per million tokens, for the API-equivalent value of subscription usage. */
export interface ModelPrice {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

const OPUS_4_5: ModelPrice = { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 };
const HAIKU_4: ModelPrice = { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 };

// Most specific first: the first pattern contained in the (lower-case) raw model id wins. Each family's spellings
// (Anthropic/Bedrock/Vertex `opus-4-5`, Cursor's `4.5-opus`; model-families.ts) are listed, so they cost the same.
export const MODEL_PRICES: ReadonlyArray<[pattern: string, price: ModelPrice]> = [
  ['opus-4-5', OPUS_4_5],
  ['opus-4.5', OPUS_4_5],
  ['4.5-opus', OPUS_4_5],
  ['opus', { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 }],
  ['sonnet', { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 }],
  ['haiku-4', HAIKU_4],
  ['4.5-haiku', HAIKU_4],
  ['haiku', { input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1 }],
  ['gemini-2.5-pro', { input: 1.25, output: 10, cacheRead: 0.31, cacheWrite: 0 }],
  ['gemini-2.5-flash-lite', { input: 0.1, output: 0.4, cacheRead: 0.025, cacheWrite: 0 }],
  ['gemini-2.5-flash', { input: 0.3, output: 2.5, cacheRead: 0.075, cacheWrite: 0 }],
  ['gpt-5', { input: 1.25, output: 10, cacheRead: 0.125, cacheWrite: 0 }],
];

export function modelPrice(model: string): ModelPrice | null {
  const name = model.toLowerCase();
  for (const [pattern, price] of MODEL_PRICES) if (name.includes(pattern)) return price;
  return null;
}

/** USD for the tokens at the model's list price, or null when the model has no known price. */
export function apiEquivalentUsd(
  model: string,
  tokens: { input: number; output: number; cacheRead: number; cacheCreation: number },
): number | null {
  const p = modelPrice(model);
  if (!p) return null;
  return (tokens.input * p.input + tokens.output * p.output + tokens.cacheRead * p.cacheRead + tokens.cacheCreation * p.cacheWrite) / 1e6;
}
