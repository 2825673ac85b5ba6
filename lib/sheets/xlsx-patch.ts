import type ExcelJS from "exceljs";
import { crc32, deflateRawSync } from "node:zlib";
import type { CellInput } from "./store";
import { cellWallClock, xmlSafe } from "./xlsx-cells";
import { BUILT_IN_FORMATS, isDateFmt } from "./xlsx-fast-reader";
import { columnOf, unescapeText } from "./xlsx-fast-reader/cells";
import { partText, zipDirectory, type ZipDirectory, type ZipEntry as ReaderZipEntry } from "./xlsx-fast-reader/zip";

/**
 * A web write applied to the .xlsx zip itself: only the worksheet parts the
 * write changes (and styles.xml when a date format is missing) are rewritten;
 * every other entry — charts, drawings, comments, images, custom properties,
 * the protection on 用户 with its password hash — is copied byte for byte,
 * compressed data included. exceljs, which drops whatever it does not model,
 * stays the reference (tests/integration/xlsx-patch.test.ts compares the two).
 *
 * A workbook this module cannot patch safely (zip64, encrypted entries, an
 * unusual worksheet layout) throws PatchUnsupported; the store then writes that
 * one save through exceljs as before.
 */
export class PatchUnsupported extends Error {}

// ---------------------------------------------------------------------------
// Zip

const EOCD = 0x06054b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const MAX32 = 0xffffffff;

interface ZipEntry {
  name: string;
  /** The central-directory record, name, extra field and comment included. */
  central: Buffer;
  localOffset: number;
  /** Where this entry's bytes (local header, data, data descriptor) end: the next entry or the directory. */
  localEnd: number;
  /** The fast reader's view of the entry, to inflate it with. */
  entry: ReaderZipEntry;
}

interface Zip {
  bytes: Buffer;
  entries: ZipEntry[];
  /** The end-of-directory record's comment. */
  comment: Buffer;
}

/** The zip's directory as the fast reader reads it (xlsx-fast-reader/zip.ts), refused where this writer cannot keep it whole. */
function readZip(bytes: Buffer): Zip {
  let directory: ZipDirectory;
  try {
    directory = zipDirectory(bytes, "");
  } catch (e) {
    throw new PatchUnsupported((e as Error).message);
  }
  if (directory.zip64) throw new PatchUnsupported("zip64");
  const entries = directory.entries.map((e, i, all): ZipEntry => {
    if (e.zip64) throw new PatchUnsupported("zip64");
    if (e.flags & 1) throw new PatchUnsupported("encrypted entry");
    if (e.offset + 30 > bytes.length || bytes.readUInt32LE(e.offset) !== LOCAL_HEADER) throw new PatchUnsupported(`${e.name} 损坏`);
    const localEnd = all[i + 1]?.offset ?? directory.directoryStart;
    return { name: e.name, central: bytes.subarray(e.centralStart, e.centralEnd), localOffset: e.offset, localEnd, entry: e };
  });
  return { bytes, entries, comment: Buffer.from(directory.comment) };
}

function entryText(zip: Zip, entry: ZipEntry): string {
  try {
    return partText(zip.bytes, entry.entry);
  } catch (e) {
    throw new PatchUnsupported((e as Error).message);
  }
}

/** The zip again: replaced entries deflated anew, every other entry's bytes copied as they were. */
function writeZip(zip: Zip, replaced: Map<string, Buffer>): Buffer {
  const pieces: Buffer[] = [];
  const centrals: Buffer[] = [];
  let pos = 0;
  for (const entry of zip.entries) {
    const offset = pos;
    const content = replaced.get(entry.name);
    let central: Buffer;
    if (content === undefined) {
      const local = zip.bytes.subarray(entry.localOffset, entry.localEnd);
      pieces.push(local);
      pos += local.length;
      central = Buffer.from(entry.central);
    } else {
      // A big worksheet at level 1: a third of level 6's time for about a quarter more bytes.
      const data = deflateRawSync(content, { level: content.length > 1 << 20 ? 1 : 6 });
      const crc = crc32(content);
      const name = Buffer.from(entry.name, "utf8");
      const old = entry.central;
      const flags = 0x800; // UTF-8 name; no data descriptor: sizes are in the header
      const local = Buffer.alloc(30);
      local.writeUInt32LE(LOCAL_HEADER, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(flags, 6);
      local.writeUInt16LE(8, 8);
      local.writeUInt16LE(old.readUInt16LE(12), 10);
      local.writeUInt16LE(old.readUInt16LE(14), 12);
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(data.length, 18);
      local.writeUInt32LE(content.length, 22);
      local.writeUInt16LE(name.length, 26);
      local.writeUInt16LE(0, 28);
      pieces.push(local, name, data);
      pos += local.length + name.length + data.length;
      if (pos > MAX32) throw new PatchUnsupported("zip64");
      const head = Buffer.alloc(46);
      head.writeUInt32LE(CENTRAL_HEADER, 0);
      head.writeUInt16LE(old.readUInt16LE(4), 4);
      head.writeUInt16LE(20, 6);
      head.writeUInt16LE(flags, 8);
      head.writeUInt16LE(8, 10);
      head.writeUInt16LE(old.readUInt16LE(12), 12);
      head.writeUInt16LE(old.readUInt16LE(14), 14);
      head.writeUInt32LE(crc, 16);
      head.writeUInt32LE(data.length, 20);
      head.writeUInt32LE(content.length, 24);
      head.writeUInt16LE(name.length, 28);
      head.writeUInt16LE(0, 30);
      head.writeUInt16LE(0, 32);
      head.writeUInt16LE(0, 34);
      head.writeUInt16LE(old.readUInt16LE(36), 36);
      head.writeUInt32LE(old.readUInt32LE(38), 38);
      central = Buffer.concat([head, name]);
    }
    central.writeUInt32LE(offset, 42);
    centrals.push(central);
  }
  const cdStart = pos;
  const directory = Buffer.concat(centrals);
  if (cdStart + directory.length > MAX32) throw new PatchUnsupported("zip64");
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD, 0);
  end.writeUInt16LE(zip.entries.length, 8);
  end.writeUInt16LE(zip.entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(cdStart, 16);
  end.writeUInt16LE(zip.comment.length, 20);
  return Buffer.concat([...pieces, directory, end, zip.comment]);
}

// ---------------------------------------------------------------------------
// XML bits

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", apos: "'", quot: '"' };

function xmlDecode(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/gu, (whole, name: string) => {
    if (name.startsWith("#x")) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return ENTITIES[name] ?? whole;
  });
}

function xmlEscape(text: string): string {
  return text.replace(/[&<>"]/gu, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&quot;"));
}

function attrsOf(tag: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/gu)) attrs.set(m[1]!, m[2] ?? m[3] ?? "");
  return attrs;
}

/** The text of an <si> or <is>: its <t> pieces, phonetic guides left out. */
function richText(xml: string): string {
  const body = xml.includes("<rPh") ? xml.replace(/<rPh\b[\s\S]*?<\/rPh>/gu, "") : xml;
  let text = "";
  for (const m of body.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/gu)) text += unescapeText(xmlDecode(m[1]!));
  return text;
}

/** The <t> text of an inline string without runs, which readers take literally (no _xHHHH_ escapes). */
function plainText(xml: string): string {
  let text = "";
  for (const m of xml.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/gu)) text += xmlDecode(m[1]!);
  return text;
}

function columnName(col: number): string {
  let name = "";
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

// ---------------------------------------------------------------------------
// Styles

/** styles.xml: each cell style's number format, and new styles for dates when a write needs one. */
class Styles {
  private readonly codes = new Map<number, string>();
  private readonly xfs: string[] = [];
  private readonly added = new Map<string, number>();
  /** Each style's number format, once looked up. */
  private readonly formats = new Map<number, string | undefined>();
  private readonly dates = new Map<number, boolean>();
  private addedFormats: { id: number; code: string }[] = [];
  private addedXfs: string[] = [];

  constructor(private readonly xml: string | undefined) {
    if (!xml) return;
    const numFmts = /<numFmts\b[^>]*>([\s\S]*?)<\/numFmts>/u.exec(xml)?.[1] ?? "";
    for (const m of numFmts.matchAll(/<numFmt\b[^>]*>/gu)) {
      const a = attrsOf(m[0]);
      this.codes.set(Number(a.get("numFmtId")), xmlDecode(a.get("formatCode") ?? "").replace(/[\\](.)/gu, "$1"));
    }
    const cellXfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/u.exec(xml)?.[1] ?? "";
    for (const m of cellXfs.matchAll(/<xf\b[^>]*?\/>|<xf\b[^>]*>[\s\S]*?<\/xf>/gu)) this.xfs.push(m[0]);
  }

  get changed(): boolean {
    return this.addedXfs.length > 0;
  }

  numFmt(styleId: number | undefined): string | undefined {
    if (!styleId) return undefined;
    if (this.formats.has(styleId)) return this.formats.get(styleId);
    const xf = this.xfs[styleId];
    const id = xf === undefined ? 0 : Number(attrsOf(/<xf\b[^>]*>/u.exec(xf)?.[0] ?? "").get("numFmtId") ?? 0);
    const code = id ? this.codes.get(id) || BUILT_IN_FORMATS[id] || undefined : undefined;
    this.formats.set(styleId, code);
    return code;
  }

  /** Whether the style's number format shows a date. */
  isDate(styleId: number | undefined): boolean {
    const key = styleId ?? 0;
    let date = this.dates.get(key);
    if (date === undefined) this.dates.set(key, (date = isDateFmt(this.numFmt(styleId))));
    return date;
  }

  /** A style like `styleId` whose number format is `code`, added when the workbook has none. */
  withFormat(styleId: number | undefined, code: string): number {
    if (this.numFmt(styleId) === code) return styleId ?? 0;
    const key = `${styleId ?? 0}|${code}`;
    const known = this.added.get(key);
    if (known !== undefined) return known;
    if (!this.xml || !/<cellXfs\b[^>]*>/u.test(this.xml)) throw new PatchUnsupported("styles.xml 没有 cellXfs");
    let fmtId = [...this.codes].find(([, c]) => c === code)?.[0];
    if (fmtId === undefined) {
      fmtId = Math.max(163, ...this.codes.keys()) + 1;
      this.codes.set(fmtId, code);
      this.addedFormats.push({ id: fmtId, code });
    }
    const base = this.xfs[styleId ?? 0] ?? '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>';
    const open = /<xf\b[^>]*>/u.exec(base)![0];
    let tag = /numFmtId\s*=/u.test(open)
      ? open.replace(/numFmtId\s*=\s*("[^"]*"|'[^']*')/u, `numFmtId="${fmtId}"`)
      : open.replace(/^<xf\b/u, `<xf numFmtId="${fmtId}"`);
    tag = /applyNumberFormat\s*=/u.test(tag)
      ? tag.replace(/applyNumberFormat\s*=\s*("[^"]*"|'[^']*')/u, 'applyNumberFormat="1"')
      : tag.replace(/^<xf\b/u, '<xf applyNumberFormat="1"');
    const xf = tag + base.slice(open.length);
    const id = this.xfs.length;
    this.xfs.push(xf);
    this.addedXfs.push(xf);
    this.added.set(key, id);
    return id;
  }

  /** styles.xml as the write saves it: the part as it was when no style was added. */
  current(): string | undefined {
    return this.changed ? this.text() : this.xml;
  }

  /** styles.xml with the added formats and styles, counts updated; everything else as it was. */
  text(): string {
    let xml = this.xml!;
    if (this.addedFormats.length) {
      const items = this.addedFormats.map((f) => `<numFmt numFmtId="${f.id}" formatCode="${xmlEscape(f.code)}"/>`).join("");
      if (/<numFmts\b[^>]*\/>/u.test(xml)) xml = xml.replace(/<numFmts\b[^>]*\/>/u, `<numFmts count="${this.addedFormats.length}">${items}</numFmts>`);
      else if (/<numFmts\b/u.test(xml))
        xml = xml.replace(/<\/numFmts>/u, `${items}</numFmts>`).replace(/<numFmts\b[^>]*>/u, (t) => setAttr(t, "count", String(this.codes.size)));
      else xml = xml.replace(/(<styleSheet\b[^>]*>)/u, `$1<numFmts count="${this.addedFormats.length}">${items}</numFmts>`);
    }
    xml = xml.replace(/<\/cellXfs>/u, `${this.addedXfs.join("")}</cellXfs>`).replace(/<cellXfs\b[^>]*>/u, (t) => setAttr(t, "count", String(this.xfs.length)));
    return xml;
  }
}

function setAttr(tag: string, name: string, value: string): string {
  const re = new RegExp(`\\s${name}\\s*=\\s*("[^"]*"|'[^']*')`, "u");
  return re.test(tag) ? tag.replace(re, ` ${name}="${value}"`) : tag.replace(/\s*(\/?>)$/u, ` ${name}="${value}"$1`);
}

// ---------------------------------------------------------------------------
// Worksheets

/** A cell as exceljs's whole-file loader gives its value, before readCell. */
interface CellXml {
  col: number;
  styleId: number | undefined;
  xml: string;
}

interface RowXml {
  r: number;
  /** Offsets of the <row> element in the sheet text. */
  start: number;
  end: number;
  openTag: string;
  cells?: CellXml[];
  /** Set once a write changed the row: the cells to render in its place. */
  dirty?: boolean;
}

interface WorkbookContext {
  date1904: boolean;
  /** Shared string `index`, decoded the first time it is asked for (a write looks at a few of a big workbook's many). */
  string: (index: number) => string | undefined;
  styles: Styles;
  timeZone: string;
}

export interface PatchCell {
  raw: ExcelJS.CellValue;
  numFmt: string | undefined;
}

/** One worksheet part: rows found by number, cells read as exceljs reads them, changed rows rendered anew. */
export class SheetPatch {
  private readonly rows: RowXml[] = [];
  private readonly byNumber = new Map<number, RowXml>();
  private readonly added: RowXml[] = [];
  private readonly dataStart: number;
  private readonly dataEnd: number;
  private readonly selfClosingData: boolean;
  private readonly colStyles: { min: number; max: number; style: number }[] = [];
  private maxCol = 0;
  private lastRow = 0;
  changed = false;

  constructor(
    readonly title: string,
    readonly part: string,
    private readonly xml: string,
    private readonly book: WorkbookContext,
  ) {
    const open = /<sheetData\b[^>]*?(\/?)>/u.exec(xml);
    if (!open) throw new PatchUnsupported(`${part} 没有 sheetData`);
    this.selfClosingData = open[1] === "/";
    this.dataStart = open.index + open[0].length;
    this.dataEnd = this.selfClosingData ? this.dataStart : xml.indexOf("</sheetData>", this.dataStart);
    if (this.dataEnd < 0) throw new PatchUnsupported(`${part} 的 sheetData 未结束`);
    const cols = /<cols>([\s\S]*?)<\/cols>/u.exec(xml.slice(0, open.index))?.[1] ?? "";
    for (const m of cols.matchAll(/<col\b[^>]*>/gu)) {
      const a = attrsOf(m[0]);
      const style = Number(a.get("style") ?? 0);
      if (style) this.colStyles.push({ min: Number(a.get("min")), max: Number(a.get("max")), style });
    }
    const rowRe = /<row\b[^>]*?\/>|<row\b[^>]*>[\s\S]*?<\/row>/gu;
    rowRe.lastIndex = this.dataStart;
    for (let m = rowRe.exec(xml); m && m.index < this.dataEnd; m = rowRe.exec(xml)) {
      const openTag = /^<row\b[^>]*>/u.exec(m[0])![0];
      const rAttr = /\sr\s*=\s*["'](\d+)["']/u.exec(openTag)?.[1];
      // Rows placed by counting would move when a row is added before them.
      if (!rAttr) throw new PatchUnsupported(`${part} 有未标行号的行`);
      const r = Number(rAttr);
      const row: RowXml = { r, start: m.index, end: m.index + m[0].length, openTag };
      this.rows.push(row);
      this.byNumber.set(r, row); // a row listed twice: exceljs keeps the later one
      if (r > this.lastRow) this.lastRow = r;
    }
  }

  /** The last row number the sheet lists (blank but formatted rows included), as exceljs's rowCount. */
  get rowCount(): number {
    return this.lastRow;
  }

  /**
   * Whether each cell reads on its own: no merged ranges (a merged cell reads as
   * its master) and no hyperlinks (a linked cell may read as the link's address).
   * Both lie outside <sheetData>.
   */
  get cellsReadAlone(): boolean {
    const outside = /<(?:[\w.-]+:)?(?:mergeCell|hyperlink)\b/u;
    return !outside.test(this.xml.slice(0, this.dataStart)) && !outside.test(this.xml.slice(this.dataEnd));
  }

  /** The cell's XML as the save writes it ("" when the row has no such cell). */
  cellXml(r: number, col: number): string {
    const row = this.byNumber.get(r);
    return (row && this.cellsOf(row).find((c) => c.col === col)?.xml) ?? "";
  }

  private cellsOf(row: RowXml): CellXml[] {
    if (row.cells) return row.cells;
    const inner = row.openTag.endsWith("/>") ? "" : this.xml.slice(row.start + row.openTag.length, row.end - "</row>".length);
    const cells: CellXml[] = [];
    let previous = 0;
    for (const m of inner.matchAll(/<c\b[^>]*?\/>|<c\b[^>]*>[\s\S]*?<\/c>/gu)) {
      const tag = /^<c\b[^>]*>/u.exec(m[0])![0];
      const ref = /\sr\s*=\s*["']([A-Z$]+)/u.exec(tag)?.[1];
      const col = ref ? (columnOf(ref) ?? 0) : previous + 1;
      previous = col;
      const s = /\ss\s*=\s*["'](\d+)["']/u.exec(tag)?.[1];
      // A cell placed by counting gets its address, so a cell written before it cannot move it.
      const xml = ref ? m[0] : m[0].replace(/^<c\b/u, `<c r="${columnName(col)}${row.r}"`);
      const cell = { col, styleId: s === undefined ? undefined : Number(s), xml };
      const at = cells.findIndex((c) => c.col === col);
      if (at >= 0) cells[at] = cell;
      else cells.push(cell);
    }
    cells.sort((a, b) => a.col - b.col);
    row.cells = cells;
    return cells;
  }

  /** The value exceljs would give the cell, and its number format. */
  private decode(cell: CellXml | undefined): ExcelJS.CellValue {
    if (!cell || cell.xml.endsWith("/>")) return null;
    const tag = /^<c\b[^>]*>/u.exec(cell.xml)![0];
    const type = /\st\s*=\s*["']([^"']*)["']/u.exec(tag)?.[1];
    const body = cell.xml.slice(tag.length, -"</c>".length);
    const v = /<v(?:\s[^>]*)?>([\s\S]*?)<\/v>/u.exec(body)?.[1];
    const f = /<f\b/u.test(body);
    const date = this.book.styles.isDate(cell.styleId);
    const number = (text: string) => {
      const n = parseFloat(text);
      return date ? excelToDate(n, this.book.date1904) : n;
    };
    if (f) {
      const formula = xmlDecode(/<f(?:\s[^>]*)?>([\s\S]*?)<\/f>/u.exec(body)?.[1] ?? "");
      let result: unknown;
      if (v) {
        result = type === "str" ? xmlDecode(v) : type === "b" ? parseInt(v, 10) !== 0 : type === "e" ? { error: v } : number(v);
      }
      return { formula, result: result || undefined } as ExcelJS.CellFormulaValue;
    }
    // As both readers take an inline string: rich-text runs unescaped, plain text as it stands.
    if (type === "inlineStr") return /<is\b/u.test(body) ? (/<r\b/u.test(body) ? richText(body) : plainText(body)) : null;
    if (v === undefined) return null;
    switch (type) {
      case "s": {
        const s = this.book.string(parseInt(v, 10));
        return s === undefined ? null : s;
      }
      case "str":
        return xmlDecode(v);
      case "b":
        return parseInt(v, 10) !== 0;
      case "e":
        return { error: xmlDecode(v) } as ExcelJS.CellErrorValue;
      default:
        return number(v);
    }
  }

  private styleFor(row: RowXml | undefined, col: number): number | undefined {
    const own = row ? this.cellsOf(row).find((c) => c.col === col) : undefined;
    if (own) return own.styleId;
    if (row && /\scustomFormat\s*=\s*["'](1|true)["']/u.test(row.openTag)) {
      const s = /\ss\s*=\s*["'](\d+)["']/u.exec(row.openTag)?.[1];
      if (s) return Number(s);
    }
    return this.colStyles.find((c) => col >= c.min && col <= c.max)?.style;
  }

  /** The non-empty cells of a row, in column order. */
  cells(r: number): { col: number; cell: PatchCell }[] {
    const row = this.byNumber.get(r);
    if (!row) return [];
    return this.cellsOf(row)
      .map((c) => ({ col: c.col, cell: { raw: this.decode(c), numFmt: this.book.styles.numFmt(c.styleId) } }))
      .filter((c) => c.cell.raw !== null && c.cell.raw !== undefined);
  }

  cell(r: number, col: number): PatchCell {
    const row = this.byNumber.get(r);
    // Looking up one column down a long sheet (an ID among 100k rows): find the cell by its address
    // rather than reading the whole row. The last cell with that address wins, as in exceljs.
    if (row && !row.cells && !row.openTag.endsWith("/>")) {
      const at = this.xml.lastIndexOf(`<c r="${columnName(col)}${r}"`, row.end);
      if (at > row.start) {
        const close = this.xml.indexOf(">", at);
        const end = this.xml[close - 1] === "/" ? close + 1 : this.xml.indexOf("</c>", close) + 4;
        if (end > at && end <= row.end) {
          const s = /\ss\s*=\s*["'](\d+)["']/u.exec(this.xml.slice(at, close))?.[1];
          const own = { col, styleId: s === undefined ? undefined : Number(s), xml: this.xml.slice(at, end) };
          return { raw: this.decode(own), numFmt: this.book.styles.numFmt(own.styleId) };
        }
      }
    }
    const own = row ? this.cellsOf(row).find((c) => c.col === col) : undefined;
    return { raw: this.decode(own), numFmt: this.book.styles.numFmt(this.styleFor(row, col)) };
  }

  /**
   * Cell `col` of rows `from` to `to`, as cell() reads each: what finding a row
   * by its ID looks at. The column's cells are found in one pass over the
   * sheet's text rather than row by row; a row where that pass finds nothing it
   * can vouch for (a cell without an address, one out of its row) is read by cell().
   */
  column(col: number, from: number, to: number): { row: number; cell: PatchCell }[] {
    const found = new Map<number, CellXml>();
    const re = new RegExp(`<c r="${columnName(col)}(\\d+)"[^>]*?(?:/>|>[\\s\\S]*?</c>)`, "gu");
    re.lastIndex = this.dataStart;
    for (let m = re.exec(this.xml); m && m.index < this.dataEnd; m = re.exec(this.xml)) {
      const r = Number(m[1]);
      const row = this.byNumber.get(r);
      if (r < from || r > to || !row || row.cells || m.index < row.start || m.index + m[0].length > row.end) continue;
      const s = /\ss\s*=\s*["'](\d+)["']/u.exec(m[0].slice(0, m[0].indexOf(">")))?.[1];
      // The last cell with that address wins, as in exceljs.
      found.set(r, { col, styleId: s === undefined ? undefined : Number(s), xml: m[0] });
    }
    const out: { row: number; cell: PatchCell }[] = [];
    for (let r = from; r <= to; r++) {
      const own = found.get(r);
      if (own) out.push({ row: r, cell: { raw: this.decode(own), numFmt: this.book.styles.numFmt(own.styleId) } });
      else if (this.byNumber.has(r)) out.push({ row: r, cell: this.cell(r, col) });
    }
    return out;
  }

  /** Writes a literal value into a cell, keeping its style (a date format added to it when it has none). */
  set(r: number, col: number, input: CellInput): void {
    let row = this.byNumber.get(r);
    if (!row) {
      row = { r, start: -1, end: -1, openTag: `<row r="${r}">`, cells: [] };
      this.byNumber.set(r, row);
      this.added.push(row);
      if (r > this.lastRow) this.lastRow = r;
    }
    const cells = this.cellsOf(row);
    let styleId = this.styleFor(row, col);
    const ref = `${columnName(col)}${r}`;
    let xml: string;
    if (input === null) {
      xml = styleId ? `<c r="${ref}" s="${styleId}"/>` : "";
    } else if (typeof input === "object") {
      const wall = cellWallClock(input, this.book.timeZone);
      styleId = this.book.styles.withFormat(styleId, "date" in input ? "yyyy-mm-dd" : "yyyy-mm-dd hh:mm:ss");
      xml = `<c r="${ref}"${styleId ? ` s="${styleId}"` : ""}><v>${dateToExcel(new Date(`${wall}Z`), this.book.date1904)}</v></c>`;
    } else if (typeof input === "number") {
      xml = `<c r="${ref}"${styleId ? ` s="${styleId}"` : ""}><v>${input}</v></c>`;
    } else if (typeof input === "boolean") {
      xml = `<c r="${ref}"${styleId ? ` s="${styleId}"` : ""} t="b"><v>${input ? 1 : 0}</v></c>`;
    } else {
      xml = `<c r="${ref}"${styleId ? ` s="${styleId}"` : ""} t="inlineStr"><is><t xml:space="preserve">${xmlEscape(xmlSafe(input))}</t></is></c>`;
    }
    const at = cells.findIndex((c) => c.col === col);
    const cell = { col, styleId, xml };
    if (at >= 0) {
      if (xml) cells[at] = cell;
      else cells.splice(at, 1);
    } else if (xml) {
      const after = cells.findIndex((c) => c.col > col);
      cells.splice(after < 0 ? cells.length : after, 0, cell);
    }
    row.dirty = true;
    this.maxCol = Math.max(this.maxCol, col);
    this.changed = true;
  }

  private render(row: RowXml): string {
    // spans is a hint for the cells' extent; a changed row may have outgrown it.
    const open = row.openTag.replace(/\sspans\s*=\s*("[^"]*"|'[^']*')/u, "").replace(/\s*\/>$/u, ">");
    return `${open}${(row.cells ?? []).map((c) => c.xml).join("")}</row>`;
  }

  /** The worksheet's text with the changed rows in place and new rows in order. */
  text(): string {
    const xml = this.xml;
    const out: string[] = [];
    const added = [...this.added].sort((a, b) => a.r - b.r);
    let pos = this.dataStart;
    let head = xml.slice(0, this.dataStart);
    if (this.selfClosingData) head = head.replace(/<sheetData\b([^>]*?)\s*\/>$/u, "<sheetData$1>");
    out.push(head);
    let a = 0;
    for (const row of this.rows) {
      while (a < added.length && added[a]!.r < row.r) out.push(this.render(added[a++]!));
      out.push(xml.slice(pos, row.start));
      out.push(row.dirty && this.byNumber.get(row.r) === row ? this.render(row) : xml.slice(row.start, row.end));
      pos = row.end;
    }
    out.push(xml.slice(pos, this.dataEnd));
    while (a < added.length) out.push(this.render(added[a++]!));
    const tail = this.selfClosingData ? `</sheetData>${xml.slice(this.dataStart)}` : xml.slice(this.dataEnd);
    let text = out.join("") + tail;
    text = text.replace(/<dimension\b[^>]*>/u, (tag) => {
      const ref = /ref\s*=\s*["']([^"']*)["']/u.exec(tag)?.[1] ?? "A1";
      const [from = "A1", to = from] = ref.split(":");
      const toCol = Math.max(columnOf(to) ?? 0, this.maxCol, 1);
      const toRow = Math.max(Number(/\d+/u.exec(to)?.[0] ?? 1), this.rowCount, 1);
      return setAttr(tag, "ref", `${from}:${columnName(toCol)}${toRow}`);
    });
    return text;
  }
}

function excelToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

/** As exceljs's utils.dateToExcel, so the serials written are the ones exceljs wrote. */
function dateToExcel(d: Date, date1904: boolean): number {
  return 25569 + d.getTime() / (24 * 3600 * 1000) - (date1904 ? 1462 : 0);
}

// ---------------------------------------------------------------------------
// The workbook

interface SharedStrings {
  /** The part's stored bytes, which the strings are of. */
  stored: Buffer;
  /** Each <si>'s inner XML, by index. */
  bodies: string[];
  /** The strings decoded so far. */
  decoded: Map<number, string>;
}

/**
 * The last shared-strings part split, kept while its stored bytes stay the same:
 * a write copies the part as it was, so the next write meets the very bytes
 * (on a 100k-row workbook the biggest part after the visits, of which a write
 * looks at a few strings).
 */
let lastStrings: SharedStrings | undefined;

function sharedStringsOf(zip: Zip, entry: ZipEntry | undefined): SharedStrings {
  if (!entry) return { stored: Buffer.alloc(0), bodies: [], decoded: new Map() };
  const stored = zip.bytes.subarray(entry.localOffset, entry.localEnd);
  if (lastStrings?.stored.equals(stored)) return lastStrings;
  const bodies = [...entryText(zip, entry).matchAll(/<si\b[^>]*?\/>|<si\b[^>]*>([\s\S]*?)<\/si>/gu)].map((m) => m[1] ?? "");
  lastStrings = { stored: Buffer.from(stored), bodies, decoded: new Map() };
  return lastStrings;
}

/** A workbook open for patching: its tabs by title, the changed parts written back into the zip. */
export class WorkbookPatch {
  private readonly zip: Zip;
  private readonly sheetParts: { title: string; part: string }[] = [];
  private readonly opened = new Map<string, SheetPatch>();
  private readonly context: WorkbookContext;
  private readonly stylesPart: string | undefined;

  constructor(bytes: Buffer, timeZone: string) {
    this.zip = readZip(bytes);
    const find = (name: string) => this.zip.entries.find((e) => e.name === name);
    const bookEntry = find("xl/workbook.xml");
    const relsEntry = find("xl/_rels/workbook.xml.rels");
    if (!bookEntry || !relsEntry) throw new PatchUnsupported("缺少 xl/workbook.xml");
    const book = entryText(this.zip, bookEntry);
    const rels = new Map<string, string>();
    for (const m of entryText(this.zip, relsEntry).matchAll(/<Relationship\b[^>]*>/gu)) {
      const a = attrsOf(m[0]);
      const id = a.get("Id");
      const target = a.get("Target");
      if (id && target) rels.set(id, target);
    }
    const sheets = /<sheets\b[^>]*>([\s\S]*?)<\/sheets>/u.exec(book)?.[1] ?? "";
    for (const m of sheets.matchAll(/<sheet\b[^>]*>/gu)) {
      const a = attrsOf(m[0]);
      const target = rels.get(a.get("r:id") ?? "");
      if (!target) continue;
      const part = target.startsWith("/") ? target.slice(1) : `xl/${target}`.replace(/\/\.\//gu, "/");
      const name = xmlDecode(a.get("name") ?? "");
      this.sheetParts.push({ title: name.length > 31 ? name.slice(0, 31) : name, part });
    }
    const date1904 = /<workbookPr\b[^>]*\sdate1904\s*=\s*["'](1|true)["']/u.test(book);
    const stylesEntry = find("xl/styles.xml");
    this.stylesPart = stylesEntry?.name;
    const stringsEntry = find("xl/sharedStrings.xml");
    let strings: SharedStrings | undefined;
    this.context = {
      date1904,
      timeZone,
      styles: new Styles(stylesEntry ? entryText(this.zip, stylesEntry) : undefined),
      string: (index) => {
        strings ??= sharedStringsOf(this.zip, stringsEntry);
        const body = strings.bodies[index];
        if (body === undefined) return undefined;
        let text = strings.decoded.get(index);
        if (text === undefined) strings.decoded.set(index, (text = richText(body)));
        return text;
      },
    };
  }

  get titles(): string[] {
    return this.sheetParts.map((s) => s.title);
  }

  /** The worksheet behind a tab title, read the first time it is asked for. */
  sheet(title: string): SheetPatch | undefined {
    const found = this.sheetParts.find((s) => s.title === title);
    if (!found) return undefined;
    let sheet = this.opened.get(found.part);
    if (!sheet) {
      const entry = this.zip.entries.find((e) => e.name === found.part);
      if (!entry) return undefined;
      sheet = new SheetPatch(found.title, found.part, entryText(this.zip, entry), this.context);
      this.opened.set(found.part, sheet);
    }
    return sheet;
  }

  get date1904(): boolean {
    return this.context.date1904;
  }

  /** styles.xml as the save writes it. */
  get stylesXml(): string | undefined {
    return this.context.styles.current();
  }

  /**
   * A worksheet holding only these cells of a tab, each as the save writes it:
   * what the store reads back instead of the whole rewritten worksheet
   * (xlsx-store.ts). Undefined when a cell's value there may depend on other
   * cells (merged ranges, hyperlinks) or when the part is behind two tabs.
   */
  cellsSheet(title: string, cells: readonly { row: number; col: number }[]): string | undefined {
    const sheet = this.sheet(title);
    if (!sheet?.cellsReadAlone) return undefined;
    if (this.sheetParts.filter((s) => s.part === sheet.part).length > 1) return undefined;
    const byRow = new Map<number, Set<number>>();
    for (const { row, col } of cells) {
      let cols = byRow.get(row);
      if (!cols) byRow.set(row, (cols = new Set()));
      cols.add(col);
    }
    const rows = [...byRow].sort((a, b) => a[0] - b[0]);
    const body = rows.map(
      ([r, cols]) =>
        `<row r="${r}">${[...cols]
          .sort((a, b) => a - b)
          .map((c) => sheet.cellXml(r, c))
          .join("")}</row>`,
    );
    return `<worksheet><sheetData>${body.join("")}</sheetData></worksheet>`;
  }

  /** The names of the zip entries a save rewrites. */
  get changedParts(): string[] {
    const parts = [...this.opened.values()].filter((s) => s.changed).map((s) => s.part);
    if (this.context.styles.changed && this.stylesPart) parts.push(this.stylesPart);
    return parts;
  }

  /** The new workbook's bytes. */
  save(): Buffer {
    const replaced = new Map<string, Buffer>();
    for (const sheet of this.opened.values()) if (sheet.changed) replaced.set(sheet.part, Buffer.from(sheet.text(), "utf8"));
    if (this.context.styles.changed && this.stylesPart) replaced.set(this.stylesPart, Buffer.from(this.context.styles.text(), "utf8"));
    return writeZip(this.zip, replaced);
  }
}
