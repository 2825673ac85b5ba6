/**
 * The names of the parts in a zip (an xlsx), read from its central directory
 * alone: enough to tell which part is missing without unpacking anything.
 */
import { open } from "node:fs/promises";

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;

export async function zipEntryNames(file: string): Promise<string[]> {
  const handle = await open(/*turbopackIgnore: true*/ file, "r");
  try {
    const { size } = await handle.stat();
    const tailSize = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailSize);
    await handle.read(tail, 0, tailSize, size - tailSize);
    let end = -1;
    for (let i = tailSize - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === END_OF_DIRECTORY) {
        end = i;
        break;
      }
    }
    if (end < 0) throw new Error("not a zip: no end of central directory");
    const count = tail.readUInt16LE(end + 10);
    const dirSize = tail.readUInt32LE(end + 12);
    const dirOffset = tail.readUInt32LE(end + 16);
    const dir = Buffer.alloc(dirSize);
    await handle.read(dir, 0, dirSize, dirOffset);
    const names: string[] = [];
    let pos = 0;
    for (let n = 0; n < count && pos + 46 <= dir.length; n++) {
      if (dir.readUInt32LE(pos) !== DIRECTORY_ENTRY) throw new Error("not a zip: bad central directory");
      const nameLength = dir.readUInt16LE(pos + 28);
      const extraLength = dir.readUInt16LE(pos + 30);
      const commentLength = dir.readUInt16LE(pos + 32);
      names.push(dir.toString("utf8", pos + 46, pos + 46 + nameLength));
      pos += 46 + nameLength + extraLength + commentLength;
    }
    return names;
  } finally {
    await handle.close();
  }
}
