// A unified diff as typed lines, so the page can mark additions and removals with a sign and a
// colour (never colour alone).
export type DiffLineType = 'added' | 'removed' | 'context' | 'hunk' | 'header' | 'note';

export interface DiffLine {
  type: DiffLineType;
  text: string;
}

export function diffLines(diff: string): DiffLine[] {
  const lines = diff.replace(/\n$/, '').split('\n');
  return lines.map((text) => {
    if (text.startsWith('+++ ') || text.startsWith('--- ')) return { type: 'header', text };
    if (text.startsWith('@@')) return { type: 'hunk', text };
    if (text.startsWith('+')) return { type: 'added', text };
    if (text.startsWith('-')) return { type: 'removed', text };
    if (text.startsWith('\\') || text.startsWith('…')) return { type: 'note', text };
    return { type: 'context', text };
  });
}

export function diffStats(diff: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const line of diffLines(diff)) {
    if (line.type === 'added') added += 1;
    if (line.type === 'removed') removed += 1;
  }
  return { added, removed };
}
