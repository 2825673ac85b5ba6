/** The fast reader's zip directory: parts found by name, inflated whole or piece by piece. */
import { isAscii } from "node:buffer";
import { createInflateRaw, inflateRawSync, type ZlibOptions } from "node:zlib";
import { XlsxPartError, notAWorkbook } from "./errors";

// ---------------------------------------------------------------------------
// Zip

export interface ZipEntry {
  name: string;
  /** Offset of the entry's local header. */
  offset: number;
  method: number;
  compressedSize: number;
  /** As the directory states it: only a hint for the size of the output buffer. */
  size: number;
}

/** A part name as looked up: separators as "/", no leading "/", case folded (zip tools differ in all three). */
function partKey(name: string): string {
  return name.replace(/\\/gu, "/").replace(/^\/+/u, "").toLowerCase();
}

/** The zip's parts by name, found case- and separator-tolerantly; a later entry of the same name wins. */
export class ZipParts {
  private readonly byKey = new Map<string, ZipEntry>();

  constructor(zip: Buffer, file: string) {
    for (const entry of zipEntries(zip, file)) this.byKey.set(partKey(entry.name), entry);
  }

  get(name: string): ZipEntry | undefined {
    const found = this.byKey.get(partKey(name));
    if (found || !name.includes("%")) return found;
    // A relationship names a part as a URI ("sheet%201.xml"); zip tools differ on whether the entry is escaped too.
    try {
      return this.byKey.get(partKey(decodeURIComponent(name)));
    } catch {
      return undefined;
    }
  }
}

/** A relationship's target as a part name: absolute ("/xl/…") from the package root, else from the source part's folder. */
export function resolvePart(fromDir: string, target: string): string {
  const t = target.trim().replace(/\\/gu, "/");
  const path = t.startsWith("/") ? t.slice(1) : `${fromDir}${t}`;
  const out: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "..") out.pop();
    else if (segment !== "." && segment !== "") out.push(segment);
  }
  return out.join("/");
}

/** xl/workbook.xml → xl/_rels/workbook.xml.rels */
export function relsPathOf(part: string): string {
  const slash = part.lastIndexOf("/");
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const MAX32 = 0xffffffff;

/** A directory entry with where its records lie: what the zip patcher (../xlsx-patch.ts) needs to copy or replace it. */
export interface ZipDirectoryEntry extends ZipEntry {
  /** The general-purpose flags (bit 0: encrypted; bit 11: UTF-8 name). */
  flags: number;
  /** The entry's central-directory record, name, extra field and comment included: [centralStart, centralEnd). */
  centralStart: number;
  centralEnd: number;
  /** Whether its sizes or offset came from a zip64 extra field. */
  zip64: boolean;
}

export interface ZipDirectory {
  /** In the order they lie in the file (the order a streaming unzip meets them). */
  entries: ZipDirectoryEntry[];
  /** Where the central directory starts: the end of the last entry's bytes. */
  directoryStart: number;
  /** Whether the end record has a field at its limit (its true values then in a zip64 record). */
  zip64: boolean;
  /** The end-of-directory record's comment. */
  comment: Buffer;
}

/** The central directory's entries, in the order they lie in the file (the order a streaming unzip meets them). */
function zipEntries(zip: Buffer, file: string): ZipEntry[] {
  return zipDirectory(zip, file).entries;
}

/** The zip's central directory, zip64 included; a zip it cannot make sense of is not a workbook. */
export function zipDirectory(zip: Buffer, file: string): ZipDirectory {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw notAWorkbook(file, "不是 zip 文件");
  let count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  // Any field at its limit: the sizes that count are the zip64 record's (the patcher leaves such a zip alone).
  const zip64 = count === 0xffff || at === MAX32 || zip.readUInt32LE(eocd + 12) === MAX32;
  if ((count === 0xffff || at === MAX32) && eocd >= 20 && zip.readUInt32LE(eocd - 20) === ZIP64_LOCATOR) {
    const z = Number(zip.readBigUInt64LE(eocd - 12));
    if (z + 56 > zip.length || zip.readUInt32LE(z) !== ZIP64_EOCD) throw notAWorkbook(file, "zip64 目录损坏");
    count = Number(zip.readBigUInt64LE(z + 32));
    at = Number(zip.readBigUInt64LE(z + 48));
  }
  const directoryStart = at;

  const entries: ZipDirectoryEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL_HEADER) throw notAWorkbook(file, "zip 目录损坏");
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    let compressedSize = zip.readUInt32LE(at + 20);
    let size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    let offset = zip.readUInt32LE(at + 42);
    const nameEnd = at + 46 + nameLength;
    const name = zip.toString(flags & 0x800 ? "utf8" : "latin1", at + 46, nameEnd);
    const entry64 = compressedSize === MAX32 || size === MAX32 || offset === MAX32;
    if (entry64) {
      // The zip64 extra field holds, in this order, whichever of the three overflowed.
      for (let e = nameEnd; e + 4 <= nameEnd + extraLength; e += 4 + zip.readUInt16LE(e + 2)) {
        if (zip.readUInt16LE(e) !== 1) continue;
        let q = e + 4;
        if (size === MAX32) {
          size = Number(zip.readBigUInt64LE(q));
          q += 8;
        }
        if (compressedSize === MAX32) {
          compressedSize = Number(zip.readBigUInt64LE(q));
          q += 8;
        }
        if (offset === MAX32) offset = Number(zip.readBigUInt64LE(q));
        break;
      }
    }
    const centralEnd = nameEnd + extraLength + commentLength;
    entries.push({ name, offset, method, compressedSize, size, flags, centralStart: at, centralEnd, zip64: entry64 });
    at = centralEnd;
  }
  const comment = zip.subarray(eocd + 22, eocd + 22 + zip.readUInt16LE(eocd + 20));
  return { entries: entries.sort((a, b) => a.offset - b.offset), directoryStart, zip64, comment };
}

export function compressedData(zip: Buffer, entry: ZipEntry): Buffer {
  const at = entry.offset;
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== LOCAL_HEADER) throw new XlsxPartError(entry.name, "损坏");
  if (entry.method !== 0 && entry.method !== 8) throw new XlsxPartError(entry.name, `压缩方式 ${entry.method} 不受支持`);
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  return zip.subarray(start, start + entry.compressedSize);
}

/**
 * How far a part may inflate: real parts shrink 5–30 times in a zip, a zip bomb
 * a thousand. Past a few MiB a part may be at most MAX_RATIO times its packed
 * size, and never more than MAX_PART_BYTES.
 */
const MAX_RATIO = 200;
const RATIO_FREE_BYTES = 8 << 20;
const MAX_PART_BYTES = 1 << 30;

function inflateLimit(entry: ZipEntry): number {
  return Math.min(MAX_PART_BYTES, Math.max(RATIO_FREE_BYTES, entry.compressedSize * MAX_RATIO));
}

function tooLarge(entry: ZipEntry, limit: number): Error {
  return new XlsxPartError(entry.name, `解压后超过 ${Math.round(limit / 2 ** 20)} MiB（压缩包中 ${entry.compressedSize} 字节），疑似压缩炸弹，已拒绝读取`);
}

/** A small part's text, whole. */
export function partText(zip: Buffer, entry: ZipEntry): string {
  const data = compressedData(zip, entry);
  let bytes = data;
  const limit = inflateLimit(entry);
  try {
    // One output chunk of the stated size: zlib's default 16 KiB chunks cost more to join than to inflate.
    if (entry.method === 8) bytes = inflateRawSync(data, { chunkSize: Math.min(Math.max(entry.size, 1024), limit), maxOutputLength: limit });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") throw tooLarge(entry, limit);
    throw new XlsxPartError(entry.name, `无法解压：${(e as Error).message}`);
  }
  return withoutBom(isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8"));
}

/** What zlib inflates at a time, on another thread while the scanner reads the piece before. */
const PIECE_BYTES = 1 << 20;
/**
 * What the scanner decodes at a time: small enough for V8 to place the string in
 * its young generation, whose memory is reused, rather than in freshly mapped
 * pages, which cost more to touch than to fill.
 */
export const SCAN_BYTES = 1 << 16;

/** A worksheet's bytes, piece by piece. */
export async function* partPieces(zip: Buffer, entry: ZipEntry): AsyncGenerator<Buffer> {
  const data = compressedData(zip, entry);
  if (entry.method === 0) {
    for (let at = 0; at < data.length; at += PIECE_BYTES) yield data.subarray(at, at + PIECE_BYTES);
    return;
  }
  // A few pieces ahead (Transform takes the option; the zlib typings leave it out).
  const inflate = createInflateRaw({ chunkSize: PIECE_BYTES, readableHighWaterMark: 4 * PIECE_BYTES } as ZlibOptions);
  inflate.end(data);
  const limit = inflateLimit(entry);
  let inflated = 0;
  try {
    for await (const piece of inflate as AsyncIterable<Buffer>) {
      inflated += piece.length;
      if (inflated > limit) throw tooLarge(entry, limit);
      yield piece;
    }
  } catch (e) {
    if (inflated > limit) throw e;
    throw new XlsxPartError(entry.name, `无法解压：${(e as Error).message}`);
  } finally {
    inflate.destroy();
  }
}

/** TextDecoder, which the streaming reader decodes with, drops a byte-order mark. */
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
