import { describe, expect, it } from 'vitest';
import { BoundedChannel } from './channel.ts';

describe('BoundedChannel', () => {
  it('holds at most its capacity: a pusher waits until the reader takes an item', async () => {
    const channel = new BoundedChannel<number>(2);
    await channel.push(1);
    await channel.push(2);
    let thirdPushed = false;
    const third = channel.push(3).then(() => (thirdPushed = true));
    await new Promise((r) => setImmediate(r));
    expect(thirdPushed).toBe(false);
    const seen: number[] = [];
    const reader = (async () => {
      for await (const item of channel) seen.push(item);
    })();
    await third;
    channel.close();
    await reader;
    expect(seen).toEqual([1, 2, 3]);
  });

  it('gives each item to one of several readers, and close() ends every waiting reader', async () => {
    const channel = new BoundedChannel<number>(1);
    const read = async () => {
      const items: number[] = [];
      for (let item = await channel.pull(); item !== undefined; item = await channel.pull()) items.push(item);
      return items;
    };
    const readers = [read(), read(), read()];
    for (let i = 1; i <= 20; i++) await channel.push(i);
    channel.close();
    const seen = await Promise.all(readers);
    expect(seen.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('fail() rejects waiting pushers and the reader', async () => {
    const channel = new BoundedChannel<number>(1);
    await channel.push(1);
    const blocked = channel.push(2);
    channel.fail(new Error('writer broke'));
    await expect(blocked).rejects.toThrow('writer broke');
    await expect(
      (async () => {
        for await (const _ of channel) void _;
      })(),
    ).rejects.toThrow('writer broke');
  });
});
