import ExcelJS from "exceljs";
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { SaxesParser, type SaxesTagPlain } from "saxes";
import { isBlank, type CellValue, type RawRow, type RawTab } from "../schema/cells";
import { readCell } from "./xlsx-cells";

/**
 * The workbook read as a stream: the same RawTabs as the whole-file loader
 * (`wb.xlsx.readFile` and `rawTabOf` in xlsx-store.ts) without ever building an
 * exceljs Workbook, so a big workbook takes a fraction of the time and memory.
 *
 * exceljs's WorkbookReader walks the zip, setting aside in temporary files any
 * worksheet that comes before the parts it needs. The parts themselves are parsed
 * here, not by its readers, which differ from the whole-file loader: they garble a
 * Chinese character split between two chunks, ignore merged cells, read TRUE and
 * #N/A formula results as numbers and dated ones as serials, and list sheets in zip
 * order. The whole-file loader's behaviour, quirks included, is mirrored instead;
 * tests/integration/xlsx-stream-reader.test.ts holds the two loaders to it.
 */
export async function readWorkbookStreaming(file: string): Promise<RawTab[]> {
  const input = createReadStream(file);
  const reader = new StreamingWorkbook(input);
  // pipe() does not pass a read error on to the zip parser, which would then wait forever.
  const failed = new Promise<never>((_, reject) => input.once("error", reject));
  try {
    await Promise.race([drain(reader.parse()), failed]);
  } finally {
    input.destroy();
  }
  return reader.tabs(file);
}

/** Every part is consumed by the overrides below; parse() itself yields nothing of use. */
async function drain(parts: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of parts);
}

type Chunks = AsyncIterable<Buffer | string>;

interface Relationship {
  Id?: string;
  Target?: string;
}

/** The parts of exceljs 4.4's WorkbookReader (lib/stream/xlsx/workbook-reader.js) relied on; the version is pinned. */
interface WorkbookReaderInternals {
  styles: { getStyleModel(id: number): { numFmt?: string } | null };
  /** parse() reads a worksheet as it comes only when both are set; otherwise it puts it aside in a temporary file. */
  sharedStrings?: unknown;
  workbookRels?: unknown;
  parse(): AsyncGenerator<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
}

const WorkbookReader = ExcelJS.stream.xlsx.WorkbookReader as unknown as new (
  input: Readable,
  options: Partial<ExcelJS.stream.xlsx.WorkbookStreamReaderOptions>,
) => WorkbookReaderInternals;

const READER_OPTIONS = { sharedStrings: "cache", hyperlinks: "ignore", styles: "cache", worksheets: "emit", entries: "ignore" } as const;

/**
 * WorkbookReader with its part parsers replaced (the `_parse…` methods are called
 * by its parse() for each zip entry).
 */
class StreamingWorkbook extends WorkbookReader {
  private rels?: Relationship[];
  private book?: { sheets: BookSheet[]; date1904: boolean };
  private stylesRead = false;
  private strings?: string[];
  private readonly formats = new Map<number, CellFormat | null>();
  private readonly sheets = new Map<string, SheetContent>();
  private readonly sheetRels = new Map<string, Relationship[]>();

  constructor(input: Readable) {
    super(input, READER_OPTIONS);
  }

  /**
   * A worksheet can only be read once the shared strings, the styles (dates and
   * percentages) and workbook.xml (the 1904 date system) are known; until then
   * parse() is left to put worksheets aside.
   */
  private openWhenReady() {
    if (this.rels && this.book && this.stylesRead && this.strings) {
      this.sharedStrings = this.strings;
      this.workbookRels = this.rels;
    }
  }

  async _parseRels(entry: Readable) {
    this.rels = await readRelationships(entry);
    this.openWhenReady();
  }

  async _parseWorkbook(entry: Readable) {
    this.book = await readBook(entry);
    this.openWhenReady();
  }

  async *_parseSharedStrings(entry: Readable) {
    this.strings = await readSharedStrings(entry);
    this.openWhenReady();
  }

  override async _parseStyles(entry: Readable) {
    // exceljs's own styles parser, as the whole-file loader uses, fed whole characters.
    await super._parseStyles(Readable.from(utf8(entry)));
    this.stylesRead = true;
    this.openWhenReady();
  }

  async *_parseWorksheet(chunks: Chunks, sheetNo: string) {
    this.sheets.set(sheetNo, await readSheet(chunks, this));
  }

  /** Called for each xl/worksheets/_rels/sheetN.xml.rels: where the sheet's hyperlinks point. */
  async *_parseHyperlinks(chunks: Chunks, sheetNo: string) {
    this.sheetRels.set(sheetNo, await readRelationships(chunks));
  }

  get date1904(): boolean {
    return this.book?.date1904 ?? false;
  }

  sharedString(index: number): CellValue {
    // Without a shared-strings part the whole-file loader leaves the index itself in the cell.
    return this.strings ? (this.strings[index] ?? null) : index;
  }

  format(styleId: number): CellFormat | null {
    let format = this.formats.get(styleId);
    if (format === undefined) {
      const style = this.styles.getStyleModel(styleId);
      const numFmt = style?.numFmt;
      format = style ? { numFmt, date: isDateFmt(numFmt), percent: Boolean(numFmt?.includes("%")) } : null;
      this.formats.set(styleId, format);
    }
    return format;
  }

  /** Tabs in workbook order, as `wb.worksheets` lists them. */
  tabs(file: string): RawTab[] {
    if (!this.book) throw new Error(`不是 xlsx 工作簿（缺少 xl/workbook.xml）：${file}`);
    const byTarget = new Map((this.rels ?? []).map((r) => [r.Id, r.Target]));
    const tabs: RawTab[] = [];
    for (const sheet of this.book.sheets) {
      const target = byTarget.get(sheet.rId);
      // Resolved as the whole-file loader resolves it, which also accepts "/xl/worksheets/…".
      const sheetNo = target && /^xl\/worksheets\/sheet(\d+)[.]xml$/u.exec(`xl/${target.replace(/^(\s|\/xl\/)+/u, "")}`)?.[1];
      const content = sheetNo ? this.sheets.get(sheetNo) : undefined;
      if (!sheetNo || !content) continue; // a chart sheet, or a sheet with no part
      const rels = new Map((this.sheetRels.get(sheetNo) ?? []).map((r) => [r.Id, r.Target]));
      tabs.push({ title: sheet.name, rows: content.finish(rels), protected: content.isProtected });
    }
    return tabs;
  }
}

interface CellFormat {
  numFmt: string | undefined;
  date: boolean;
  percent: boolean;
}

interface BookSheet {
  name: string;
  rId: string | undefined;
}

/** What a worksheet reader needs from the workbook. */
interface WorkbookContext {
  readonly date1904: boolean;
  sharedString(index: number): CellValue;
  format(styleId: number): CellFormat | null;
}

// ---------------------------------------------------------------------------
// XML plumbing

/** Text from UTF-8 chunks, a character split between two chunks kept whole. */
async function* utf8(chunks: Chunks): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8");
  for await (const chunk of chunks) {
    const text = typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

interface XmlHandler {
  open(tag: SaxesTagPlain): void;
  text(text: string): void;
  close(tag: SaxesTagPlain): void;
}

async function parseXml(chunks: Chunks, handler: XmlHandler): Promise<void> {
  const parser = new SaxesParser({ xmlns: false, position: false });
  parser.on("opentag", (tag) => handler.open(tag));
  parser.on("text", (text) => handler.text(text));
  parser.on("closetag", (tag) => handler.close(tag));
  for await (const text of utf8(chunks)) parser.write(text);
  parser.close();
}

/** As exceljs decodes a sheet name or a "str" value: after the XML parser has decoded it once already. */
function xmlDecode(text: string): string {
  return text.replace(/&([a-z]*);/gu, (c) => ({ "&lt;": "<", "&gt;": ">", "&amp;": "&", "&apos;": "'", "&quot;": '"' })[c] ?? c);
}

/** Excel escapes characters XML cannot hold as _xHHHH_ in shared and rich text. */
function unescapeText(text: string): string {
  return text.replace(/_x([0-9A-F]{4})_/gu, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** As exceljs's utils.isDateFmt. */
function isDateFmt(fmt: string | undefined): boolean {
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

async function readRelationships(chunks: Chunks): Promise<Relationship[]> {
  const rels: Relationship[] = [];
  await parseXml(chunks, {
    open: (tag) => {
      if (tag.name === "Relationship") rels.push(tag.attributes);
    },
    text: () => {},
    close: () => {},
  });
  return rels;
}

async function readBook(chunks: Chunks): Promise<{ sheets: BookSheet[]; date1904: boolean }> {
  const sheets: BookSheet[] = [];
  let date1904 = false;
  let inSheets = false;
  await parseXml(chunks, {
    open: (tag) => {
      if (tag.name === "sheets") inSheets = true;
      else if (tag.name === "sheet" && inSheets) {
        // exceljs truncates a longer name (Google Sheets allows up to 100 characters).
        const name = xmlDecode(tag.attributes.name ?? "");
        sheets.push({ name: name.length > 31 ? name.slice(0, 31) : name, rId: tag.attributes["r:id"] });
      } else if (tag.name === "workbookPr") date1904 = tag.attributes.date1904 === "1";
    },
    text: () => {},
    close: (tag) => {
      if (tag.name === "sheets") inSheets = false;
    },
  });
  return { sheets, date1904 };
}

/**
 * Each <si> as the text readCell would give: plain or rich text, _xHHHH_ escapes
 * undone, phonetic guides (<rPh>) left out.
 */
async function readSharedStrings(chunks: Chunks): Promise<string[]> {
  const strings: string[] = [];
  let model: string | string[] | undefined;
  let inSi = false;
  let inPhonetic = false;
  let inRun = false;
  let runText: string | undefined;
  let pieces: string[] | undefined;
  await parseXml(chunks, {
    open: (tag) => {
      switch (tag.name) {
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
          if (inSi && !inPhonetic) pieces = [];
          break;
      }
    },
    text: (text) => {
      pieces?.push(text);
    },
    close: (tag) => {
      switch (tag.name) {
        case "t":
          if (pieces) {
            const text = unescapeText(pieces.join(""));
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
    },
  });
  return strings;
}

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
  readonly hyperlinks: { ref: string; rId: string }[] = [];
  isProtected = false;
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
    this.percentCells.delete(`${row}:${col}`);
    this.nonTextCells.delete(`${row}:${col}`);
  }

  /** Applies hyperlinks and merged ranges as exceljs does after reading the cells, then lists the non-empty rows. */
  finish(rels: Map<string | undefined, string | undefined>): RawRow[] {
    const linked = new Set<string>();
    for (const { ref, rId } of this.hyperlinks) {
      const target = rels.get(rId);
      const at = decodeAddress(ref);
      if (target === undefined || !at) continue;
      const row = this.rows[at.row - 1];
      const slot = row?.[at.col - 1];
      if (!row || slot === undefined) continue;
      const key = `${at.row}:${at.col}`;
      if (typeof slot !== "string" || this.nonTextCells.has(key)) row[at.col - 1] = target;
      linked.add(key);
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

    const out: RawRow[] = [];
    this.rows.forEach((slots, index) => {
      let width = slots.length;
      while (width > 0 && (slots[width - 1] === undefined || slots[width - 1] === EMPTY)) width--;
      const cells: CellValue[] = new Array<CellValue>(width);
      let used = false;
      for (let i = 0; i < width; i++) {
        const slot = slots[i];
        const value = slot === undefined || slot === EMPTY ? null : slot;
        cells[i] = value;
        if (!used && !isBlank(value)) used = true;
      }
      if (used) out.push({ row: index + 1, cells });
    });
    return out;
  }
}

/** One worksheet part, read cell by cell as exceljs's CellXform and its reconcile step read it. */
async function readSheet(chunks: Chunks, book: WorkbookContext): Promise<SheetContent> {
  const sheet = new SheetContent();
  let inSheetData = false;
  let inMergeCells = false;
  let inHyperlinks = false;
  let rowNumber = 0;
  let slots: Slot[] | undefined;
  let previousCol = 0;

  // The cell being read.
  let inCell = false;
  let ref: string | undefined;
  let type: string | undefined;
  let styleId: number | undefined;
  let formula: string | undefined;
  let shareType: string | undefined;
  let value: string | undefined;
  let runs: string[] | undefined;
  let inRun = false;
  let runPieces: string[] | undefined;
  let runText: string | undefined;
  let part = Part.None;

  function closeCell() {
    const format = styleId ? book.format(styleId) : null;
    const numFmt = format?.numFmt;
    let raw: ExcelJS.CellValue | undefined;
    let result: unknown;
    const isFormula = Boolean(formula) || Boolean(shareType);
    if (isFormula) {
      if (value) {
        result = type === "str" ? xmlDecode(value) : type === "b" ? parseInt(value, 10) !== 0 : type === "e" ? { error: value } : parseFloat(value);
        if (format?.date) result = excelToDate(result, book.date1904);
      }
      // exceljs's FormulaValue drops a falsy result: a formula giving 0, FALSE or "" reads as empty.
      result ||= undefined;
      raw = { formula: formula ?? "", result } as ExcelJS.CellFormulaValue;
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
        default: {
          const number = parseFloat(value);
          raw = format?.date ? excelToDate(number, book.date1904) : number;
        }
      }
    }

    // exceljs finds the column from the reference, or counts on from the previous cell.
    const col = ref === undefined ? previousCol + 1 : (columnOf(ref) ?? previousCol + 1);
    const empty = raw === undefined;
    if (!empty || styleId) previousCol = col;
    if (!slots) return;
    const before = slots[col - 1];
    // A later cell with the same address replaces the earlier one, unless it is bare (exceljs skips those).
    const bare = empty && !styleId;
    if (before !== undefined && bare) return;
    if (before !== undefined) sheet.forget(rowNumber, col);
    // Rare cells a hyperlink or a merged range reads differently: keep what that needs.
    if (format?.percent) sheet.percentCells.set(`${rowNumber}:${col}`, typeof raw === "number" ? raw : typeof result === "number" ? result : undefined);
    if (empty) {
      slots[col - 1] = EMPTY;
      return;
    }
    const cell = readCell(raw as ExcelJS.CellValue, numFmt);
    slots[col - 1] = cell;
    if (typeof cell === "string" && typeof raw !== "string" && !(isFormula && typeof result === "string")) {
      sheet.nonTextCells.add(`${rowNumber}:${col}`);
    }
  }

  await parseXml(chunks, {
    open(tag) {
      const name = tag.name;
      if (inCell) {
        if (inRun) {
          if (name === "t") runPieces = [];
          return;
        }
        switch (name) {
          case "f":
            part = Part.Formula;
            shareType = tag.attributes.t;
            break;
          case "v":
            part = Part.Value;
            break;
          case "t":
            part = Part.Text;
            break;
          case "r":
            inRun = true;
            runText = undefined;
            break;
        }
        return;
      }
      switch (name) {
        case "c":
          if (!slots) break;
          inCell = true;
          ref = tag.attributes.r;
          type = tag.attributes.t;
          styleId = tag.attributes.s === undefined ? undefined : parseInt(tag.attributes.s, 10);
          formula = shareType = value = runs = undefined;
          part = Part.None;
          break;
        case "row":
          if (!inSheetData) break;
          rowNumber = parseInt(tag.attributes.r ?? "", 10);
          previousCol = 0;
          slots = rowNumber >= 1 ? sheet.startRow(rowNumber) : undefined;
          break;
        case "sheetData":
          inSheetData = true;
          break;
        case "mergeCells":
          inMergeCells = true;
          break;
        case "mergeCell":
          if (inMergeCells && tag.attributes.ref) sheet.merges.push(tag.attributes.ref);
          break;
        case "hyperlinks":
          inHyperlinks = true;
          break;
        case "hyperlink": {
          const { ref: at, "r:id": rId } = tag.attributes;
          if (inHyperlinks && at && rId) sheet.hyperlinks.push({ ref: at, rId });
          break;
        }
        case "sheetProtection":
          if (!inSheetData) sheet.isProtected = true;
          break;
      }
    },
    text(text) {
      if (!inCell) return;
      if (inRun) {
        runPieces?.push(text);
        return;
      }
      if (part === Part.Formula) formula = formula ? formula + text : text;
      else if ((part === Part.Value || part === Part.Text) && !runs) value = value ? value + text : text;
    },
    close(tag) {
      const name = tag.name;
      if (inCell) {
        if (inRun) {
          if (name === "t" && runPieces) {
            runText = unescapeText(runPieces.join(""));
            runPieces = undefined;
          } else if (name === "r") {
            (runs ??= []).push(runText ?? "");
            inRun = false;
          }
          return;
        }
        switch (name) {
          case "f":
          case "v":
          case "is":
          case "t":
            part = Part.None;
            break;
          case "c":
            closeCell();
            inCell = false;
            break;
        }
        return;
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
    },
  });
  return sheet;
}
