/** Simplified Chinese, the default language. Every string the UI shows lives here or in en.ts. */
export const zh = {
  app: {
    name: "党建责任落实看板",
    short: "DutyBoard",
    subtitle: "三大体系 · 责任落实",
  },
  nav: {
    overview: "总览",
    tasks: "任务",
    visits: "走访",
    meetings: "会议",
    scores: "考核",
    accountability: "问责",
    dataHealth: "数据体检",
    screen: "会议大屏",
    admin: "管理",
    language: "English",
  },
  freshness: {
    readAt: "数据读取于",
    changedAt: "表格最后修改于",
    refresh: "刷新",
    refreshing: "正在刷新…",
    source: { xlsx: "本地工作簿", google: "Google 表格" },
    problems: (n: number) => `${n} 处数据问题`,
    noProblems: "数据无问题",
    stale: (asOf: string, source: string) => `数据截至 ${asOf}（${source}暂时无法连接，正在显示最后一次读取的数据）`,
  },
  overview: {
    title: "总览",
    year: "年度",
    cards: {
      tasks: "重点任务",
      done: "已完成",
      donePercent: "完成率",
      overdue: "已逾期",
      lights: "红黄绿灯",
      red: "红灯",
      yellow: "黄灯",
      green: "绿灯",
      visits: "走访联系点",
      suggestions: "收集意见建议",
      solved: "解决实际问题",
      solveRate: "问题解决率",
      meetings: "会议召开",
      scoreAverage: "考核平均分",
      gradeSpread: "等次分布",
      incomplete: "考核未完成",
      units: (n: number) => `${n} 个单位`,
      times: "次",
      items: "项",
      count: "条",
      people: "人",
    },
    charts: {
      tasksByKeyTask: "各重点任务进展",
      completionByLeadUnit: "牵头单位完成率",
      visitsByMonth: "走访、意见建议与解决问题（按月）",
      ranking: "考核得分排名",
      rankingNote: "* 当年有问责记录，等次最高为“较好”。考核未完成：缺少某项考核，不评等次，排在最后。",
      empty: "暂无数据",
    },
    failed: "此部分加载失败",
  },
  status: {
    done: "已完成",
    open: "未完成",
    overdue: "逾期",
    red: "红灯",
    yellow: "黄灯",
    green: "绿灯",
    cancelled: "已取消",
  },
  months: ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"],
  dataHealth: {
    title: "数据体检",
    intro: "下面列出表格中所有无法识别或需要注意的单元格。有错误的行不计入统计；警告的行照常统计。",
    none: "没有发现问题：所有工作表都能正确读取。",
    total: (errors: number, warnings: number) => `共 ${errors} 个错误、${warnings} 个警告`,
    tab: "工作表",
    row: "行",
    column: "列",
    cell: "单元格",
    value: "当前值",
    hint: "说明",
    error: "错误",
    warning: "警告",
    openCell: "打开单元格",
    wholeTab: "整张表",
    empty: "（空）",
  },
  errors: {
    forbiddenTitle: "无权访问",
    forbiddenBody: "您的角色不能查看这一页。如需权限，请联系组织部管理员。",
    home: "返回总览",
  },
  common: {
    loading: "加载中…",
    none: "无",
    percent: (n: number) => `${n}%`,
  },
};

type Widen<T> = T extends string
  ? string
  : T extends (...args: infer A) => infer R
    ? (...args: A) => Widen<R>
    : T extends readonly string[]
      ? readonly string[]
      : { [K in keyof T]: Widen<T[K]> };

export type Messages = Widen<typeof zh>;
