import { col, type Columns, type EnumOption, type RowOf } from "./columns";

export interface TabSpec<C extends Columns = Columns> {
  key: TabKey;
  /** The tab's name in the spreadsheet. */
  title: string;
  columns: C;
  /** Key of the column holding the row's stable ID (checked against the columns by `tab`). */
  idColumn: string;
  /** A tab a later capability added: a spreadsheet without it is not at fault (the capability is simply unused). */
  optional?: true;
  /** Written only by the app: no figures, no hand-edit checks beyond headers. */
  appOnly?: boolean;
  /** The ID column only orders the rows (操作日志's 时间): rows sharing a value are not one record twice. */
  sharedIds?: true;
}

export type TabKey =
  | "units"
  | "tasks"
  | "visits"
  | "meetings"
  | "scores"
  | "accountability"
  | "users"
  | "settings"
  | "audit"
  | "snapshots"
  | "reminders"
  | "cadres"
  | "letters"
  | "appraisals"
  | "ballots"
  | "ballotCodes";

function tab<const C extends Columns>(spec: TabSpec<C> & { idColumn: keyof C & string }): TabSpec<C> {
  return spec;
}

export const UNIT_KINDS = [
  { label: "旗委部门", key: "department" },
  { label: "旗直单位", key: "agency" },
  { label: "镇", key: "town" },
  { label: "乡", key: "township" },
  { label: "苏木", key: "sumu" },
  { label: "街道", key: "subdistrict" },
  { label: "其他", key: "other" },
] as const satisfies readonly EnumOption[];

export const TASK_LEVELS = [
  { label: "旗委及领导小组", key: "banner" },
  { label: "基层党委及班子成员", key: "committee" },
  { label: "基层党支部及书记", key: "branch" },
] as const satisfies readonly EnumOption[];

export const TASK_STATUSES = [
  { label: "未开始", key: "notStarted" },
  { label: "进行中", key: "inProgress" },
  { label: "已完成", key: "done" },
  { label: "已延期", key: "postponed" },
  { label: "已取消", key: "cancelled" },
] as const satisfies readonly EnumOption[];

export const CADRE_TIERS = [
  { label: "处级", key: "county" },
  { label: "科级", key: "section" },
  { label: "站所长", key: "station" },
  { label: "股级", key: "unit" },
  { label: "嘎查村社区干部", key: "village" },
] as const satisfies readonly EnumOption[];

export const VISIT_METHODS = [
  { label: "登门走访", key: "homeVisit" },
  { label: "座谈", key: "forum" },
  { label: "调研指导", key: "research" },
  { label: "宣讲", key: "lecture" },
  { label: "其他", key: "other" },
] as const satisfies readonly EnumOption[];

export const MEETING_KINDS = [
  { label: "专题常委会", key: "standingCommittee" },
  { label: "领导小组工作例会", key: "leadingGroup" },
  { label: "办公室协调推进会", key: "officeCoordination" },
  { label: "其他", key: "other" },
] as const satisfies readonly EnumOption[];

export const SCORE_METHODS = [
  { label: "拉练抽查", key: "drill" },
  { label: "日常督查", key: "routine" },
  { label: "年末检查", key: "yearEnd" },
  { label: "述职评议", key: "report" },
] as const satisfies readonly EnumOption[];

export const FIX_STATUSES = [
  { label: "未整改", key: "open" },
  { label: "整改中", key: "fixing" },
  { label: "已整改", key: "fixed" },
] as const satisfies readonly EnumOption[];

export const ACCOUNTABILITY_KINDS = [
  { label: "约谈", key: "talk" },
  { label: "通报批评", key: "criticism" },
  { label: "限期整改", key: "rectify" },
  { label: "诫勉", key: "admonish" },
  { label: "其他", key: "other" },
] as const satisfies readonly EnumOption[];

export const ROLES = [
  { label: "管理员", key: "admin" },
  { label: "领导", key: "leader" },
  { label: "单位", key: "unit" },
  { label: "查看", key: "viewer" },
] as const satisfies readonly EnumOption[];

export const unitsTab = tab({
  key: "units",
  title: "单位",
  idColumn: "id",
  columns: {
    id: col.text("单位编号", { required: true }),
    name: col.text("单位名称", { required: true }),
    kind: col.enum("类型", UNIT_KINDS),
    parent: col.text("上级单位"),
    secretary: col.text("书记"),
    contact: col.text("联系人"),
    /** Names of reminder channels (kept server-side, never their addresses or secrets). */
    channels: col.list("通知渠道"),
  },
});

export const tasksTab = tab({
  key: "tasks",
  title: "任务",
  idColumn: "id",
  columns: {
    id: col.text("任务编号", { required: true }),
    keyTask: col.text("重点任务", { required: true }),
    title: col.text("事项", { required: true }),
    level: col.enum("责任层级", TASK_LEVELS),
    leadUnit: col.text("牵头单位", { required: true }),
    partnerUnits: col.list("参加单位"),
    leader: col.text("责任领导"),
    owner: col.text("责任人"),
    start: col.date("开始日期"),
    due: col.date("完成时限", { required: true }),
    doneOn: col.date("完成日期"),
    progress: col.number("进度", { min: 0, max: 100, percent: true }),
    status: col.enum("状态", TASK_STATUSES),
    notes: col.text("备注"),
    updatedAt: col.datetime("更新时间"),
    updatedBy: col.text("更新人"),
    // An approved new deadline: lights, overdue and on-time follow it; 完成时限 stays the original.
    extendedTo: col.date("延期至"),
    extensionApprovedBy: col.text("延期批准"),
  },
});

export const visitsTab = tab({
  key: "visits",
  title: "走访",
  idColumn: "id",
  columns: {
    id: col.text("走访编号", { required: true }),
    date: col.date("日期", { required: true }),
    cadre: col.text("干部姓名", { required: true }),
    tier: col.enum("干部层级", CADRE_TIERS),
    unit: col.text("所属单位", { required: true }),
    contactPoint: col.text("联系点", { required: true }),
    method: col.enum("方式", VISIT_METHODS),
    suggestions: col.int("意见建议数", { min: 0 }),
    solved: col.int("解决问题数", { min: 0 }),
    summary: col.text("主要内容"),
    evidence: col.url("佐证链接"),
    enteredBy: col.text("录入人"),
    enteredAt: col.datetime("录入时间"),
    /** The roster's 干部编号 when the tab has the column; otherwise the visit is matched by name within its unit. */
    cadreId: col.text("干部编号"),
  },
});

export const meetingsTab = tab({
  key: "meetings",
  title: "会议",
  idColumn: "id",
  columns: {
    id: col.text("会议编号", { required: true }),
    date: col.date("日期", { required: true }),
    kind: col.enum("类型", MEETING_KINDS, { required: true }),
    chair: col.text("主持人"),
    topics: col.text("议题"),
    taskIds: col.list("交办任务"),
    minutes: col.url("纪要链接"),
  },
});

export const scoresTab = tab({
  key: "scores",
  title: "考核",
  idColumn: "id",
  columns: {
    id: col.text("记录编号", { required: true }),
    year: col.int("年度", { required: true, min: 2000, max: 2100 }),
    unit: col.text("单位", { required: true }),
    method: col.enum("考核方式", SCORE_METHODS, { required: true }),
    date: col.date("日期"),
    score: col.number("得分", { required: true, min: 0, max: 100 }),
    inspector: col.text("考核人"),
    deductions: col.text("扣分事项"),
    fixDue: col.date("整改时限"),
    fixStatus: col.enum("整改状态", FIX_STATUSES),
  },
});

export const accountabilityTab = tab({
  key: "accountability",
  title: "问责",
  idColumn: "id",
  columns: {
    id: col.text("问责编号", { required: true }),
    date: col.date("日期", { required: true }),
    unit: col.text("单位", { required: true }),
    person: col.text("对象"),
    reason: col.text("事由", { required: true }),
    kind: col.enum("方式", ACCOUNTABILITY_KINDS),
    taskId: col.text("关联任务"),
  },
});

export const usersTab = tab({
  key: "users",
  title: "用户",
  idColumn: "login",
  columns: {
    login: col.text("账号", { required: true }),
    name: col.text("姓名"),
    role: col.enum("角色", ROLES, { required: true }),
    unit: col.text("所属单位"),
    active: col.bool("启用"),
  },
});

export const settingsTab = tab({
  key: "settings",
  title: "设置",
  idColumn: "key",
  columns: {
    key: col.text("键", { required: true }),
    value: col.text("值", { required: true }),
    note: col.text("说明"),
  },
});

export const auditTab = tab({
  key: "audit",
  title: "操作日志",
  idColumn: "at",
  appOnly: true,
  sharedIds: true,
  columns: {
    at: col.datetime("时间", { required: true }),
    login: col.text("账号", { required: true }),
    action: col.text("操作", { required: true }),
    tab: col.text("表"),
    rowId: col.text("编号"),
    before: col.text("变更前"),
    after: col.text("变更后"),
  },
});

export const snapshotsTab = tab({
  key: "snapshots",
  title: "会议快照",
  idColumn: "id",
  appOnly: true,
  columns: {
    id: col.text("快照编号", { required: true }),
    date: col.date("日期", { required: true }),
    figures: col.text("指标", { required: true }),
  },
});

// ---------------------------------------------------------------------------
// Reminders (issue 16): the ledger of every notice sent, written only by the app.

export const REMINDER_KINDS = ["即将到期", "已逾期", "久未更新", "催办", "整改逾期", "汇总"] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export const remindersTab = tab({
  key: "reminders",
  title: "提醒记录",
  idColumn: "at",
  appOnly: true,
  sharedIds: true,
  columns: {
    at: col.datetime("时间", { required: true }),
    channel: col.text("渠道", { required: true }),
    unit: col.text("单位"),
    taskId: col.text("任务编号"),
    kind: col.text("类型"),
    result: col.text("结果"),
  },
});

export type ReminderRecord = RowOf<typeof remindersTab.columns>;
// ——— issue 15: the cadre roster ———

export const cadresTab = tab({
  key: "cadres",
  title: "干部",
  idColumn: "id",
  optional: true,
  columns: {
    id: col.text("干部编号", { required: true }),
    name: col.text("姓名", { required: true }),
    tier: col.enum("干部层级", CADRE_TIERS, { required: true }),
    unit: col.text("所属单位", { required: true }),
    contactPoints: col.list("联系点"),
    required: col.int("走访要求", { min: 0, max: 100 }),
    active: col.bool("在岗"),
  },
});

export type Cadre = RowOf<typeof cadresTab.columns>;
// The evaluation system (issue 17): responsibility letters and 述职评议 ballots.

export const APPRAISAL_GRADES = ["好", "较好", "一般", "差"] as const;
export type AppraisalGrade = (typeof APPRAISAL_GRADES)[number];

export const APPRAISAL_STATUSES = [
  { label: "进行中", key: "open" },
  { label: "已结束", key: "closed" },
] as const satisfies readonly EnumOption[];

/**
 * 目标责任状: one row per unit and year once signed (staff may fill it in the sheet too).
 * Optional: a workbook from before the evaluation system is not at fault without it; the
 * letters page says the tab is needed to record signing.
 */
export const lettersTab = tab({
  key: "letters",
  title: "责任状",
  idColumn: "id",
  optional: true,
  columns: {
    id: col.text("编号", { required: true }),
    year: col.int("年度", { required: true, min: 2000, max: 2100 }),
    unit: col.text("单位", { required: true }),
    signedOn: col.date("签订日期"),
    signer: col.text("签订人"),
    scan: col.url("扫描件链接"),
    notes: col.text("备注"),
  },
});

/** 测评: one 述职评议 session. */
export const appraisalsTab = tab({
  key: "appraisals",
  title: "测评",
  idColumn: "id",
  appOnly: true,
  columns: {
    id: col.text("测评编号", { required: true }),
    date: col.date("日期", { required: true }),
    title: col.text("名称"),
    units: col.list("参评单位", { required: true }),
    ballots: col.int("票数", { required: true, min: 1, max: 2000 }),
    status: col.enum("状态", APPRAISAL_STATUSES, { required: true }),
  },
});

/**
 * 测评票: one ballot. Nothing here names its code or its voter: the ID is random,
 * the date is the session's, and the grades are one JSON object per ballot.
 */
export const ballotsTab = tab({
  key: "ballots",
  title: "测评票",
  idColumn: "id",
  appOnly: true,
  columns: {
    id: col.text("票号", { required: true }),
    session: col.text("测评编号", { required: true }),
    date: col.date("日期"),
    grades: col.text("评议", { required: true }),
    comments: col.text("意见"),
  },
});

/** 测评码: the SHA-256 of each ballot code, written when the session opens, marked spent with its ballot. */
export const ballotCodesTab = tab({
  key: "ballotCodes",
  title: "测评码",
  idColumn: "hash",
  appOnly: true,
  columns: {
    hash: col.text("码哈希", { required: true }),
    session: col.text("测评编号", { required: true }),
    spent: col.bool("已用"),
  },
});

/** Every tab, in the order they appear in a new spreadsheet. */
export const TABS = [
  unitsTab,
  tasksTab,
  visitsTab,
  meetingsTab,
  scoresTab,
  accountabilityTab,
  usersTab,
  settingsTab,
  auditTab,
  snapshotsTab,
  remindersTab,
  cadresTab,
  lettersTab,
  appraisalsTab,
  ballotsTab,
  ballotCodesTab,
] as const;

export type Unit = RowOf<typeof unitsTab.columns>;
export type Task = RowOf<typeof tasksTab.columns>;
export type Visit = RowOf<typeof visitsTab.columns>;
export type Meeting = RowOf<typeof meetingsTab.columns>;
export type Score = RowOf<typeof scoresTab.columns>;
export type Accountability = RowOf<typeof accountabilityTab.columns>;
export type User = RowOf<typeof usersTab.columns>;
export type SettingRow = RowOf<typeof settingsTab.columns>;
export type AuditEntry = RowOf<typeof auditTab.columns>;
export type Snapshot = RowOf<typeof snapshotsTab.columns>;
export type Letter = RowOf<typeof lettersTab.columns>;
export type Appraisal = RowOf<typeof appraisalsTab.columns>;
export type Ballot = RowOf<typeof ballotsTab.columns>;
export type BallotCode = RowOf<typeof ballotCodesTab.columns>;

export type TaskStatus = (typeof TASK_STATUSES)[number]["label"];
export type MeetingKind = (typeof MEETING_KINDS)[number]["label"];
export type ScoreMethod = (typeof SCORE_METHODS)[number]["label"];
export type CadreTier = (typeof CADRE_TIERS)[number]["label"];
export type VisitMethod = (typeof VISIT_METHODS)[number]["label"];
export type Role = (typeof ROLES)[number]["label"];
