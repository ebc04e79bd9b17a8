// Selectors and small readers shared by the kinds' desired-state parts.
import type { Selectors } from '../desired/model.ts';

type Raw = Record<string, any>;

export const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
export const optionalText = (value: unknown): string | undefined => (value === undefined || value === null ? undefined : String(value));

export function toSelectors(raw: Raw | undefined): Selectors {
  const selectors: Selectors = { tags: list(raw?.tags) };
  if (Array.isArray(raw?.platforms)) selectors.platforms = list(raw.platforms);
  return selectors;
}
