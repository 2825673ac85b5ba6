import type ExcelJS from "exceljs";
import { readFile } from "node:fs/promises";
import { isAscii } from "node:buffer";
import { createInflateRaw, inflateRawSync, type ZlibOptions } from "node:zlib";
import { isBlank, type CellValue, type RawRow, type RawTab } from "../schema/cells";
import { readCell } from "./xlsx-cells";

/**
 * The workbook read from an in-memory copy: the same RawTabs as exceljs's
 * whole-file loader (readWorkbookWhole in xlsx-store.ts) in about a quarter of its
 * time and a third of its memory. The zip directory is read here, a worksheet
 * inflated piece by piece on zlib's thread while the piece before is scanned, and
 * the XML scanned by hand: a SAX parser's per-node objects and callbacks cost more
 * than everything else a big worksheet needs.
 *
 * The rules mirror the whole-file loader's rather than exceljs's streaming readers,
 * which garble a Chinese character split between two chunks, ignore merged cells,
 * read TRUE and #N/A formula results as numbers and dated ones as serials, and list
 * sheets in zip order. Where both exceljs loaders read wrong, this one reads what
 * the file says, as LibreOffice does (tests/integration/xlsx-reader-compat.test.ts):
 * parts found through the package's relationships, whatever their name, case or
 * separators; namespace-prefixed XML; date1904="true"; t="d" ISO dates; the East
 * Asian built-in date formats; a formula's cached 0, FALSE or ""; rows and cells
 * without r=; link targets (RawRow.links); a worksheet it cannot make sense of
 * reported (RawTab.unreadable), never read as empty; inflation capped.
 * tests/integration/xlsx-fast-reader.test.ts holds it to the whole-file loader's
 * RawTabs elsewhere. (A saxes-based streaming reader with the same rules was
 * measured beside it and removed: bench/RESULTS.md.)
 */
export async function readWorkbookFast(file: string): Promise<RawTab[]> {
  try {
    return await readWorkbookParts(file);
  } catch (e) {
    // A part every tab needs (the workbook, shared strings, styles): the whole file cannot be read.
    if (e instanceof XlsxPartError) throw notAWorkbook(file, e.message, e);
    throw e;
  }
}

/**
 * A part of the workbook the reader cannot make sense of, named: for a
 * worksheet, its tab is reported unreadable (RawTab.unreadable) and the others
 * are read; for a part every tab needs, the whole file fails.
 */
export class XlsxPartError extends Error {
  constructor(
    readonly part: string,
    readonly reason: string,
  ) {
    super(`${part}：${reason}`);
    this.name = "XlsxPartError";
  }
}

async function readWorkbookParts(file: string): Promise<RawTab[]> {
  const zip = await readFile(file);
  const parts = new ZipParts(zip, file);
  const text = (entry: ZipEntry) => new XmlScanner(entry.name, partText(zip, entry));
  const relsOf = (entry: ZipEntry | undefined) => (entry ? readRelationships(text(entry)) : []);

  // The workbook part is the package's officeDocument (_rels/.rels), wherever and however it is spelled.
  const officeDocument = relsOf(parts.get("_rels/.rels")).find((r) => r.Type?.endsWith("/officeDocument") && r.TargetMode !== "External");
  const bookPath = officeDocument?.Target ? resolvePart("", officeDocument.Target) : "xl/workbook.xml";
  const bookEntry = parts.get(bookPath);
  if (!bookEntry) throw notAWorkbook(file, `缺少工作簿部件 ${bookPath}`);
  const book = readBook(text(bookEntry));
  if (book.sheets.length === 0) throw notAWorkbook(file, `${bookEntry.name} 中没有列出任何工作表`);

  const bookDir = bookPath.slice(0, bookPath.lastIndexOf("/") + 1);
  const bookRels = relsOf(parts.get(relsPathOf(bookPath)));
  const related = (type: string, fallback: string) => {
    const rel = bookRels.find((r) => r.Type?.endsWith(`/${type}`) && r.Target);
    return parts.get(rel?.Target ? resolvePart(bookDir, rel.Target) : fallback);
  };
  const sharedStrings = related("sharedStrings", `${bookDir}sharedStrings.xml`);
  const styles = related("styles", `${bookDir}styles.xml`);
  const strings = sharedStrings ? readSharedStrings(text(sharedStrings)) : undefined;
  const formats = styles ? readStyles(text(styles)) : undefined;
  const context: WorkbookContext = {
    date1904: book.date1904,
    // Without a shared-strings part the whole-file loader leaves the index itself in the cell.
    sharedString: strings ? (index) => strings[index] ?? null : (index) => index,
    format: formats ? (styleId) => formats.get(styleId) : () => null,
  };

  const byId = new Map(bookRels.map((r) => [r.Id, r]));
  const contents = new Map<string, { content: SheetContent; links: Map<string | undefined, string | undefined> }>();
  const tabs: RawTab[] = [];
  for (const sheet of book.sheets) {
    const rel = byId.get(sheet.rId);
    // Chart, dialog and macro sheets hold no grid of cells.
    if (rel?.Type && !rel.Type.endsWith("/worksheet")) continue;
    try {
      if (!rel?.Target) throw new XlsxPartError(bookEntry.name, `工作表「${sheet.name}」没有对应的部件（${sheet.rId ?? "缺少 r:id"}）`);
      const sheetPath = resolvePart(bookDir, rel.Target);
      const entry = parts.get(sheetPath);
      if (!entry) throw new XlsxPartError(sheetPath, `工作表「${sheet.name}」的部件不在文件中`);
      let read = contents.get(sheetPath);
      if (!read) {
        const xml = new XmlScanner(entry.name, partPieces(zip, entry));
        let content: SheetContent;
        try {
          content = await readSheet(xml, context);
        } finally {
          await xml.close();
        }
        const sheetRels = relsOf(parts.get(relsPathOf(sheetPath)));
        read = { content, links: new Map(sheetRels.map((r) => [r.Id, r.Target])) };
        contents.set(sheetPath, read);
      }
      tabs.push({ title: sheet.name, rows: read.content.finish(read.links), protected: read.content.isProtected });
    } catch (e) {
      // One worksheet the reader cannot make sense of: the tab is reported as unreadable, naming the part;
      // the others are read. Never an empty tab taken for an empty sheet.
      if (!(e instanceof XlsxPartError)) throw e;
      tabs.push({ title: sheet.name, rows: [], protected: false, unreadable: e.message });
    }
  }
  return tabs;
}

// ---------------------------------------------------------------------------
// Zip

interface ZipEntry {
  name: string;
  /** Offset of the entry's local header. */
  offset: number;
  method: number;
  compressedSize: number;
  /** As the directory states it: only a hint for the size of the output buffer. */
  size: number;
}

const notAWorkbook = (file: string, why: string, cause?: unknown) => new Error(`不是 xlsx 工作簿（${why}）：${file}`, { cause });

/** A part name as looked up: separators as "/", no leading "/", case folded (zip tools differ in all three). */
function partKey(name: string): string {
  return name.replace(/\\/gu, "/").replace(/^\/+/u, "").toLowerCase();
}

/** The zip's parts by name, found case- and separator-tolerantly; a later entry of the same name wins. */
class ZipParts {
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
function resolvePart(fromDir: string, target: string): string {
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
function relsPathOf(part: string): string {
  const slash = part.lastIndexOf("/");
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const MAX32 = 0xffffffff;

/** The central directory's entries, in the order they lie in the file (the order a streaming unzip meets them). */
function zipEntries(zip: Buffer, file: string): ZipEntry[] {
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
  if ((count === 0xffff || at === MAX32) && eocd >= 20 && zip.readUInt32LE(eocd - 20) === ZIP64_LOCATOR) {
    const z = Number(zip.readBigUInt64LE(eocd - 12));
    if (z + 56 > zip.length || zip.readUInt32LE(z) !== ZIP64_EOCD) throw notAWorkbook(file, "zip64 目录损坏");
    count = Number(zip.readBigUInt64LE(z + 32));
    at = Number(zip.readBigUInt64LE(z + 48));
  }

  const entries: ZipEntry[] = [];
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
    if (compressedSize === MAX32 || size === MAX32 || offset === MAX32) {
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
    entries.push({ name, offset, method, compressedSize, size });
    at = nameEnd + extraLength + commentLength;
  }
  return entries.sort((a, b) => a.offset - b.offset);
}

function compressedData(zip: Buffer, entry: ZipEntry): Buffer {
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
function partText(zip: Buffer, entry: ZipEntry): string {
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
const SCAN_BYTES = 1 << 16;

/** A worksheet's bytes, piece by piece. */
async function* partPieces(zip: Buffer, entry: ZipEntry): AsyncGenerator<Buffer> {
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

// ---------------------------------------------------------------------------
// XML scanning

const enum Token {
  Open,
  Close,
  Text,
  End,
  /** The text so far ends inside a token: fill() before asking again. */
  More,
}

const LT = 60;
const GT = 62;
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const EQUALS = 61;
const QUOTE = 34;
const APOSTROPHE = 39;
const AMPERSAND = 38;
const CR = 13;
const LF = 10;
const TAB = 9;
const SPACE = 32;
const LEFT_BRACKET = 91;
const RIGHT_BRACKET = 93;

const isSpace = (c: number) => c === SPACE || c === LF || c === CR || c === TAB;

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", apos: "'", quot: '"' };

/**
 * Walks one XML part tag by tag, giving what a non-namespace-aware SAX parser
 * (saxes, as exceljs and the streaming reader use it) reports: open tags (a
 * self-closing one as open then close), close tags and text with entities and
 * line ends decoded. Comments, processing instructions, the doctype and CDATA
 * are skipped, as those readers listen for none of them. Names, attributes and
 * text are sliced out only when asked for.
 */
class XmlScanner {
  /** The element just opened or closed. */
  name = "";
  private xml: string;
  /** Whether xml holds the rest of the part. */
  private final: boolean;
  private readonly pieces?: AsyncIterator<Buffer>;
  /** The piece being decoded, and how far. */
  private piece?: Buffer;
  private pieceAt = 0;
  /** Where xml begins in piece when it is the piece's bytes read as Latin-1 (below 0: it begins with the last piece's). */
  private xmlStart?: number;
  /** Set once a piece is not plain ASCII: the rest of the part is decoded as UTF-8, a character split between pieces kept whole. */
  private decoder?: TextDecoder;
  private pos = 0;
  private textStart = 0;
  private textEnd = 0;
  private closePending = false;
  private readonly openNames: string[] = [];
  private attrCount = 0;
  /** Per attribute of the open tag: name start, name end, value start, value end. */
  private attrs = new Int32Array(64);

  constructor(
    readonly part: string,
    text: string | AsyncIterable<Buffer>,
  ) {
    if (typeof text === "string") {
      this.xml = text;
      this.final = true;
    } else {
      this.xml = "";
      this.final = false;
      this.pieces = text[Symbol.asyncIterator]();
    }
  }

  /** Reads the next piece of the part, letting go of what has been scanned. */
  async fill(): Promise<void> {
    const consumed = this.pos;
    const rest = this.xml.slice(consumed);
    this.pos = 0;
    if (!this.piece || this.pieceAt >= this.piece.length) {
      const next = this.pieces ? await this.pieces.next() : undefined;
      this.piece = next?.done === false ? next.value : undefined;
      this.pieceAt = 0;
      this.xmlStart = undefined;
    }
    const piece = this.piece;
    if (!piece) {
      this.xml = rest + (this.decoder?.decode() ?? "");
      this.final = true;
      return;
    }
    const start = this.pieceAt;
    const end = Math.min(start + SCAN_BYTES, piece.length);
    this.pieceAt = end;
    const bytes = piece.subarray(start, end);
    if (!this.decoder && isAscii(bytes)) {
      // Latin-1 reads plain ASCII (all a worksheet of shared-string indexes holds) far faster than UTF-8. The text
      // left over is read again from the piece where it lies there: a string read whole is flat, and a flat string
      // reads faster than two joined.
      const from = this.xmlStart === undefined ? -1 : this.xmlStart + consumed;
      if (from >= 0) {
        this.xml = piece.toString("latin1", from, end);
        this.xmlStart = from;
      } else {
        this.xml = (rest ? Buffer.concat([Buffer.from(rest, "latin1"), bytes]) : bytes).toString("latin1");
        this.xmlStart = start - rest.length;
      }
    } else {
      // TextDecoder also drops a byte-order mark, as the streaming reader's does.
      this.decoder ??= new TextDecoder("utf-8");
      this.xml = rest + this.decoder.decode(bytes, { stream: true });
      this.xmlStart = undefined;
    }
  }

  /** Lets go of a part read in pieces before its end (its inflation stops). */
  async close(): Promise<void> {
    await this.pieces?.return?.();
  }

  /** The part ends inside a token: more text is needed, or, at the end, the XML is cut short. */
  private more(what: string): Token {
    if (this.final) throw this.error(`${what}没有结束`);
    return Token.More;
  }

  next(): Token {
    if (this.closePending) {
      this.closePending = false;
      return Token.Close;
    }
    const xml = this.xml;
    for (;;) {
      const pos = this.pos;
      if (pos >= xml.length) {
        if (!this.final) return Token.More;
        const unclosed = this.openNames.at(-1);
        if (unclosed !== undefined) throw this.error(`<${unclosed}> 没有结束`);
        return Token.End;
      }
      if (xml.charCodeAt(pos) !== LT) {
        let lt = xml.indexOf("<", pos);
        if (lt < 0) {
          // Text may go on in the next piece.
          if (!this.final) return Token.More;
          lt = xml.length;
        }
        this.pos = lt;
        if (this.openNames.length === 0) continue; // outside the root
        this.textStart = pos;
        this.textEnd = lt;
        return Token.Text;
      }
      // Long enough to tell a comment or CDATA from a doctype.
      if (pos + 9 > xml.length && !this.final) return Token.More;
      const c = xml.charCodeAt(pos + 1);
      if (c === SLASH) return this.closeTag(pos);
      // <v>, <t>, <f>: one letter, no attributes, met in nearly every cell.
      if (xml.charCodeAt(pos + 2) === GT && c !== QUESTION && c !== BANG && c !== GT && c !== LT && !isSpace(c)) {
        const name = xml.charAt(pos + 1);
        this.name = name;
        this.attrCount = 0;
        this.pos = pos + 3;
        this.openNames.push(name);
        return Token.Open;
      }
      let end: number;
      if (c === QUESTION) end = this.skipPast("?>", pos + 2);
      else if (c === BANG) {
        if (xml.startsWith("<!--", pos)) end = this.skipPast("-->", pos + 4);
        else if (xml.startsWith("<![CDATA[", pos)) end = this.skipPast("]]>", pos + 9);
        else end = this.skipDoctype(pos + 2);
      } else return this.openTag(pos);
      if (end < 0) return this.more("注释或声明");
      this.pos = end;
    }
  }

  /** The text just reported, decoded. */
  text(): string {
    return this.decode(this.textStart, this.textEnd, false);
  }

  /** An attribute of the tag just opened, decoded. */
  attr(name: string): string | undefined {
    const k = this.attrIndex(name);
    return k < 0 ? undefined : this.decode(this.attrs[k + 2]!, this.attrs[k + 3]!, true);
  }

  /** An attribute in some namespace, by its local name, whatever the prefix (`r:id`, `ns2:id`). */
  prefixedAttr(local: string): string | undefined {
    const attrs = this.attrs;
    for (let k = 0; k < this.attrCount * 4; k += 4) {
      const start = attrs[k]!;
      const end = attrs[k + 1]!;
      const colon = this.xml.lastIndexOf(":", end - 1);
      if (colon > start && colon < end && end - colon - 1 === local.length && this.xml.startsWith(local, colon + 1) && !this.xml.startsWith("xmlns", start)) {
        return this.decode(attrs[k + 2]!, attrs[k + 3]!, true);
      }
    }
    return undefined;
  }

  /** Where an attribute of the tag just opened is listed, or -1. */
  private attrIndex(name: string): number {
    const attrs = this.attrs;
    const length = name.length;
    // A cell's r, s and t: one character, compared without startsWith.
    const first = name.charCodeAt(0);
    for (let k = 0; k < this.attrCount * 4; k += 4) {
      const start = attrs[k]!;
      if (attrs[k + 1]! - start === length && this.xml.charCodeAt(start) === first && (length === 1 || this.xml.startsWith(name, start))) return k;
    }
    return -1;
  }

  /** An attribute read as parseInt(value, 10) reads it, without slicing the usual run of digits out. */
  intAttr(name: string): number | undefined {
    const k = this.attrIndex(name);
    if (k < 0) return undefined;
    const start = this.attrs[k + 2]!;
    const end = this.attrs[k + 3]!;
    let n = 0;
    for (let i = start; i < end; i++) {
      const c = this.xml.charCodeAt(i) - 48;
      if (c < 0 || c > 9 || end - start > 9) return parseInt(this.decode(start, end, true), 10);
      n = n * 10 + c;
    }
    return end > start ? n : NaN;
  }

  /** The column number of a cell reference attribute, as columnOf reads it; 0 when absent or without letters. */
  columnAttr(name: string): number {
    const k = this.attrIndex(name);
    if (k < 0) return 0;
    const start = this.attrs[k + 2]!;
    const end = this.attrs[k + 3]!;
    let col = 0;
    for (let i = start; i < end; i++) {
      const c = this.xml.charCodeAt(i);
      if (c >= 65 && c <= 90) col = col * 26 + c - 64;
      else if (c === AMPERSAND) return columnOf(this.decode(start, end, true)) ?? 0;
      else if (c !== 36) break;
    }
    return col;
  }

  private openTag(pos: number): Token {
    const xml = this.xml;
    let i = pos + 1;
    let c = xml.charCodeAt(i);
    while (c !== GT && c !== SLASH && !isSpace(c) && i < xml.length) c = xml.charCodeAt(++i);
    if (i >= xml.length) return this.more("标签");
    if (i === pos + 1) throw this.error("标签缺少名称");
    // A one-character name is V8's cached string; "row" is the only other name met on every row.
    const qualified = i === pos + 2 ? xml.charAt(pos + 1) : i === pos + 4 && xml.startsWith("row", pos + 1) ? "row" : xml.slice(pos + 1, i);
    // Tencent Docs and .NET generators write <x:worksheet>, <x:c>: the reader goes by local names.
    const name = localName(qualified);
    let n = 0;
    let selfClosing = false;
    for (;;) {
      while (isSpace(c)) c = xml.charCodeAt(++i);
      if (i >= xml.length || (c === SLASH && i + 1 >= xml.length)) return this.more(`<${name}>`);
      if (c === GT) {
        i++;
        break;
      }
      if (c === SLASH && xml.charCodeAt(i + 1) === GT) {
        i += 2;
        selfClosing = true;
        break;
      }
      const nameStart = i;
      while (c !== EQUALS && c !== GT && c !== SLASH && !isSpace(c) && i < xml.length) c = xml.charCodeAt(++i);
      const nameEnd = i;
      while (isSpace(c)) c = xml.charCodeAt(++i);
      if (i >= xml.length) return this.more(`<${name}>`);
      if (c !== EQUALS || nameEnd === nameStart) throw this.error(`<${name}> 的属性格式有误`);
      c = xml.charCodeAt(++i);
      while (isSpace(c)) c = xml.charCodeAt(++i);
      if (i >= xml.length) return this.more(`<${name}>`);
      if (c !== QUOTE && c !== APOSTROPHE) throw this.error(`<${name}> 的属性值缺少引号`);
      const close = xml.indexOf(c === QUOTE ? '"' : "'", i + 1);
      if (close < 0) return this.more(`<${name}>`);
      if (n * 4 + 4 > this.attrs.length) {
        const grown = new Int32Array(this.attrs.length * 2);
        grown.set(this.attrs);
        this.attrs = grown;
      }
      this.attrs[n * 4] = nameStart;
      this.attrs[n * 4 + 1] = nameEnd;
      this.attrs[n * 4 + 2] = i + 1;
      this.attrs[n * 4 + 3] = close;
      n++;
      i = close + 1;
      c = xml.charCodeAt(i);
    }
    this.name = name;
    this.attrCount = n;
    this.pos = i;
    if (selfClosing) this.closePending = true;
    else this.openNames.push(qualified);
    return Token.Open;
  }

  private closeTag(pos: number): Token {
    const xml = this.xml;
    // </v>, </c>: closing the one-letter element open.
    if (xml.charCodeAt(pos + 3) === GT) {
      const open = this.openNames[this.openNames.length - 1];
      if (open?.length === 1 && open.charCodeAt(0) === xml.charCodeAt(pos + 2)) {
        this.openNames.pop();
        this.name = open;
        this.pos = pos + 4;
        return Token.Close;
      }
    }
    const gt = xml.indexOf(">", pos + 2);
    if (gt < 0) return this.more("结束标签");
    let end = gt;
    while (end > pos + 2 && isSpace(xml.charCodeAt(end - 1))) end--;
    const open = this.openNames.pop();
    if (open === undefined || end - pos - 2 !== open.length || !xml.startsWith(open, pos + 2)) {
      throw this.error(`意外的结束标签 </${xml.slice(pos + 2, end)}>`);
    }
    this.name = localName(open);
    this.pos = gt + 1;
    return Token.Close;
  }

  /** Where the marker ends, or -1 when the text so far does not hold it. */
  private skipPast(marker: string, from: number): number {
    const at = this.xml.indexOf(marker, from);
    return at < 0 ? -1 : at + marker.length;
  }

  /** Past a <!DOCTYPE …> and any internal subset in brackets. */
  private skipDoctype(from: number): number {
    let depth = 0;
    for (let i = from; i < this.xml.length; i++) {
      const c = this.xml.charCodeAt(i);
      if (c === LEFT_BRACKET) depth++;
      else if (c === RIGHT_BRACKET) depth--;
      else if (c === GT && depth <= 0) return i + 1;
    }
    return -1;
  }

  private decode(start: number, end: number, inAttribute: boolean): string {
    const xml = this.xml;
    for (let i = start; i < end; i++) {
      const c = xml.charCodeAt(i);
      if (c === AMPERSAND || c === CR || c === LT || (inAttribute && (c === LF || c === TAB))) return this.decodeFrom(start, i, end, inAttribute);
    }
    return xml.slice(start, end);
  }

  /** As saxes decodes: entities resolved, CR LF and CR read as LF, and in an attribute each line end or tab read as a space. */
  private decodeFrom(start: number, first: number, end: number, inAttribute: boolean): string {
    const xml = this.xml;
    let out = xml.slice(start, first);
    let from = first;
    for (let i = first; i < end; i++) {
      const c = xml.charCodeAt(i);
      if (c === AMPERSAND) {
        const semi = xml.indexOf(";", i + 1);
        if (semi < 0 || semi >= end) throw this.error("实体没有以 ; 结束");
        out += xml.slice(from, i) + this.entity(xml.slice(i + 1, semi));
        i = semi;
        from = semi + 1;
      } else if (c === CR) {
        out += xml.slice(from, i) + (inAttribute ? " " : "\n");
        if (xml.charCodeAt(i + 1) === LF && i + 1 < end) i++;
        from = i + 1;
      } else if (inAttribute && (c === LF || c === TAB)) {
        out += `${xml.slice(from, i)} `;
        from = i + 1;
      } else if (c === LT) {
        throw this.error("属性值中不能有 <");
      }
    }
    return out + xml.slice(from, end);
  }

  private entity(name: string): string {
    const known = ENTITIES[name];
    if (known !== undefined) return known;
    let code = NaN;
    if (/^#x[0-9a-f]+$/iu.test(name)) code = parseInt(name.slice(2), 16);
    else if (/^#[0-9]+$/u.test(name)) code = parseInt(name.slice(1), 10);
    const isChar = code === TAB || code === LF || code === CR || (code >= SPACE && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
    if (!isChar) throw this.error(`无法识别的实体 &${name};`);
    return String.fromCodePoint(code);
  }

  private error(message: string): Error {
    return new XlsxPartError(this.part, `XML 格式错误（${message}，位置 ${this.pos}）`);
  }
}

/** `x:worksheet` → `worksheet`. */
function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
}

// ---------------------------------------------------------------------------
// The whole-file loader's rules for cells, formats and addresses

/** As exceljs decodes a sheet name or a "str" value: after the XML parser has decoded it once already. */
function xmlDecode(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&([a-z]*);/gu, (c) => ({ "&lt;": "<", "&gt;": ">", "&amp;": "&", "&apos;": "'", "&quot;": '"' })[c] ?? c);
}

/** Excel escapes characters XML cannot hold as _xHHHH_ in shared and rich text. */
function unescapeText(text: string): string {
  if (!text.includes("_x")) return text;
  return text.replace(/_x([0-9A-F]{4})_/gu, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** As exceljs's utils.isDateFmt. Also the zip patcher's (xlsx-patch.ts) test of a cell's format. */
export function isDateFmt(fmt: string | undefined): boolean {
  if (!fmt) return false;
  return /[ymdhMsb]+/u.test(fmt.replace(/\[[^\]]*\]/gu, "").replace(/"[^"]*"/gu, ""));
}

/** As exceljs's utils.excelToDate, which coerces whatever a formula left. */
function excelToDate(serial: unknown, date1904: boolean): Date {
  return new Date(Math.round((Number(serial) - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

/** As exceljs's colCache.decodeAddress: column letters then row digits, `$` ignored. */
function decodeAddress(ref: string): { col: number; row: number } | undefined {
  let col = 0;
  let row = 0;
  let hasCol = false;
  let hasRow = false;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (!hasRow && c >= 65 && c <= 90) {
      hasCol = true;
      col = col * 26 + c - 64;
    } else if (c >= 48 && c <= 57) {
      hasRow = true;
      row = row * 10 + c - 48;
    } else if (hasRow && hasCol && c !== 36) {
      break;
    }
  }
  return hasCol && hasRow ? { col, row } : undefined;
}

/** Column number of a cell reference such as "K5"; undefined when it has no letters. */
function columnOf(ref: string): number | undefined {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + c - 64;
    else if (c !== 36) break;
  }
  return col > 0 ? col : undefined;
}

// ---------------------------------------------------------------------------
// Small parts

interface Relationship {
  Id?: string;
  Target?: string;
  Type?: string;
  TargetMode?: string;
}

interface BookSheet {
  name: string;
  rId: string | undefined;
}

interface CellFormat {
  numFmt: string | undefined;
  date: boolean;
  percent: boolean;
}

/** What a worksheet reader needs from the workbook. */
interface WorkbookContext {
  readonly date1904: boolean;
  sharedString(index: number): CellValue;
  format(styleId: number): CellFormat | null | undefined;
}

function readRelationships(xml: XmlScanner): Relationship[] {
  const rels: Relationship[] = [];
  for (let token = xml.next(); token !== Token.End; token = xml.next()) {
    if (token === Token.Open && xml.name === "Relationship") {
      const rel: Relationship = {};
      const id = xml.attr("Id");
      const target = xml.attr("Target");
      const type = xml.attr("Type");
      const mode = xml.attr("TargetMode");
      if (id !== undefined) rel.Id = id;
      if (target !== undefined) rel.Target = target;
      if (type !== undefined) rel.Type = type;
      if (mode !== undefined) rel.TargetMode = mode;
      rels.push(rel);
    }
  }
  return rels;
}

function readBook(xml: XmlScanner): { sheets: BookSheet[]; date1904: boolean } {
  const sheets: BookSheet[] = [];
  let date1904 = false;
  let inSheets = false;
  for (let token = xml.next(); token !== Token.End; token = xml.next()) {
    if (token === Token.Open) {
      if (xml.name === "sheets") inSheets = true;
      else if (xml.name === "sheet" && inSheets) {
        // exceljs truncates a longer name (Google Sheets allows up to 100 characters).
        const name = xmlDecode(xml.attr("name") ?? "");
        sheets.push({ name: name.length > 31 ? name.slice(0, 31) : name, rId: xml.prefixedAttr("id") });
      } else if (xml.name === "workbookPr") {
        // An xsd:boolean: Excel writes "1", Excel for Mac and LibreOffice 7.3 "true".
        const value = xml.attr("date1904")?.trim().toLowerCase();
        date1904 = value === "1" || value === "true";
      }
    } else if (token === Token.Close && xml.name === "sheets") inSheets = false;
  }
  return { sheets, date1904 };
}

/**
 * Each <si> as the text readCell would give: plain or rich text, _xHHHH_ escapes
 * undone, phonetic guides (<rPh>) left out.
 */
function readSharedStrings(xml: XmlScanner): string[] {
  const strings: string[] = [];
  let model: string | string[] | undefined;
  let inSi = false;
  let inPhonetic = false;
  let inRun = false;
  let runText: string | undefined;
  let pieces: string | undefined;
  for (let token = xml.next(); token !== Token.End; token = xml.next()) {
    if (token === Token.Text) {
      if (pieces !== undefined) pieces += xml.text();
    } else if (token === Token.Open) {
      switch (xml.name) {
        case "si":
          inSi = true;
          model = undefined;
          break;
        case "rPh":
          inPhonetic = true;
          break;
        case "r":
          if (inSi && !inPhonetic) {
            inRun = true;
            runText = undefined;
          }
          break;
        case "t":
          if (inSi && !inPhonetic) pieces = "";
          break;
      }
    } else if (token === Token.Close) {
      switch (xml.name) {
        case "t":
          if (pieces !== undefined) {
            const text = unescapeText(pieces);
            if (inRun) runText = text;
            else model = text;
            pieces = undefined;
          }
          break;
        case "r":
          if (inRun) {
            if (Array.isArray(model)) model.push(runText ?? "");
            else model = [runText ?? ""];
            inRun = false;
          }
          break;
        case "rPh":
          inPhonetic = false;
          break;
        case "si":
          strings.push(typeof model === "string" ? model : Array.isArray(model) ? model.join("") : "");
          inSi = false;
          break;
      }
    }
  }
  return strings;
}

/** The style manager's top-level parts: any other element name opens none, so its children are looked at in turn. */
const STYLE_PARTS = new Set(["numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "dxfs", "numFmt", "font", "fill", "border", "style", "cellStyles", "tableStyles", "extLst"]);

/**
 * The number format of each cell style (<xf> in <cellXfs>), as exceljs's styles
 * parser and its getStyleModel find it: the workbook's own <numFmt> for the id,
 * else the built-in format. Only <numFmts> and <cellXfs> are read, following
 * exceljs's list parsers: a list ends at the first close tag no item claims.
 * Every other top-level part is skipped whole.
 */
function readStyles(xml: XmlScanner): Map<number, CellFormat | null> {
  let customFormats: { id: number; formatCode: string }[] | undefined;
  let styles: number[] | undefined;
  let sheetDone = false;
  // The part being read: its name, and for the two lists read, whether an item is open.
  let part: string | undefined;
  let depth = 0;
  let inItem = false;
  let itemChild: string | undefined;
  let listNumFmts: { id: number; formatCode: string }[] | undefined;
  let listXfs: number[] | undefined;

  for (let token = xml.next(); token !== Token.End; token = xml.next()) {
    if (token === Token.Open) {
      const name = xml.name;
      if (part === undefined) {
        if (name === "styleSheet") continue;
        if (!STYLE_PARTS.has(name)) continue;
        part = name;
        depth = 0;
        inItem = false;
        itemChild = undefined;
        if (name === "numFmts") listNumFmts = [];
        else if (name === "cellXfs") listXfs = [];
        else if (name === "numFmt") inItem = true; // a lone <numFmt>, read but never used
        continue;
      }
      depth++;
      if (part === "numFmts") {
        if (!inItem && name === "numFmt") {
          inItem = true;
          const formatCode = xml.attr("formatCode");
          listNumFmts?.push({ id: parseInt(xml.attr("numFmtId") ?? "", 10), formatCode: (formatCode ?? "").replace(/[\\](.)/gu, "$1") });
        }
      } else if (part === "cellXfs") {
        if (inItem) {
          if (itemChild === undefined && (name === "alignment" || name === "protection")) itemChild = name;
        } else if (name === "xf") {
          inItem = true;
          listXfs?.push(parseInt(xml.attr("numFmtId") ?? "", 10));
        } else if (name === "alignment" || name === "protection") {
          inItem = true;
          itemChild = name;
          listXfs?.push(NaN); // exceljs takes these for an item with the previous item's model; rare enough to treat as no format
        }
      }
    } else if (token === Token.Close) {
      const name = xml.name;
      if (part === undefined) {
        if (name === "styleSheet" && !sheetDone) {
          sheetDone = true;
          customFormats = listNumFmts?.length ? listNumFmts : undefined;
          styles = listXfs?.length ? listXfs : undefined;
        }
        continue;
      }
      if (part === "numFmts" || part === "numFmt") {
        if (inItem && part === "numFmts") inItem = false;
        else part = undefined;
      } else if (part === "cellXfs") {
        if (!inItem) part = undefined;
        else if (itemChild !== undefined) itemChild = undefined;
        else if (name === "xf") inItem = false;
      } else if (depth === 0) {
        part = undefined;
      }
      if (part !== undefined) depth--;
    }
  }

  const codes = new Map<number, string>();
  for (const f of customFormats ?? []) codes.set(f.id, f.formatCode);
  const formats = new Map<number, CellFormat | null>();
  (styles ?? []).forEach((numFmtId, styleId) => {
    const numFmt = numFmtId ? (codes.get(numFmtId) || BUILT_IN_FORMATS[numFmtId]) : undefined;
    formats.set(styleId, { numFmt: numFmt || undefined, date: isDateFmt(numFmt), percent: Boolean(numFmt?.includes("%")) });
  });
  return formats;
}

/** exceljs's built-in number formats (lib/xlsx/defaultnumformats.js), the ones with a format of their own. */
export const BUILT_IN_FORMATS: Record<number, string> = {
  0: "General",
  1: "0",
  2: "0.00",
  3: "#,##0",
  4: "#,##0.00",
  9: "0%",
  10: "0.00%",
  11: "0.00E+00",
  12: "# ?/?",
  13: "# ??/??",
  14: "mm-dd-yy",
  15: "d-mmm-yy",
  16: "d-mmm",
  17: "mmm-yy",
  18: "h:mm AM/PM",
  19: "h:mm:ss AM/PM",
  20: "h:mm",
  21: "h:mm:ss",
  22: 'm/d/yy "h":mm',
  37: "#,##0 ;(#,##0)",
  38: "#,##0 ;[Red](#,##0)",
  39: "#,##0.00 ;(#,##0.00)",
  40: "#,##0.00 ;[Red](#,##0.00)",
  45: "mm:ss",
  46: "[h]:mm:ss",
  47: "mmss.0",
  48: "##0.0E+0",
  49: "@",
  // The East Asian built-in formats (ECMA-376 18.8.30, as Excel and WPS show them in a Chinese locale): all dates,
  // except 32–35 and 55–56, which are times of day (read, as 18–21 are, as a date-time on 1899-12-30).
  27: 'yyyy"年"m"月"',
  28: 'm"月"d"日"',
  29: 'm"月"d"日"',
  30: "m-d-yy",
  31: 'yyyy"年"m"月"d"日"',
  32: 'h"时"mm"分"',
  33: 'h"时"mm"分"ss"秒"',
  34: '上午/下午h"时"mm"分"',
  35: '上午/下午h"时"mm"分"ss"秒"',
  36: 'yyyy"年"m"月"',
  50: 'yyyy"年"m"月"',
  51: 'm"月"d"日"',
  52: 'yyyy"年"m"月"',
  53: 'm"月"d"日"',
  54: 'm"月"d"日"',
  55: '上午/下午h"时"mm"分"',
  56: '上午/下午h"时"mm"分"ss"秒"',
  57: 'yyyy"年"m"月"',
  58: 'm"月"d"日"',
};

// ---------------------------------------------------------------------------
// Worksheets

/** A cell present in the XML with nothing in it: read as nothing, unless a hyperlink sits on it. */
const EMPTY = Symbol("empty cell");
type Slot = CellValue | typeof EMPTY;

const enum Part {
  None,
  Formula,
  Value,
  Text,
}

class SheetContent {
  /** rows[r - 1][c - 1]: each cell as readCell gives it. */
  readonly rows: Slot[][] = [];
  readonly merges: string[] = [];
  readonly hyperlinks: { ref: string; rId?: string; location?: string }[] = [];
  /** Targets of HYPERLINK("…", …) formulas, by "row:col". */
  readonly formulaLinks = new Map<string, string>();
  /** Whether the part had a <sheetData> at all: one without is not a worksheet this reader understands. */
  sawSheetData = false;
  isProtected = false;
  private finished = false;
  /** Cells formatted as percentages, with the number behind them: a merged cell shows its master's number in its own format. */
  readonly percentCells = new Map<string, number | undefined>();
  /** Cells whose text comes from a number or an error ("60%", "#N/A"): a hyperlink on them reads as its address. */
  readonly nonTextCells = new Set<string>();

  /** A row listed twice: exceljs keeps the later one. */
  startRow(row: number): Slot[] {
    const earlier = this.rows[row - 1];
    earlier?.forEach((_, i) => this.forget(row, i + 1));
    return (this.rows[row - 1] = []);
  }

  forget(row: number, col: number) {
    if (this.percentCells.size) this.percentCells.delete(`${row}:${col}`);
    if (this.nonTextCells.size) this.nonTextCells.delete(`${row}:${col}`);
    if (this.formulaLinks.size) this.formulaLinks.delete(`${row}:${col}`);
  }

  /** Applies hyperlinks and merged ranges as exceljs does after reading the cells, then lists the non-empty rows. */
  finish(rels: Map<string | undefined, string | undefined>): RawRow[] {
    const linked = new Set<string>();
    /** Each linked cell's target, by row then 0-based column: what a URL column reads. */
    const targets = new Map<number, Record<number, string>>();
    const addTarget = (row: number, col: number, target: string) => {
      let links = targets.get(row);
      if (!links) targets.set(row, (links = {}));
      links[col - 1] = target;
    };
    for (const [key, target] of this.formulaLinks) {
      const [row, col] = key.split(":").map(Number) as [number, number];
      addTarget(row, col, target);
    }
    for (const { ref, rId, location } of this.hyperlinks) {
      // An external link's address, with any "#…" inside the document; a link within the workbook is its location.
      const external = rId === undefined ? undefined : rels.get(rId);
      const target = external !== undefined ? external + (location ? `#${location}` : "") : location ? `#${location}` : undefined;
      const [a, b = a] = ref.split(":");
      const tl = a === undefined ? undefined : decodeAddress(a);
      const br = b === undefined ? undefined : decodeAddress(b);
      if (target === undefined || !tl || !br) continue;
      // A link may cover a range: each of its cells links to the target.
      for (let r = Math.min(tl.row, br.row); r <= Math.max(tl.row, br.row); r++) {
        for (let c = Math.min(tl.col, br.col); c <= Math.max(tl.col, br.col); c++) {
          const row = this.rows[r - 1];
          const slot = row?.[c - 1];
          if (!row || slot === undefined) continue;
          addTarget(r, c, target);
          // exceljs reads only external links, and a number or error cell as the address.
          if (external === undefined) continue;
          const key = `${r}:${c}`;
          if (typeof slot !== "string" || this.nonTextCells.has(key)) row[c - 1] = external;
          linked.add(key);
        }
      }
    }

    const ranges: { top: number; left: number; bottom: number; right: number }[] = [];
    for (const ref of this.merges) {
      const [a, b = a] = ref.split(":");
      const tl = a === undefined ? undefined : decodeAddress(a);
      const br = b === undefined ? undefined : decodeAddress(b);
      if (!tl || !br) continue;
      const range = { top: Math.min(tl.row, br.row), left: Math.min(tl.col, br.col), bottom: Math.max(tl.row, br.row), right: Math.max(tl.col, br.col) };
      if (ranges.some((r) => !(range.bottom < r.top || range.top > r.bottom || range.right < r.left || range.left > r.right))) {
        throw new Error("Cannot merge already merged cells");
      }
      ranges.push(range);
      const master = this.rows[range.top - 1]?.[range.left - 1];
      const masterValue = master === undefined || master === EMPTY ? null : master;
      const masterKey = `${range.top}:${range.left}`;
      // A hyperlink's text or address reads the same in any format.
      const masterNumber = linked.has(masterKey) ? undefined : typeof masterValue === "number" ? masterValue : this.percentCells.get(masterKey);
      for (let r = range.top; r <= range.bottom; r++) {
        const row = (this.rows[r - 1] ??= []);
        for (let c = range.left; c <= range.right; c++) {
          if (r === range.top && c === range.left) continue;
          // Each merged cell shows the master's value in its own number format.
          row[c - 1] = masterNumber === undefined ? masterValue : readCell(masterNumber, this.percentCells.has(`${r}:${c}`) ? "%" : undefined);
        }
      }
    }

    // The first time, each row's slots become its cells (a copy per row is a lot of garbage in a big sheet);
    // a sheet listed twice in the workbook gets copies the second time.
    const inPlace = !this.finished;
    this.finished = true;
    const out: RawRow[] = [];
    this.rows.forEach((slots, index) => {
      let width = slots.length;
      while (width > 0 && (slots[width - 1] === undefined || slots[width - 1] === EMPTY)) width--;
      let cells: CellValue[];
      if (inPlace) {
        slots.length = width;
        cells = slots as CellValue[];
      } else {
        cells = new Array<CellValue>(width);
      }
      let used = false;
      for (let i = 0; i < width; i++) {
        const slot = slots[i];
        const value = slot === undefined || slot === EMPTY ? null : slot;
        cells[i] = value;
        if (!used && !isBlank(value)) used = true;
      }
      if (!used) return;
      const links = targets.get(index + 1);
      out.push(links ? { row: index + 1, cells, links } : { row: index + 1, cells });
    });
    return out;
  }
}

/** One worksheet part, read cell by cell as the streaming reader's readSheet reads it. */
async function readSheet(xml: XmlScanner, book: WorkbookContext): Promise<SheetContent> {
  const sheet = new SheetContent();
  let inSheetData = false;
  let inMergeCells = false;
  let inHyperlinks = false;
  let rowNumber = 0;
  let slots: Slot[] | undefined;
  let previousCol = 0;

  // The cell being read.
  let inCell = false;
  /** The column the cell's reference names; 0 when it names none. */
  let refColumn = 0;
  let type: string | undefined;
  let styleId: number | undefined;
  let formula: string | undefined;
  let shareType: string | undefined;
  let value: string | undefined;
  let runs: string[] | undefined;
  let inRun = false;
  let runPieces: string | undefined;
  let runText: string | undefined;
  let part = Part.None;



  for (let token = xml.next(); token !== Token.End; token = xml.next()) {
    if (token === Token.More) {
      await xml.fill();
      continue;
    }
    if (token === Token.Text) {
      if (!inCell) continue;
      if (inRun) {
        if (runPieces !== undefined) runPieces += xml.text();
        continue;
      }
      if (part === Part.Formula) formula = formula ? formula + xml.text() : xml.text();
      else if ((part === Part.Value || part === Part.Text) && !runs) value = value ? value + xml.text() : xml.text();
      continue;
    }

    const name = xml.name;
    if (token === Token.Open) {
      if (inCell) {
        if (inRun) {
          if (name === "t") runPieces = "";
          continue;
        }
        switch (name) {
          case "f":
            part = Part.Formula;
            shareType = xml.attr("t");
            break;
          case "v":
            part = Part.Value;
            // An empty cached text result (="") is "", not nothing.
            if (type === "str") value ??= "";
            break;
          case "t":
            part = Part.Text;
            break;
          case "r":
            inRun = true;
            runText = undefined;
            break;
        }
        continue;
      }
      switch (name) {
        case "c":
          if (!slots) break;
          inCell = true;
          refColumn = xml.columnAttr("r");
          type = xml.attr("t");
          styleId = xml.intAttr("s");
          formula = shareType = value = runs = undefined;
          part = Part.None;
          break;
        case "row": {
          if (!inSheetData) break;
          // A row without r= follows the one before (some generators number none of them).
          const r = xml.intAttr("r");
          rowNumber = r === undefined ? rowNumber + 1 : r;
          previousCol = 0;
          if (!(rowNumber >= 1 && rowNumber <= MAX_ROWS)) throw new XlsxPartError(xml.part, `行号无效（${String(r)}）`);
          slots = sheet.startRow(rowNumber);
          break;
        }
        case "sheetData":
          inSheetData = true;
          sheet.sawSheetData = true;
          break;
        case "mergeCells":
          inMergeCells = true;
          break;
        case "mergeCell": {
          const at = xml.attr("ref");
          if (inMergeCells && at) sheet.merges.push(at);
          break;
        }
        case "hyperlinks":
          inHyperlinks = true;
          break;
        case "hyperlink": {
          const at = xml.attr("ref");
          const rId = xml.prefixedAttr("id");
          const location = xml.attr("location");
          if (inHyperlinks && at && (rId || location)) sheet.hyperlinks.push({ ref: at, ...(rId && { rId }), ...(location && { location }) });
          break;
        }
        case "sheetProtection":
          if (!inSheetData) sheet.isProtected = true;
          break;
      }
      continue;
    }

    // Token.Close
    if (inCell) {
      if (inRun) {
        if (name === "t" && runPieces !== undefined) {
          runText = unescapeText(runPieces);
          runPieces = undefined;
        } else if (name === "r") {
          (runs ??= []).push(runText ?? "");
          inRun = false;
        }
        continue;
      }
      switch (name) {
        case "f":
        case "v":
        case "is":
        case "t":
          part = Part.None;
          break;
        case "c":
          inCell = false;
          // The cell as exceljs reads it (inline here: a closure would keep the loop's state out of registers).
          cell: {
            const format = styleId ? book.format(styleId) : null;
            const numFmt = format?.numFmt;
            let raw: ExcelJS.CellValue | undefined;
            let result: unknown;
            const isFormula = Boolean(formula) || Boolean(shareType);
            if (isFormula) {
              // The cached result as it is: a formula giving 0, FALSE or "" reads as 0, false or "" (exceljs drops them).
              if (value !== undefined && (value !== "" || type === "str")) {
                result =
                  type === "str" ? xmlDecode(value) : type === "b" ? parseInt(value, 10) !== 0 : type === "e" ? { error: value } : type === "d" ? isoCellDate(value) : parseFloat(value);
                if (format?.date && typeof result === "number") result = excelToDate(result, book.date1904);
              }
              raw = { formula: formula ?? "", result } as ExcelJS.CellFormulaValue;
              const link = formula ? hyperlinkFormulaTarget(formula) : undefined;
              if (link !== undefined) sheet.formulaLinks.set(`${rowNumber}:${refColumn || previousCol + 1}`, link);
            } else if (runs) {
              raw = runs.join("");
            } else if (value !== undefined) {
              switch (type) {
                case "s":
                  raw = book.sharedString(parseInt(value, 10));
                  break;
                case "str":
                  raw = xmlDecode(value);
                  break;
                case "inlineStr":
                  raw = value;
                  break;
                case "b":
                  raw = parseInt(value, 10) !== 0;
                  break;
                case "e":
                  raw = { error: value } as ExcelJS.CellErrorValue;
                  break;
                case "d":
                  // An ISO 8601 date (Strict OOXML, some generators): the wall-clock date and time it names.
                  raw = isoCellDate(value);
                  break;
                default: {
                  const number = parseFloat(value);
                  raw = format?.date ? excelToDate(number, book.date1904) : number;
                }
              }
            }

            // exceljs finds the column from the reference, or counts on from the previous cell.
            const col = refColumn || previousCol + 1;
            const empty = raw === undefined;
            // A cell without r= follows the one before it, whatever that one held.
            previousCol = col;
            if (!slots) break cell;
            const before = slots[col - 1];
            // A later cell with the same address replaces the earlier one, unless it is bare (exceljs skips those).
            const bare = empty && !styleId;
            if (before !== undefined && bare) break cell;
            if (before !== undefined) sheet.forget(rowNumber, col);
            // Rare cells a hyperlink or a merged range reads differently: keep what that needs.
            if (format?.percent) sheet.percentCells.set(`${rowNumber}:${col}`, typeof raw === "number" ? raw : typeof result === "number" ? result : undefined);
            if (empty) {
              slots[col - 1] = EMPTY;
              break cell;
            }
            const read = readCell(raw as ExcelJS.CellValue, numFmt);
            slots[col - 1] = read;
            if (typeof read === "string" && typeof raw !== "string" && !(isFormula && typeof result === "string")) {
              sheet.nonTextCells.add(`${rowNumber}:${col}`);
            }
          }
          break;
      }
      continue;
    }
    switch (name) {
      case "row":
        slots = undefined;
        break;
      case "sheetData":
        inSheetData = false;
        break;
      case "mergeCells":
        inMergeCells = false;
        break;
      case "hyperlinks":
        inHyperlinks = false;
        break;
    }
  }
  if (!sheet.sawSheetData) throw new XlsxPartError(xml.part, "没有找到工作表数据（<sheetData>），无法读取");
  return sheet;
}

/** Excel's last row. */
const MAX_ROWS = 1_048_576;

/** The target of =HYPERLINK("https://…", "label"), when it is written out as text. */
function hyperlinkFormulaTarget(formula: string): string | undefined {
  const m = /^\s*=?\s*(?:_xlfn\.)?HYPERLINK\s*\(\s*"((?:[^"]|"")*)"/iu.exec(formula);
  return m?.[1] === undefined ? undefined : m[1].replace(/""/gu, '"');
}

/** A t="d" cell's ISO 8601 text as the wall-clock date and time it names; text that is no such date stays text. */
function isoCellDate(text: string): Date | string {
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.](\d{1,3})\d*)?)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?\s*$/u.exec(text);
  if (!m) return text;
  const [, y, mo, d, h = "0", mi = "0", sec = "0", ms = "0"] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec), Number(ms.padEnd(3, "0"))));
  return date.getUTCDate() === Number(d) ? date : text;
}
