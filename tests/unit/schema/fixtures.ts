import type { CellValue, RawTab, RawWorkbook } from "@/lib/schema/cells";

/**
 * A tab as a backend hands it over. Each entry is one sheet row, numbered from
 * `startRow`; `null` stands for an empty sheet row, which backends leave out
 * (the row number still advances).
 */
export function tab(title: string, rows: (CellValue[] | null)[], opts: { startRow?: number; protected?: boolean; gid?: number } = {}): RawTab {
  const start = opts.startRow ?? 1;
  return {
    title,
    rows: rows.flatMap((cells, i) => (cells ? [{ row: start + i, cells }] : [])),
    ...(opts.protected !== undefined && { protected: opts.protected }),
    ...(opts.gid !== undefined && { gid: opts.gid }),
  };
}

export function workbook(tabs: RawTab[], extra: Partial<RawWorkbook> = {}): RawWorkbook {
  return { source: "xlsx", tabs, readAt: "2026-03-05T08:00:00.000Z", ...extra };
}

/** A date cell as the backends deliver it: the wall-clock time in the UTC fields. */
export function dateCell(y: number, m: number, d: number, h = 0, min = 0): Date {
  return new Date(Date.UTC(y, m - 1, d, h, min));
}

/** The required headers of 任务, in the sheet's usual order: A B C D E. */
export const TASK_HEADER = ["任务编号", "重点任务", "事项", "牵头单位", "完成时限"];

/** One 任务 row with the required cells filled; `extra` continues from column F. */
export function taskRow(id: CellValue, due: CellValue = "2026-06-30", extra: CellValue[] = []): CellValue[] {
  return [id, "引领从严治党", "召开专题会议", "经棚镇", due, ...extra];
}

/** Every tab with its header only, so a workbook test reports nothing it did not set up. */
export function headerOnlyTabs(): Record<string, RawTab> {
  return {
    单位: tab("单位", [["单位编号", "单位名称"]], { protected: true }),
    任务: tab("任务", [TASK_HEADER]),
    走访: tab("走访", [["走访编号", "日期", "干部姓名", "所属单位", "联系点"]]),
    会议: tab("会议", [["会议编号", "日期", "类型"]]),
    考核: tab("考核", [["记录编号", "年度", "单位", "考核方式", "得分"]]),
    问责: tab("问责", [["问责编号", "日期", "单位", "事由"]]),
    用户: tab("用户", [["账号", "角色"]], { protected: true }),
    设置: tab("设置", [["键", "值"]]),
    操作日志: tab("操作日志", [["时间", "账号", "操作"]]),
    会议快照: tab("会议快照", [["快照编号", "日期", "指标"]]),
    责任状: tab("责任状", [["编号", "年度", "单位"]]),
    测评: tab("测评", [["测评编号", "日期", "参评单位", "票数", "状态"]]),
    测评票: tab("测评票", [["票号", "测评编号", "评议"]]),
    测评码: tab("测评码", [["码哈希", "测评编号"]]),
  };
}
