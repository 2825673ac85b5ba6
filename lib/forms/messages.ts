/**
 * What a form says when a value is refused: plain Chinese that names the
 * field and how to put it right. Shared by the server (authoritative) and the
 * browser (instant feedback), so both say the same thing.
 */
export const formMessages = {
  required: (label: string) => `请填写${label}`,
  choose: (label: string) => `请选择${label}`,
  tooLong: (label: string, max: number, length: number) => `${label}最多 ${max} 个字，现在有 ${length} 个字`,
  notText: (label: string) => `${label}应为文字`,
  notNumber: (label: string) => `${label}应为数字，如 60`,
  notInteger: (label: string) => `${label}应为整数`,
  negative: (label: string) => `${label}不能为负数`,
  range: (label: string, min: number, max: number) => `${label}应在 ${min} 到 ${max} 之间`,
  tooBig: (label: string, max: number) => `${label}不能超过 ${max}`,
  badDate: (label: string) => `${label}不是有效的日期：请写成 2026-03-05 这样的格式`,
  impossibleDate: (label: string, text: string) => `${label}「${text}」不存在，请检查月份和日期`,
  dateOutOfRange: (label: string) => `${label}应在 2000 年到 2100 年之间`,
  futureDate: (label: string) => `${label}不能晚于今天`,
  dateBefore: (label: string, other: string) => `${label}不能早于${other}`,
  badChoice: (label: string, options: readonly string[]) => `${label}只能是：${options.join(" / ")}`,
  unknownUnit: (label: string, unit: string) => `「${unit}」不在单位表中：请从${label}列表中选择`,
  unknownTask: (id: string) => `找不到任务编号「${id}」：请填写任务表中已有的编号`,
  tooMany: (label: string, max: number) => `${label}最多 ${max} 项`,
  badUrl: (label: string) => `${label}应为以 http:// 或 https:// 开头的网址`,
  unstorable: (label: string, char: string) => `${label}中有一个表格无法保存的字符（${char}，多为从别处粘贴带来的乱码），请删除后重新填写`,
  deceptive: (label: string, char: string) => `${label}中有看不见的字符或文字方向控制符（${char}），会让名称看起来像另一个，请删除后重新填写`,
  badId: (label: string) => `${label}格式不正确：请刷新页面后重新填写`,
  doneNeedsDate: "状态为“已完成”时请填写完成日期",
  doneNeedsFull: "状态为“已完成”时进度应为 100",
  dateNeedsDone: "填写了完成日期，状态应为“已完成”（或清空完成日期）",
  otherUnit: (own: string) => `您只能为本单位（${own}）填报，不能选择其他单位。本次未保存任何内容。`,
  notLeadUnit: (own: string, lead: string) => `这项任务的牵头单位是「${lead}」，不是您的单位（${own}），不能修改。本次未保存任何内容。`,
  leadUnitChanged: (lead: string) => `这项任务的牵头单位刚在表格中改为「${lead}」，您已不能修改它。本次未保存任何内容。`,
  visitUnitChanged: (unit: string) => `这条走访记录的所属单位刚在表格中改为「${unit}」，您已不能修改它。本次未保存任何内容。`,
  fixErrors: "有几项需要修改，请看标红的说明。",
  literalNotice: "以“=”“+”“-”“@”开头的内容已按文字保存，不会被当作公式计算。",
  queued: "已暂存（表格关闭后自动写入）",
  queuedNotice:
    "工作簿正在被他人用 WPS / Excel / LibreOffice 打开，您的内容已记入写入日志，不会丢失；对方保存并关闭表格后会自动写入，可在本页“暂存待写入”中查看。",
} as const;
