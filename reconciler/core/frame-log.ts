// An append-only log of frames on disk, for caches that learn a little at each run and must read
// back fast: [magic line][length u32][crc32 u32][v8-serialized frame]…  A save appends what the
// run learnt, and rewrites the whole file as one snapshot frame once the appended frames outweigh
// the snapshot, so the file stays within about twice what one run needs. A torn or corrupt frame
// (a kill, two writers) ends the readable part; the next save rewrites the file.
import { appendFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import v8 from 'node:v8';
import { crc32 } from 'node:zlib';

const FRAME_HEADER_BYTES = 8;
/** Appends allowed beyond the snapshot's size before a rewrite (a small cache rewrites rarely). */
const APPEND_SLACK_BYTES = 64 * 1024;

export class FrameLog<Frame> {
  private readonly magic: Buffer;
  /** Size of the file's first frame (the snapshot written by the last rewrite) and of the frames after it. */
  private snapshotBytes = 0;
  private appendedBytes = 0;
  /** The file is missing, from another format, or ends with a broken frame: appending would be lost. */
  private mustRewrite = true;

  /** `format`: a line naming the file's layout; a file that starts otherwise is ignored (and rewritten). */
  constructor(
    readonly file: string,
    format: string,
  ) {
    this.magic = Buffer.from(`${format}\n`);
  }

  /** The readable frames, oldest first; none when the file is absent, unreadable or of another format. */
  async read(): Promise<Frame[]> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.file);
    } catch {
      return [];
    }
    if (!bytes.subarray(0, this.magic.length).equals(this.magic)) return [];
    const frames: Frame[] = [];
    let offset = this.magic.length;
    while (offset + FRAME_HEADER_BYTES <= bytes.length) {
      const length = bytes.readUInt32LE(offset);
      const checksum = bytes.readUInt32LE(offset + 4);
      const payload = bytes.subarray(offset + FRAME_HEADER_BYTES, offset + FRAME_HEADER_BYTES + length);
      if (payload.length !== length || crc32(payload) !== checksum) break;
      try {
        frames.push(v8.deserialize(payload) as Frame);
      } catch {
        break;
      }
      if (offset === this.magic.length) this.snapshotBytes = FRAME_HEADER_BYTES + length;
      else this.appendedBytes += FRAME_HEADER_BYTES + length;
      offset += FRAME_HEADER_BYTES + length;
    }
    this.mustRewrite = offset !== bytes.length;
    return frames;
  }

  /**
   * Appends `appended()` or, when the log must be rewritten or has grown past its snapshot,
   * replaces the file with `snapshot()`. Returns whether the file was rewritten.
   */
  async save(appended: () => Frame, snapshot: () => Frame): Promise<boolean> {
    await mkdir(dirname(this.file), { recursive: true });
    const frame = this.mustRewrite ? undefined : frameBytes(appended());
    if (frame && this.appendedBytes + frame.length <= this.snapshotBytes + APPEND_SLACK_BYTES) {
      await appendFile(this.file, frame);
      this.appendedBytes += frame.length;
      return false;
    }
    const whole = frameBytes(snapshot());
    const temp = `${this.file}.${process.pid}.tmp`;
    await writeFile(temp, Buffer.concat([this.magic, whole]));
    await rename(temp, this.file);
    [this.snapshotBytes, this.appendedBytes, this.mustRewrite] = [whole.length, 0, false];
    return true;
  }

  /** Whether the next save rewrites the file whatever it learnt (absent, another format, broken). */
  get needsRewrite(): boolean {
    return this.mustRewrite;
  }
}

/** Removes the logs named `<prefix><hex>.bin` in `dir` that nobody wrote for `maxAgeMs` (other repositories, older code). */
export async function removeForgottenLogs(dir: string, prefix: string, maxAgeMs: number): Promise<void> {
  const limit = Date.now() - maxAgeMs;
  for (const name of await readdir(dir)) {
    if (!name.startsWith(prefix) || !/^[0-9a-f]+\.bin$/.test(name.slice(prefix.length))) continue;
    const file = join(dir, name);
    if ((await stat(file)).mtimeMs < limit) await rm(file, { force: true });
  }
}

function frameBytes(frame: unknown): Buffer {
  const payload = v8.serialize(frame);
  const header = Buffer.alloc(FRAME_HEADER_BYTES);
  header.writeUInt32LE(payload.length, 0);
  header.writeUInt32LE(crc32(payload), 4);
  return Buffer.concat([header, payload]);
}
