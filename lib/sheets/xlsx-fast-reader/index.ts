import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { RawTab } from "../../schema/cells";
import { XlsxPartError, notAWorkbook } from "./errors";
import { type WorkbookContext, readBook, readRelationships, readSharedStrings, readStyles } from "./parts";
import { type SheetContent, readSheet } from "./worksheet";
import { XmlScanner } from "./xml";

export { BUILT_IN_FORMATS, isDateFmt } from "./cells";
import { compressedData, type ZipEntry, ZipParts, partPieces, partText, relsPathOf, resolvePart } from "./zip";

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
 *
 * The folder: zip.ts (the zip directory and inflation), xml.ts (the XML
 * scanner), cells.ts (the whole-file loader's rules for cells, formats and
 * addresses), parts.ts (relationships, workbook, shared strings, styles),
 * worksheet.ts (a worksheet's cells), errors.ts; this file ties them together.
 */
export async function readWorkbookFast(file: string, options: ReadOptions = {}): Promise<RawTab[]> {
  try {
    return await readWorkbookParts(file, options);
  } catch (e) {
    // A part every tab needs (the workbook, shared strings, styles): the whole file cannot be read.
    if (e instanceof XlsxPartError) throw notAWorkbook(file, e.message, e);
    throw e;
  }
}

export interface ReadOptions {
  /**
   * Only the tabs of these titles, in the workbook's order (the workbook,
   * shared strings and styles are read as always): what a write's read-back
   * needs when it changed only these worksheets.
   */
  only?: ReadonlySet<string>;
}

async function readWorkbookParts(file: string, { only }: ReadOptions): Promise<RawTab[]> {
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
  const strings = sharedStrings ? sharedStringsOf(zip, sharedStrings, text) : undefined;
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
    if (only && !only.has(sheet.name)) continue;
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

/**
 * The last shared-strings part read, by a hash of its stored bytes: a write's
 * read-back, and the next read after it, meet the very part the read before
 * them decoded (the zip patcher writes inline strings and copies this part as
 * it was), which on a 100k-row workbook is the biggest part after the visits.
 */
let lastStrings: { key: string; strings: string[] } | undefined;

function sharedStringsOf(zip: Buffer, entry: ZipEntry, text: (entry: ZipEntry) => XmlScanner): string[] {
  const key = `${entry.method}:${entry.size}:${createHash("sha1").update(compressedData(zip, entry)).digest("hex")}`;
  if (lastStrings?.key === key) return lastStrings.strings;
  const strings = readSharedStrings(text(entry));
  lastStrings = { key, strings };
  return strings;
}
