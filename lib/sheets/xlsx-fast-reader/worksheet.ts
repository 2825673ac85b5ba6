/** The fast reader's worksheet reader: one worksheet part, cell by cell. */
import type ExcelJS from "exceljs";
import { isBlank, type CellValue, type RawRow } from "../../schema/cells";
import { readCell } from "../xlsx-cells";
import { decodeAddress, excelToDate, unescapeText, xmlDecode } from "./cells";
import { XlsxPartError } from "./errors";
import type { WorkbookContext } from "./parts";
import { Token, type XmlScanner } from "./xml";

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

export class SheetContent {
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
export async function readSheet(xml: XmlScanner, book: WorkbookContext): Promise<SheetContent> {
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
                  type === "str"
                    ? xmlDecode(value)
                    : type === "b"
                      ? parseInt(value, 10) !== 0
                      : type === "e"
                        ? { error: value }
                        : type === "d"
                          ? isoCellDate(value)
                          : parseFloat(value);
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
