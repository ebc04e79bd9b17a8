import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { readBlobsWithGit } from './git-batch.ts';
import { loadDesiredState } from '../resources/desired.ts';
import { applyChanges, commitAll, makeRepository, removeRepositories } from './test-repository.ts';

afterAll(removeRepositories);

const oidOf = (repo: string, path: string) => execFileSync('git', ['rev-parse', `HEAD:${path}`], { cwd: repo, encoding: 'utf8' }).trim();

describe('readBlobsWithGit', () => {
  it('reads packed blobs byte for byte, measures oversized ones without keeping them, and says what is missing', async () => {
    const repo = makeRepository();
    const big = Buffer.alloc(70_000, 0xe9);
    applyChanges(repo, { 'docs/big.bin': big, 'docs/small.txt': 'petit\n' });
    commitAll(repo, 'files');
    execFileSync('git', ['gc', '-q'], { cwd: repo });
    const small = oidOf(repo, 'docs/small.txt');
    const large = oidOf(repo, 'docs/big.bin');
    const missing = 'f'.repeat(40);
    const read = (await readBlobsWithGit(`${repo}/.git`, [small, large, missing, small], 65_536))!;
    expect(read.get(small)).toEqual({ bytes: new TextEncoder().encode('petit\n') });
    expect(read.get(large)).toEqual({ tooLarge: 70_000 });
    expect(read.get(missing)).toEqual({ missing: true });
    const whole = (await readBlobsWithGit(`${repo}/.git`, [large], 100_000))!.get(large) as { bytes: Uint8Array };
    expect(Buffer.from(whole.bytes).equals(big)).toBe(true);
  });

  it('gives a packed repository the same load as a loose one', async () => {
    const many = Object.fromEntries(
      Array.from({ length: 80 }, (_, index) => [
        `styles/extra_${index}.sld`,
        `<StyledLayerDescriptor version="1.0.0" xmlns="http://www.opengis.net/sld"><NamedLayer><Name>e${index}</Name><UserStyle/></NamedLayer></StyledLayerDescriptor>`,
      ]),
    );
    const repo = makeRepository(many);
    const loose = await loadDesiredState({ repo, env: {} });
    execFileSync('git', ['gc', '-q'], { cwd: repo });
    const packed = await loadDesiredState({ repo, env: {} });
    expect(packed).toEqual(loose);
    expect(packed.state.styles).toHaveLength(81);
  });
});
