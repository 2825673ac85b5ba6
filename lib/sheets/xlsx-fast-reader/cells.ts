/** The fast reader's cell rules: the whole-file loader's decoding of text, dates, formats and addresses. */
// ---------------------------------------------------------------------------
// The whole-file loader's rules for cells, formats and addresses

/** As exceljs decodes a sheet name or a "str" value: after the XML parser has decoded it once already. */
export function xmlDecode(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&([a-z]*);/gu, (c) => ({ "&lt;": "<", "&gt;": ">", "&amp;": "&", "&apos;": "'", "&quot;": '"' })[c] ?? c);
}

/** Excel escapes characters XML cannot hold as _xHHHH_ in shared and rich text. */
export function unescapeText(text: string): string {
  if (!text.includes("_x")) return text;
  return text.replace(/_x([0-9A-F]{4})_/gu, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** As exceljs's utils.isDateFmt. Also the zip patcher's (xlsx-patch.ts) test of a cell's format. */
export function isDateFmt(fmt: string | undefined): boolean {
  if (!fmt) return false;
  return /[ymdhMsb]+/u.test(fmt.replace(/\[[^\]]*\]/gu, "").replace(/"[^"]*"/gu, ""));
}

/** As exceljs's utils.excelToDate, which coerces whatever a formula left. */
export function excelToDate(serial: unknown, date1904: boolean): Date {
  return new Date(Math.round((Number(serial) - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

/** As exceljs's colCache.decodeAddress: column letters then row digits, `$` ignored. */
export function decodeAddress(ref: string): { col: number; row: number } | undefined {
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
export function columnOf(ref: string): number | undefined {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + c - 64;
    else if (c !== 36) break;
  }
  return col > 0 ? col : undefined;
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
