/** A problem found in the spreadsheet, precise enough to find and fix the cell. */
export interface Problem {
  /** The tab's name as the spreadsheet has it. */
  tab: string;
  /** 1-based row number in the sheet; absent for a problem with a whole tab or header. */
  row?: number;
  /** The column's header as the sheet names it. */
  column?: string;
  /** A1 address of the cell, e.g. "B12". */
  cell?: string;
  /** The cell's value as text. */
  value?: string;
  code: ProblemCode;
  /** Parameters of the message, e.g. the accepted options. */
  params?: Record<string, string | number>;
  /** The plain-words hint in Chinese (see problemMessage for other languages). */
  message: string;
  /**
   * "error": a cell could not be read; its row still counts, and figures that need the
   * cell say it is unknown. "warning": read, but worth fixing.
   */
  severity: "error" | "warning";
  /** ID of the row, when it has one. */
  rowId?: string;
  /** Units the row belongs to, so a unit user can see the problems of its own rows. */
  units?: string[];
  /** A link that opens the cell (Google Sheets). */
  link?: string;
}

export type ProblemCode =
  | "missing-tab"
  | "missing-header"
  | "unreadable-tab"
  | "duplicate-header"
  | "required"
  | "bad-date"
  | "bad-number"
  | "not-integer"
  | "out-of-range"
  | "bad-enum"
  | "bad-bool"
  | "bad-url"
  | "too-long"
  | "missing-id"
  | "duplicate-id"
  | "unknown-unit"
  | "unknown-task"
  | "bad-setting"
  | "unit-required"
  | "done-without-date"
  | "users-unprotected"
  | "unknown-cadre";

type Params = Readonly<Record<string, string | number>>;

/** What a 设置 value must be, in words: its parameters `expect` (bool, number, integer, timezone, days), `min`, `max`. */
export function settingExpectation(p: Params, locale: "zh" | "en"): string {
  const zh = locale === "zh";
  switch (p.expect) {
    case "bool":
      return zh ? "应为 是 或 否" : "must be 是 (yes) or 否 (no)";
    case "timezone":
      return zh ? "应为 IANA 时区名称，如 Asia/Shanghai" : "must be an IANA time zone name such as Asia/Shanghai";
    case "days":
      return zh
        ? `应为用逗号分隔的 ${p.min} 到 ${p.max} 之间的整数，如 7,3,1`
        : `must be whole numbers from ${p.min} to ${p.max} separated by commas, e.g. 7,3,1`;
    case "integer":
      return zh ? `应为 ${p.min} 到 ${p.max} 之间的整数` : `must be a whole number from ${p.min} to ${p.max}`;
    default:
      return zh ? `应为 ${p.min} 到 ${p.max} 之间的数字` : `must be a number from ${p.min} to ${p.max}`;
  }
}

const zh: Record<ProblemCode, (p: Params) => string> = {
  "missing-tab": (p) => `缺少工作表「${p.tab}」：请新建名为「${p.tab}」的工作表并填写表头。`,
  "missing-header": (p) => `前 10 行中找不到必填列「${p.columns}」的表头：请在表头行加上这些列（中文名或英文名均可）。`,
  "unreadable-tab": (p) => `无法读取工作表「${p.tab}」：${p.detail}。请用 Excel、WPS 或 LibreOffice 打开后重新保存为 .xlsx，或检查该表的内容。`,
  "duplicate-header": (p) => `「${p.column}」列出现了两次（第 ${p.first} 列和第 ${p.second} 列），只使用第一列：请删除或改名重复的列。`,
  required: (p) => `「${p.column}」是必填项，这一格是空的：请补填。`,
  "bad-date": () => `无法识别的日期：请写成 2026-03-05、2026/3/5、2026.3.5 或 2026年3月5日，或使用日期格式的单元格。`,
  "bad-number": () => `不是数字：请只填写数字（可用全角数字或百分数，如 60%）。`,
  "not-integer": () => `应为整数：请填写不带小数的数字。`,
  "out-of-range": (p) => (p.max !== undefined && p.max !== "" ? `数值超出范围：应在 ${p.min} 到 ${p.max} 之间。` : `数值超出范围：不能小于 ${p.min}。`),
  "bad-enum": (p) => `不是可选的值：请填写以下之一：${p.options}。`,
  "bad-bool": () => `应为 是 或 否（也可填 true/false、Y/N）。`,
  "bad-url": () => `不是有效的链接：请填写以 http:// 或 https:// 开头的完整网址。`,
  "too-long": (p) => `内容过长（${p.length} 字），最多 ${p.max} 字。`,
  "missing-id": (p) => `这一行没有「${p.column}」：网页上无法修改此行。管理员可在「管理」页为缺少编号的行自动编号。`,
  "duplicate-id": (p) => `编号「${p.id}」与第 ${p.firstRow} 行重复：编号必须唯一，请修改其中一行的编号。`,
  "unknown-unit": (p) => `「${p.unit}」不在「单位」表中：请检查单位名称，或先在「单位」表中添加该单位。`,
  "unknown-task": (p) => `任务编号「${p.id}」在「任务」表中不存在：请检查编号。`,
  "bad-setting": (p) => `设置「${p.key}」的值「${p.value}」无效：${settingExpectation(p, "zh")}。将使用默认值 ${p.fallback}。`,
  "unit-required": () => `角色为“单位”的账号必须填写「所属单位」。`,
  "done-without-date": () => `状态为已完成但没有填写完成日期：请补填完成日期。`,
  "users-unprotected": (p) => `「${p.tab}」工作表没有保护：任何能编辑表格的人都能给自己授予管理员角色。请将此工作表设为受保护，只允许组织部管理员编辑。`,
  "unknown-cadre": (p) => `干部「${p.cadre}」（${p.unit}）不在「干部」名册中：这次走访仍计入统计，但不计入覆盖率。请核对姓名，或在「干部」表中添加该干部。`,
};

const en: Record<ProblemCode, (p: Params) => string> = {
  "missing-tab": (p) => `Tab "${p.tab}" is missing: add a tab with that name and its header row.`,
  "missing-header": (p) => `No header row with the required column(s) "${p.columns}" in the first 10 rows: add them (Chinese or English name).`,
  "unreadable-tab": (p) =>
    `Tab "${p.tab}" cannot be read: ${p.detail}. Open the workbook in Excel, WPS or LibreOffice and save it again as .xlsx, or check the tab.`,
  "duplicate-header": (p) => `Column "${p.column}" appears twice (columns ${p.first} and ${p.second}); only the first is used.`,
  required: (p) => `"${p.column}" is required and this cell is empty.`,
  "bad-date": () => `Not a date: write 2026-03-05, 2026/3/5, 2026.3.5 or 2026年3月5日, or use a date cell.`,
  "bad-number": () => `Not a number: use digits only (full-width digits and percentages such as 60% are fine).`,
  "not-integer": () => `Must be a whole number.`,
  "out-of-range": (p) =>
    p.max !== undefined && p.max !== "" ? `Out of range: must be between ${p.min} and ${p.max}.` : `Out of range: must be at least ${p.min}.`,
  "bad-enum": (p) => `Not one of the allowed values: ${p.options}.`,
  "bad-bool": () => `Must be 是 or 否 (true/false, Y/N).`,
  "bad-url": () => `Not a valid link: use a full address starting with http:// or https://.`,
  "too-long": (p) => `Too long (${p.length} characters); at most ${p.max}.`,
  "missing-id": (p) => `This row has no "${p.column}", so it cannot be edited on the web. An admin can assign IDs on the Admin page.`,
  "duplicate-id": (p) => `ID "${p.id}" is also used on row ${p.firstRow}; IDs must be unique.`,
  "unknown-unit": (p) => `"${p.unit}" is not in the 单位 (units) tab: check the name or add the unit.`,
  "unknown-task": (p) => `Task ID "${p.id}" does not exist in the 任务 (tasks) tab.`,
  "bad-setting": (p) => `Setting "${p.key}" has an invalid value "${p.value}": ${settingExpectation(p, "en")}. Using the default ${p.fallback}.`,
  "unit-required": () => `A user with the role "unit" needs a unit (所属单位).`,
  "done-without-date": () => `Status is done but the done date is empty.`,
  "users-unprotected": (p) =>
    `The "${p.tab}" tab is not protected: anyone who can edit the spreadsheet can make themselves an admin. Protect it so only the organisation department can edit it.`,
  "unknown-cadre": (p) =>
    `Cadre "${p.cadre}" (${p.unit}) is not in the 干部 roster: the visit still counts, but not towards coverage. Check the name or add the cadre.`,
};

/** Every problem code, for the dictionaries' completeness test. */
export const PROBLEM_CODES = Object.keys(zh) as ProblemCode[];

export function problemMessage(code: ProblemCode, params: Params = {}, locale: "zh" | "en" = "zh"): string {
  return (locale === "en" ? en : zh)[code](params);
}

export function problem(p: Omit<Problem, "message" | "severity"> & { severity?: Problem["severity"] }): Problem {
  return { severity: "error", ...p, message: problemMessage(p.code, p.params) };
}
