/**
 * The longest text each kind of field takes. Long enough for what people
 * write, short enough that a cell stays readable and far below the 50 000
 * characters a Google Sheets cell holds.
 */
export const LIMITS = {
  /** A person's name: 干部姓名, 责任人, 主持人, 考核人. */
  name: 50,
  /** 重点任务, 联系点, 对象. */
  short: 100,
  /** 事项. */
  title: 200,
  /** 问责事由. */
  reason: 500,
  /** 备注, 议题, 扣分事项. */
  notes: 1000,
  /** 走访主要内容. */
  summary: 2000,
  url: 500,
  /** 参加单位, 交办任务. */
  listItems: 30,
  /** 意见建议数, 解决问题数 of one visit. */
  countPerVisit: 1000,
} as const;
