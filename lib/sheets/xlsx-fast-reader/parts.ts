/** The fast reader's small parts: relationships, the workbook, shared strings and styles. */
import type { CellValue } from "../../schema/cells";
import { BUILT_IN_FORMATS, isDateFmt, unescapeText, xmlDecode } from "./cells";
import { Token, type XmlScanner } from "./xml";

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
export interface WorkbookContext {
  readonly date1904: boolean;
  sharedString(index: number): CellValue;
  format(styleId: number): CellFormat | null | undefined;
}

export function readRelationships(xml: XmlScanner): Relationship[] {
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

export function readBook(xml: XmlScanner): { sheets: BookSheet[]; date1904: boolean } {
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
export function readSharedStrings(xml: XmlScanner): string[] {
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
const STYLE_PARTS = new Set([
  "numFmts",
  "fonts",
  "fills",
  "borders",
  "cellStyleXfs",
  "cellXfs",
  "dxfs",
  "numFmt",
  "font",
  "fill",
  "border",
  "style",
  "cellStyles",
  "tableStyles",
  "extLst",
]);

/**
 * The number format of each cell style (<xf> in <cellXfs>), as exceljs's styles
 * parser and its getStyleModel find it: the workbook's own <numFmt> for the id,
 * else the built-in format. Only <numFmts> and <cellXfs> are read, following
 * exceljs's list parsers: a list ends at the first close tag no item claims.
 * Every other top-level part is skipped whole.
 */
export function readStyles(xml: XmlScanner): Map<number, CellFormat | null> {
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
    const numFmt = numFmtId ? codes.get(numFmtId) || BUILT_IN_FORMATS[numFmtId] : undefined;
    formats.set(styleId, { numFmt: numFmt || undefined, date: isDateFmt(numFmt), percent: Boolean(numFmt?.includes("%")) });
  });
  return formats;
}
