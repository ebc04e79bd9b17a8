// Many blobs at once through one `git cat-file --batch` process: isomorphic-git reads packed
// objects one file open and one inflate at a time (about half a millisecond each), which a cold
// load of a large repository pays thousands of times. Read-only, no work tree; undefined when no
// git executable can be started (the caller then reads blob by blob).
import { spawn } from 'node:child_process';

export type BatchBlob = { bytes: Uint8Array } | { tooLarge: number } | { missing: true };

export async function readBlobsWithGit(gitdir: string, oids: readonly string[], maxBytes: number): Promise<Map<string, BatchBlob> | undefined> {
  const unique = [...new Set(oids)];
  if (unique.length === 0) return new Map();
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['--git-dir', gitdir, 'cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'ignore'] });
    const results = new Map<string, BatchBlob>();
    let started = false;
    child.on('spawn', () => {
      started = true;
      child.stdin.end(`${unique.join('\n')}\n`);
    });
    child.on('error', (error) => (started ? reject(error) : resolve(undefined)));
    child.stdin.on('error', () => undefined);

    // Output: "<oid> <type> <size>\n<content>\n" or "<oid> missing\n", in request order.
    let pending: Buffer = Buffer.alloc(0);
    let current: { oid: string; size: number; parts: Buffer[] | undefined; received: number } | undefined;
    const consume = () => {
      for (;;) {
        if (!current) {
          const newline = pending.indexOf(0x0a);
          if (newline < 0) return;
          const [oid, type, size] = pending.toString('latin1', 0, newline).split(' ');
          pending = pending.subarray(newline + 1);
          if (type === 'missing' || size === undefined) {
            results.set(oid!, { missing: true });
            continue;
          }
          const length = Number(size);
          current = { oid: oid!, size: length, parts: type === 'blob' && length <= maxBytes ? [] : undefined, received: 0 };
        }
        const take = Math.min(pending.length, current.size - current.received);
        if (take > 0) current.parts?.push(pending.subarray(0, take));
        current.received += take;
        pending = pending.subarray(take);
        if (current.received < current.size || pending.length === 0) return;
        pending = pending.subarray(1);
        const { oid, size, parts } = current;
        const bytes = parts ? Buffer.concat(parts) : undefined;
        results.set(
          oid,
          bytes ? { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) } : size > maxBytes ? { tooLarge: size } : { missing: true },
        );
        current = undefined;
      }
    };
    child.stdout.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      consume();
    });
    child.on('close', (code) => {
      if (!started) return;
      if (code !== 0 || current) reject(new Error(`git cat-file --batch ended with ${code ?? 'a signal'} before every object was read`));
      else resolve(results);
    });
  });
}
