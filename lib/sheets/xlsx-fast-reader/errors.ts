/** The fast reader's errors. */
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

export const notAWorkbook = (file: string, why: string, cause?: unknown) => new Error(`不是 xlsx 工作簿（${why}）：${file}`, { cause });
