// Writing a file so that a reader never sees it half written, even after a crash.
import { open, rename } from 'node:fs/promises';

/** Write to a temporary file in the same folder, flush it, then rename over the target. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
}
