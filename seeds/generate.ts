/**
 * Deterministic sample data for DutyBoard: a year of 克什克腾旗's party-building
 * ledgers whose totals equal the source article's (584 visits, 337 suggestions,
 * 185 solved; meetings 3 / 2 / 2). Same inputs, same output, byte for byte.
 */
import { assertIsoDate } from "../lib/domain/dates";
import { DEFAULT_SETTINGS } from "../lib/schema/settings";
import {
  accountabilityTab,
  auditTab,
  meetingsTab,
  settingsTab,
  snapshotsTab,
  remindersTab,
  cadresTab,
  lettersTab,
  appraisalsTab,
  ballotsTab,
  ballotCodesTab,
  tasksTab,
  unitsTab,
  usersTab,
  scoresTab,
  visitsTab,
  type ACCOUNTABILITY_KINDS,
  type MeetingKind,
  type Role,
} from "../lib/schema/tabs";
import type { RowInput, TabContent } from "../lib/sheets/store";
import { fitByDate, isoDate, minDate } from "./calendar";
import { UNITS } from "./catalog";
import type { SeedContext } from "./context";
import { buildPeople, type People } from "./people";
import { Random } from "./random";
import { dateCell, rowOf } from "./rows";
import { buildScores } from "./scores";
import { buildTasks, taskRows, type TaskDraft } from "./tasks";
import { seedSnapshots } from "./snapshots";
import { buildVisits } from "./visits";
import { buildRoster, cadreIdOf, cadreRows } from "./cadres";

export { VISIT_TOTALS } from "./visits";

export const MEETING_TOTALS: Readonly<Record<Exclude<MeetingKind, "其他">, number>> = {
  专题常委会: 3,
  领导小组工作例会: 2,
  办公室协调推进会: 2,
};

export interface SampleDataOptions {
  year: number;
  /** YYYY-MM-DD; nothing is dated after it. Must not be before 1 January of `year`. */
  today: string;
}

const MAIL_DOMAIN = "example.gov.cn";
const ORG_LOGIN = `zuzhibu@${MAIL_DOMAIN}`;

interface UserPlan {
  login: string;
  name: string;
  role: Role;
  unit?: string;
  active: boolean;
}

/** Demo logins for every role (admin, leader, unit, viewer) and a few realistic accounts. */
function userPlans(people: People): UserPlan[] {
  const contact = (unit: string) => people.contactOf.get(unit) ?? "";
  return [
    { login: "admin", name: contact("旗委组织部"), role: "管理员", unit: "旗委组织部", active: true },
    { login: "leader", name: people.leaders["旗委副书记"], role: "领导", active: true },
    { login: "unit", name: contact("经棚镇"), role: "单位", unit: "经棚镇", active: true },
    { login: "viewer", name: contact("旗委办公室"), role: "查看", unit: "旗委办公室", active: true },
    { login: ORG_LOGIN, name: people.orgStaff[1] ?? "", role: "管理员", unit: "旗委组织部", active: true },
    { login: `shuji@${MAIL_DOMAIN}`, name: people.leaders["旗委书记"], role: "领导", active: true },
    { login: `yuzhoudi@${MAIL_DOMAIN}`, name: contact("宇宙地镇"), role: "单位", unit: "宇宙地镇", active: true },
    { login: `darihan@${MAIL_DOMAIN}`, name: contact("达日罕乌拉苏木"), role: "单位", unit: "达日罕乌拉苏木", active: true },
    { login: `yingchang@${MAIL_DOMAIN}`, name: contact("应昌街道"), role: "单位", unit: "应昌街道", active: true },
    { login: `jiwei@${MAIL_DOMAIN}`, name: contact("旗纪委监委"), role: "查看", unit: "旗纪委监委", active: true },
    // A liaison who has moved on: kept in the sheet, no longer let in.
    { login: `tuchengzi@${MAIL_DOMAIN}`, name: contact("土城子镇"), role: "单位", unit: "土城子镇", active: false },
  ];
}

function unitRows(people: People): RowInput[] {
  return UNITS.map((u, i) =>
    rowOf(unitsTab, {
      id: `U${String(i + 1).padStart(2, "0")}`,
      name: u.name,
      kind: u.kind,
      parent: u.parent,
      secretary: people.secretaryOf.get(u.name),
      contact: people.contactOf.get(u.name),
    }),
  );
}

const MEETING_PLANS: readonly {
  kind: MeetingKind;
  planned: string;
  topics: string;
  chair: "旗委书记" | "旗委副书记" | "旗委常委、组织部部长";
  pick: "opening" | "behind" | "any";
}[] = [
  { kind: "专题常委会", planned: "02-26", chair: "旗委书记", pick: "opening", topics: "听取全旗党建工作情况汇报，审议年度党建工作任务分工方案和目标责任状" },
  { kind: "领导小组工作例会", planned: "03-20", chair: "旗委副书记", pick: "any", topics: "调度一季度重点任务进展，部署“五级示范抓引领”干部走访联系点工作" },
  { kind: "办公室协调推进会", planned: "05-22", chair: "旗委常委、组织部部长", pick: "any", topics: "协调推进“书记项目”领办和嘎查村集体经济“强村”工程" },
  { kind: "专题常委会", planned: "07-16", chair: "旗委书记", pick: "any", topics: "专题研究党建引领乡村振兴和基层治理，听取上半年目标任务推进情况" },
  { kind: "领导小组工作例会", planned: "09-10", chair: "旗委副书记", pick: "behind", topics: "通报拉练抽查结果，研究滞后任务整改措施" },
  { kind: "办公室协调推进会", planned: "10-23", chair: "旗委常委、组织部部长", pick: "behind", topics: "梳理逾期和进度滞后任务，逐项明确责任人和完成时限" },
  { kind: "专题常委会", planned: "11-19", chair: "旗委书记", pick: "any", topics: "研究“三查一述”年终考核和党组织书记述职评议工作安排" },
];

function meetingRows(ctx: SeedContext, tasks: readonly TaskDraft[], rng: Random): RowInput[] {
  const { year, asOf, people } = ctx;
  const dates = fitByDate(
    MEETING_PLANS.map((m) => `${year}-${m.planned}`),
    year,
    asOf,
  );
  const live = tasks.filter((t) => t.status !== "已取消");
  return MEETING_PLANS.map((m, i) => {
    const date = dates[i] ?? isoDate(year, 1, 1);
    const opening = live.filter((t) => t.due <= isoDate(year, 3, 31));
    const behind = live.filter((t) => t.status !== "已完成" && (t.due < date || t.status === "已延期"));
    const pool = m.pick === "opening" && opening.length >= 2 ? opening : m.pick === "behind" && behind.length >= 2 ? behind : live;
    const id = `HY-${year}-${String(i + 1).padStart(2, "0")}`;
    return rowOf(meetingsTab, {
      id,
      date: dateCell(date),
      kind: m.kind,
      chair: people.leaders[m.chair],
      topics: m.topics,
      taskIds: rng
        .sample(pool, Math.min(pool.length, rng.int(2, 4)))
        .map((t) => t.id)
        .sort()
        .join("、"),
      minutes: `https://oa.example.gov.cn/minutes/${year}/${id}`,
    });
  });
}

type Holder = "secretary" | "head" | "village" | "spare";

/** Accountability records; the first caps 经棚镇, a unit whose weighted score is otherwise 好. */
type AccountabilityKind = (typeof ACCOUNTABILITY_KINDS)[number]["label"];

const ACCOUNTABILITY_PLANS: readonly {
  unit: string;
  planned: string;
  kind: AccountabilityKind;
  task?: string;
  holder: Holder;
  post: string;
  reason: string;
}[] = [
  {
    unit: "经棚镇",
    planned: "04-16",
    kind: "约谈",
    task: "完善嘎查村“四议两公开”决策机制",
    holder: "head",
    post: "党委副书记、镇长",
    reason: "牵头任务推进迟缓，拉练抽查发现问题整改不及时",
  },
  {
    unit: "红山子乡",
    planned: "06-25",
    kind: "通报批评",
    task: "整顿软弱涣散基层党组织",
    holder: "secretary",
    post: "党委书记",
    reason: "软弱涣散基层党组织整顿工作推进不力，未按期完成整顿任务",
  },
  {
    unit: "新开地乡",
    planned: "07-09",
    kind: "限期整改",
    task: "嘎查村“两委”班子成员联户包片",
    holder: "spare",
    post: "党委组织委员",
    reason: "拉练抽查发现嘎查村“三会一课”落实不到位",
  },
  {
    unit: "土城子镇",
    planned: "09-24",
    kind: "诫勉",
    task: "规范村级小微权力清单运行",
    holder: "village",
    post: "村党支部书记",
    reason: "村级小微权力清单运行不规范，村务公开流于形式",
  },
  { unit: "旗司法局", planned: "11-05", kind: "约谈", holder: "secretary", post: "党组书记", reason: "履行全面从严治党主体责任不力，日常督查问题整改滞后" },
];

function accountabilityRows(ctx: SeedContext, tasks: readonly TaskDraft[]): RowInput[] {
  const { year, asOf, people } = ctx;
  const dates = fitByDate(
    ACCOUNTABILITY_PLANS.map((a) => `${year}-${a.planned}`),
    year,
    asOf,
  );
  let spare = 0;
  const personOf = (unit: string, holder: Holder): string => {
    const found =
      holder === "secretary"
        ? people.secretaryOf.get(unit)
        : holder === "head"
          ? people.headOf.get(unit)
          : holder === "village"
            ? people.villageSecretariesOf.get(unit)?.[0]?.name
            : undefined;
    return found ?? people.spareNames[spare++ % people.spareNames.length] ?? "";
  };
  return ACCOUNTABILITY_PLANS.map((a, i) =>
    rowOf(accountabilityTab, {
      id: `WZ-${year}-${String(i + 1).padStart(2, "0")}`,
      date: dateCell(dates[i] ?? isoDate(year, 1, 1)),
      unit: a.unit,
      person: `${personOf(a.unit, a.holder)}（${a.post}）`,
      reason: a.reason,
      kind: a.kind,
      taskId: a.task ? tasks.find((t) => t.title === a.task)?.id : undefined,
    }),
  );
}

function settingRows(year: number): RowInput[] {
  const d = DEFAULT_SETTINGS;
  const rows: [string, string | number, string][] = [
    ["weight.拉练抽查", d.weights.拉练抽查, "“拉练抽查”在年度考核总分中的权重；四项权重按比例折算为100分"],
    ["weight.日常督查", d.weights.日常督查, "“日常督查”在年度考核总分中的权重"],
    ["weight.年末检查", d.weights.年末检查, "“年末检查”在年度考核总分中的权重"],
    ["weight.述职评议", d.weights.述职评议, "“述职评议”在年度考核总分中的权重"],
    ["grade.好", d.grades.好, "年度总分达到此分数评为“好”（有问责记录的单位最高评为“较好”）"],
    ["grade.较好", d.grades.较好, "年度总分达到此分数评为“较好”"],
    ["grade.一般", d.grades.一般, "年度总分达到此分数评为“一般”，低于此分数为“差”"],
    ["year", year, "看板默认显示的年度；删除此行则显示表中最新的年度"],
    ["ranking.public", d.rankingPublic ? "是" : "否", "是否向单位用户公开全旗考核排名（是/否）；为“否”时单位只能看到本单位得分"],
    ["screen.rotateSeconds", d.rotateSeconds, "会议大屏每页停留的秒数"],
    ["freshness.seconds", d.freshnessSeconds, "看板重新读取表格数据的最长间隔（秒）"],
    ["visit.perQuarter.处级", 3, "处级干部每季度应走访联系点的次数（「干部」表的“走访要求”可为个人另行规定）"],
    ["visit.perQuarter.科级", 2, "科级干部每季度应走访联系点的次数"],
    ["visit.perQuarter.站所长", 1, "苏木乡镇街道站所长每季度应走访联系点的次数"],
    ["visit.perQuarter.股级", 1, "旗直单位股级干部每季度应走访联系点的次数"],
    ["visit.perQuarter.嘎查村社区干部", 1, "嘎查村社区干部每季度应走访联系点的次数"],
    ["meeting.required.专题常委会", 4, "每年应召开“专题常委会”的次数（总览和会议大屏显示应开/实开）"],
    ["meeting.required.领导小组工作例会", 4, "每年应召开“领导小组工作例会”的次数"],
    ["meeting.required.办公室协调推进会", 4, "每年应召开“办公室协调推进会”的次数"],
  ];
  return rows.map(([key, value, note]) => rowOf(settingsTab, { key, value: String(value), note }));
}

/** One TabContent per tab, in TABS order; the 用户 tab asks to be protected. */
export function generateSampleData({ year, today }: SampleDataOptions): TabContent[] {
  assertIsoDate(today);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new RangeError(`年度应为 2000–2100 之间的整数：${year}`);
  const yearStart = isoDate(year, 1, 1);
  if (today < yearStart) throw new RangeError(`today（${today}）早于 ${year} 年 1 月 1 日`);

  const people = buildPeople();
  const users = userPlans(people);
  const loginOf = new Map(users.flatMap((u) => (u.role === "单位" && u.active && u.unit ? [[u.unit, u.login] as const] : [])));
  const ctx: SeedContext = {
    year,
    asOf: minDate(today, isoDate(year, 12, 31)),
    people,
    loginFor: (unit) => loginOf.get(unit) ?? ORG_LOGIN,
  };
  const rng = new Random(`dutyboard:misc:${year}:${ctx.asOf}`);

  const tasks = buildTasks(ctx);
  const roster = buildRoster(people);
  const rows = {
    units: unitRows(people),
    tasks: taskRows(tasks, rng),
    // A visit names its cadre; the seed also fills 干部编号, so the roster match is by ID.
    visits: buildVisits(ctx).map((v): RowInput => {
      const cadreId = cadreIdOf(roster, String(v.unit), String(v.cadre));
      return cadreId ? { ...v, cadreId } : v;
    }),
    meetings: meetingRows(ctx, tasks, rng),
    scores: buildScores(ctx),
    accountability: accountabilityRows(ctx, tasks),
  };

  return [
    { spec: unitsTab, rows: rows.units },
    { spec: tasksTab, titleRows: [`${year}年度党建工作任务分工台账`], rows: rows.tasks },
    { spec: visitsTab, rows: rows.visits },
    { spec: meetingsTab, rows: rows.meetings },
    { spec: scoresTab, rows: rows.scores },
    { spec: accountabilityTab, rows: rows.accountability },
    {
      spec: usersTab,
      protect: true,
      rows: users.map((u) => rowOf(usersTab, { login: u.login, name: u.name, role: u.role, unit: u.unit, active: u.active ? "是" : "否" })),
    },
    { spec: settingsTab, rows: settingRows(year) },
    { spec: auditTab, rows: [] },
    // Earlier months' meeting snapshots, so 环比 and the trend show on the first run.
    { spec: snapshotsTab, rows: seedSnapshots(rows, year, ctx.asOf) },
    { spec: remindersTab, rows: [] },
    { spec: cadresTab, rows: cadreRows(roster) },
    { spec: lettersTab, rows: [] },
    { spec: appraisalsTab, rows: [] },
    { spec: ballotsTab, rows: [] },
    { spec: ballotCodesTab, rows: [] },
  ];
}
