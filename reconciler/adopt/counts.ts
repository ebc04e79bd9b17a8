// "2 workspace(s), 5 store(s), …": an import's counts in registry order, in the kinds' own words.
import { importKinds } from '../resources/registry.ts';

export function countsText(counts: Record<string, number>): string {
  return importKinds.map(({ count }) => `${counts[count.key] ?? 0} ${count.label}(s)`).join(', ');
}
