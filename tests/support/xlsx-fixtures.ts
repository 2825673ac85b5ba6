/**
 * Small workbooks built part by part, each as one kind of spreadsheet app or
 * generator writes it, for the workbook reader's compatibility tests.
 */
import { contentTypes, NS, relationships, stylesWith, zipOf } from "./xlsx-parts";

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

export interface SheetSpec {
  name: string;
  /** The <sheetData> children (rows), written in the sheet's own prefix. */
  rows: string;
}

export interface BookOptions {
  /** The namespace prefix every SpreadsheetML element carries (Tencent Docs and .NET write "x"). */
  prefix?: string;
  date1904?: string;
  /** Number formats of cell styles 0, 1, 2, … */
  formats?: (number | string)[];
  /** Where each sheet's part lies (default xl/worksheets/sheetN.xml). */
  sheetPaths?: string[];
  /** How the workbook names each sheet part (default the path relative to xl/). */
  sheetTargets?: string[];
  /** Where the workbook part lies (default xl/workbook.xml); _rels/.rels points at it. */
  workbookPath?: string;
  /** How _rels/.rels names the workbook part (default "/" + workbookPath). */
  workbookTarget?: string;
  /** Each zip entry's name as written (to write "\\" separators or another case). */
  entryName?: (name: string) => string;
  sharedStrings?: string | Buffer;
  /** Parts to deflate (the rest are stored). */
  deflate?: (name: string) => boolean;
  /** Leaves out _rels/.rels. */
  noPackageRels?: boolean;
}

/** A workbook, part by part. */
export function buildWorkbook(sheets: SheetSpec[], o: BookOptions = {}): Buffer {
  const p = o.prefix ? `${o.prefix}:` : "";
  const ns = o.prefix ? `xmlns:${o.prefix}="${NS.main}"` : `xmlns="${NS.main}"`;
  const workbookPath = o.workbookPath ?? "xl/workbook.xml";
  const dir = workbookPath.slice(0, workbookPath.lastIndexOf("/") + 1);
  const relsPath = `${dir}_rels/${workbookPath.slice(dir.length)}.rels`;
  const sheetPaths = sheets.map((_, i) => o.sheetPaths?.[i] ?? `${dir}worksheets/sheet${i + 1}.xml`);
  const stylesPath = `${dir}styles.xml`;
  const stringsPath = `${dir}sharedStrings.xml`;
  const parts: Record<string, string | Buffer> = {
    "[Content_Types].xml": contentTypes({
      workbook: workbookPath,
      sheets: sheetPaths,
      styles: stylesPath,
      ...(o.sharedStrings && { sharedStrings: stringsPath }),
    }),
  };
  if (!o.noPackageRels) parts["_rels/.rels"] = relationships([["rId1", "officeDocument", o.workbookTarget ?? `/${workbookPath}`]]);
  parts[workbookPath] =
    `${XML}<${p}workbook ${ns} xmlns:r="${NS.rel}">` +
    (o.date1904 ? `<${p}workbookPr date1904="${o.date1904}"/>` : "") +
    `<${p}sheets>${sheets.map((s, i) => `<${p}sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("")}</${p}sheets></${p}workbook>`;
  parts[relsPath] = relationships([
    ...sheets.map((_, i): [string, string, string] => [`rId${i + 1}`, "worksheet", o.sheetTargets?.[i] ?? sheetPaths[i]!.slice(dir.length)]),
    [`rId${sheets.length + 1}`, "styles", "styles.xml"],
    ...(o.sharedStrings ? [[`rId${sheets.length + 2}`, "sharedStrings", "sharedStrings.xml"] as [string, string, string]] : []),
  ]);
  parts[stylesPath] = stylesWith(o.formats ?? [0]);
  if (o.sharedStrings) parts[stringsPath] = o.sharedStrings;
  sheets.forEach((s, i) => {
    parts[sheetPaths[i]!] = `${XML}<${p}worksheet ${ns} xmlns:r="${NS.rel}"><${p}sheetData>${s.rows}</${p}sheetData></${p}worksheet>`;
  });
  const named = o.entryName ? Object.fromEntries(Object.entries(parts).map(([k, v]) => [o.entryName!(k), v])) : parts;
  return zipOf(named, { ...(o.deflate && { deflate: o.deflate }) });
}
