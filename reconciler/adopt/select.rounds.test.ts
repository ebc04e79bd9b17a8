// The selection engine knows no kind: two made-up kinds (shelves holding books, books citing books)
// show the contract — seeds, references across kinds, containers, parts read on demand, notes.
import { describe, expect, it } from 'vitest';
import type { Adoption, AdoptionPlatform, SelectionRequest } from '../resources/adoption.ts';
import { selectResources, selectRound, type LiveByKind } from './select.ts';

interface Books {
  /** By shelf; a shelf not read yet is absent. */
  byShelf: Map<string, Map<string, string[]>>;
  reads: string[][];
}

const shelves: Adoption<{ names: string[] }, true> = {
  kind: 'shelf',
  count: { key: 'shelves', label: 'shelf' },
  read: async () => ({ names: ['a', 'b'] }),
  seed(ctx) {
    for (const name of ctx.request.workspaces) {
      ctx.kept(shelves).set(name, true);
      ctx.addContents({ kind: 'shelf', key: name }, { subject: `shelf ${name}` });
    }
  },
  add(ctx, name) {
    if (!ctx.live(shelves).names.includes(name)) return false;
    ctx.kept(shelves).set(name, true);
    return true;
  },
  render: async (_ctx, _live, kept) => ({ files: [], notes: [], count: kept.size }),
};

const books: Adoption<Books, string[]> = {
  kind: 'book',
  count: { key: 'books', label: 'book' },
  read: async () => ({ byShelf: new Map(), reads: [] }),
  async readMore(_platform, live, parts) {
    live.reads.push(parts);
    const library: Record<string, Record<string, string[]>> = { a: { 'a:one': ['b:two'] }, b: { 'b:two': ['b:gone'], 'b:three': [] } };
    for (const shelf of parts) live.byShelf.set(shelf, new Map(Object.entries(library[shelf] ?? {})));
  },
  seed(ctx) {
    for (const key of ctx.request.uuids) books.add(ctx, key, { subject: '--uuid' });
  },
  add(ctx, key, origin) {
    if (ctx.has('book', key)) return true;
    const shelf = key.split(':')[0]!;
    const part = ctx.live(books).byShelf.get(shelf);
    if (!part) {
      ctx.need(books, shelf);
      return false;
    }
    const cites = part.get(key);
    if (!cites) {
      ctx.note('info', `book ${key}`, `named by ${origin.subject} but the shelf has no such book`);
      return false;
    }
    ctx.kept(books).set(key, cites);
    ctx.add('shelf', shelf, { subject: `book ${key}`, reference: true });
    for (const cited of cites) books.add(ctx, cited, { subject: `book ${key}`, reference: true });
    return true;
  },
  addContents(ctx, container, origin) {
    if (container.kind !== 'shelf') return;
    const part = ctx.live(books).byShelf.get(container.key);
    if (!part) ctx.need(books, container.key);
    for (const key of part?.keys() ?? []) books.add(ctx, key, origin);
  },
  render: async (_ctx, _live, kept) => ({ files: [], notes: [], count: kept.size }),
};

const kinds = [shelves, books];
const request = (asked: Partial<SelectionRequest>): SelectionRequest => ({ workspaces: [], uuids: [], harvested: false, ...asked });
const platform = {} as AdoptionPlatform;
const live = async (): Promise<LiveByKind> =>
  new Map(await Promise.all(kinds.map(async (kind) => [kind, await kind.read(platform, request({}), () => {})] as const)));

describe('import selection rounds', () => {
  it('asks for the parts it meets unread, and decides nothing until they are read', async () => {
    const outcome = selectRound(kinds, await live(), request({ uuids: ['a:one'] }));
    expect('need' in outcome && [...outcome.need].map(([kind, parts]) => [kind.kind, parts])).toEqual([['book', ['a']]]);
  });

  it('reads more until the closure is decided; only the deciding round notes', async () => {
    const read = await live();
    const { kept, notes } = await selectResources(kinds, read, request({ uuids: ['a:one'] }), platform);
    expect((read.get(books) as Books).reads).toEqual([['a'], ['b']]);
    expect([...kept.get(books)!.keys()]).toEqual(['a:one', 'b:two']);
    expect([...kept.get(shelves)!.keys()]).toEqual(['a', 'b']);
    expect(notes).toEqual([{ kind: 'info', subject: 'book b:gone', message: 'named by book b:two but the shelf has no such book' }]);
  });

  it('hands a container taken whole to every kind', async () => {
    const { kept } = await selectResources(kinds, await live(), request({ workspaces: ['b'] }), platform);
    expect([...kept.get(books)!.keys()].sort()).toEqual(['b:three', 'b:two']);
  });

  it('refuses a reference to a kind it was not given', async () => {
    const citing: Adoption<Books, string[]> = { ...books, seed: (ctx) => ctx.add('film', 'x', { subject: '--uuid' }) };
    const read = await live();
    read.set(citing, read.get(books));
    expect(() => selectRound([shelves, citing], read, request({}))).toThrow(/no kind film among shelf, book/);
  });
});
