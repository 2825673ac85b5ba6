/**
 * What the sample data is made of: the units of 克什克腾旗, the seven key tasks broken
 * into items, contact-point names and the phrases summaries are built from. Place
 * names of villages and all people are invented.
 */
import type { TASK_LEVELS, UNIT_KINDS } from "../lib/schema/tabs";

export type UnitKind = (typeof UNIT_KINDS)[number]["label"];
export type TaskLevel = (typeof TASK_LEVELS)[number]["label"];

export interface UnitPlan {
  name: string;
  kind: UnitKind;
  parent: string;
}

const BANNER_COMMITTEE = "中共克什克腾旗委员会";
const ORGANS_COMMITTEE = "旗直属机关工委";

const department = (name: string): UnitPlan => ({ name, kind: "旗委部门", parent: BANNER_COMMITTEE });
const agency = (name: string): UnitPlan => ({ name, kind: "旗直单位", parent: ORGANS_COMMITTEE });
const local = (name: string, kind: UnitKind): UnitPlan => ({ name, kind, parent: BANNER_COMMITTEE });

/** In the order the 单位 tab lists them: grassroots units first, as the department's own ledgers do. */
export const UNITS: readonly UnitPlan[] = [
  ...["经棚镇", "宇宙地镇", "土城子镇", "同兴镇", "万合永镇", "芝瑞镇", "达来诺日镇"].map((n) => local(n, "镇")),
  ...["新开地乡", "红山子乡"].map((n) => local(n, "乡")),
  ...["达日罕乌拉苏木", "巴彦查干苏木", "浩来呼热苏木", "乌兰布统苏木"].map((n) => local(n, "苏木")),
  ...["应昌街道", "西拉沐沦街道"].map((n) => local(n, "街道")),
  ...["旗委办公室", "旗委组织部", "旗委宣传部", "旗纪委监委", "旗委政法委", "旗委统战部", ORGANS_COMMITTEE].map(department),
  ...["旗发展和改革委员会", "旗财政局", "旗教育局", "旗民政局", "旗农牧局", "旗司法局", "旗卫生健康委员会", "旗人力资源和社会保障局"].map(agency),
];

export const GRASSROOTS_KINDS: readonly UnitKind[] = ["镇", "乡", "苏木", "街道"];

/** Members of the banner committee who lead the key tasks; each also visits contact points. */
export const BANNER_LEADERS = [
  { role: "旗委书记", unit: "旗委办公室" },
  { role: "旗委副书记、旗长", unit: "旗委办公室" },
  { role: "旗委副书记", unit: "旗委办公室" },
  { role: "旗委常委、组织部部长", unit: "旗委组织部" },
  { role: "旗委常委、宣传部部长", unit: "旗委宣传部" },
  { role: "旗委常委、纪委书记、监委主任", unit: "旗纪委监委" },
  { role: "旗委常委、政法委书记", unit: "旗委政法委" },
  { role: "旗委常委、统战部部长", unit: "旗委统战部" },
  { role: "旗委常委、办公室主任", unit: "旗委办公室" },
] as const;

export type LeaderRole = (typeof BANNER_LEADERS)[number]["role"];

export interface TaskPlan {
  title: string;
  level: TaskLevel;
  lead: string;
  partners?: readonly string[];
  /** A fixed schedule ("MM-DD") for the work every year opens with; otherwise drawn. */
  start?: string;
  due?: string;
  /** Why the item was dropped, for the few cancelled ones. */
  cancelled?: string;
}

export interface KeyTaskPlan {
  name: string;
  leader: LeaderRole;
  items: readonly TaskPlan[];
}

const B: TaskLevel = "旗委及领导小组";
const C: TaskLevel = "基层党委及班子成员";
const S: TaskLevel = "基层党支部及书记";

export const KEY_TASKS: readonly KeyTaskPlan[] = [
  {
    name: "引领深化学习",
    leader: "旗委常委、宣传部部长",
    items: [
      { level: B, lead: "旗委宣传部", partners: ["旗委办公室"], title: "制定旗委理论学习中心组年度学习计划", start: "01-05", due: "01-31" },
      { level: B, lead: "旗委宣传部", partners: ["旗委办公室", "旗委组织部"], title: "组织旗委理论学习中心组专题学习研讨不少于12次" },
      { level: B, lead: "旗委组织部", partners: ["旗委宣传部"], title: "举办全旗科级干部能力提升专题培训班" },
      { level: B, lead: "旗委统战部", partners: ["旗委宣传部", "旗教育局"], title: "开展铸牢中华民族共同体意识主题宣传教育" },
      { level: C, lead: "经棚镇", partners: ["宇宙地镇", "土城子镇", "同兴镇"], title: "苏木乡镇街道党（工）委中心组每月集中学习不少于1次" },
      { level: C, lead: "达日罕乌拉苏木", partners: ["巴彦查干苏木", "浩来呼热苏木", "乌兰布统苏木"], title: "组建“乌兰牧骑式”理论宣讲小分队深入嘎查宣讲" },
      { level: C, lead: "宇宙地镇", partners: ["旗委宣传部"], title: "建成新时代文明实践站示范点5个" },
      { level: S, lead: "同兴镇", partners: ["万合永镇", "芝瑞镇"], title: "落实“三会一课”制度，每月固定开展主题党日活动" },
      { level: S, lead: "应昌街道", partners: ["西拉沐沦街道"], title: "组织党员运用“学习强国”“北疆先锋”平台线上学习" },
      { level: S, lead: "土城子镇", partners: ["新开地乡", "红山子乡"], title: "开展农村牧区党员冬春季集中轮训，轮训覆盖率100%", start: "01-10", due: "03-31" },
    ],
  },
  {
    name: "引领科学发展",
    leader: "旗委副书记、旗长",
    items: [
      { level: B, lead: "旗委组织部", partners: ["旗农牧局"], title: "制定党建引领乡村振兴年度工作方案", start: "01-08", due: "02-28" },
      { level: B, lead: "旗委组织部", partners: ["旗农牧局", "旗财政局"], title: "实施嘎查村集体经济“强村”工程，年收入10万元以上嘎查村占比达80%" },
      { level: B, lead: "旗委组织部", partners: ["旗发展和改革委员会"], title: "推行“书记项目”领办，每个苏木乡镇街道确定1个重点项目" },
      { level: B, lead: "旗委组织部", partners: ["旗农牧局"], title: "落实驻村第一书记和工作队日常管理考核" },
      { level: C, lead: "巴彦查干苏木", partners: ["达来诺日镇", "万合永镇"], title: "推行“党支部+合作社+农牧户”模式，培育特色产业示范点" },
      { level: C, lead: "乌兰布统苏木", partners: ["达日罕乌拉苏木"], title: "围绕全域旅游打造“红色+生态”党建示范带" },
      { level: C, lead: "同兴镇", partners: ["旗农牧局", "旗民政局"], title: "做好防止规模性返贫动态监测帮扶" },
      { level: C, lead: "浩来呼热苏木", partners: ["旗农牧局"], title: "党员带头落实草原禁牧休牧和草畜平衡制度" },
      { level: S, lead: "芝瑞镇", partners: ["土城子镇"], title: "党员中心户联系农牧户全覆盖，开展种养技术帮带" },
      { level: S, lead: "新开地乡", partners: ["旗农牧局"], title: "发挥党员示范户作用推广肉牛肉羊标准化养殖" },
    ],
  },
  {
    name: "引领深化改革",
    leader: "旗委常委、办公室主任",
    items: [
      { level: B, lead: "旗委办公室", partners: ["旗委组织部"], title: "制定党建领域年度重点改革任务清单", start: "01-10", due: "02-10" },
      { level: B, lead: "旗委组织部", partners: ["旗司法局"], title: "推进苏木乡镇街道管理体制改革，厘清权责清单" },
      { level: B, lead: "旗委组织部", partners: ["旗委办公室"], title: "完善“三查一述”考核评价办法，深化干部考核评价机制改革" },
      { level: B, lead: "旗委组织部", partners: ["旗人力资源和社会保障局"], title: "推进“两新”组织党建全覆盖，新建非公企业和社会组织党组织10个" },
      { level: C, lead: "应昌街道", partners: ["西拉沐沦街道", "旗民政局"], title: "推行“街道吹哨、部门报到”工作机制" },
      { level: C, lead: "经棚镇", partners: ["宇宙地镇"], title: "完善嘎查村“四议两公开”决策机制" },
      { level: C, lead: "万合永镇", partners: ["旗农牧局"], title: "巩固农村牧区集体产权制度改革成果" },
      {
        level: C,
        lead: "达来诺日镇",
        partners: ["旗发展和改革委员会"],
        title: "推进“互联网+政务服务”向嘎查村延伸",
        cancelled: "已并入旗政务服务年度任务统一推进，本台账不再跟踪",
      },
      { level: S, lead: "土城子镇", partners: ["旗纪委监委"], title: "规范村级小微权力清单运行" },
      { level: S, lead: "红山子乡", partners: ["新开地乡"], title: "推行党员积分制管理" },
    ],
  },
  {
    name: "引领依法治旗",
    leader: "旗委常委、政法委书记",
    items: [
      { level: B, lead: "旗委政法委", partners: ["旗司法局"], title: "制定年度法治建设工作要点", start: "01-10", due: "02-15" },
      { level: B, lead: "旗委政法委", partners: ["旗委组织部"], title: "落实党政主要负责人履行推进法治建设第一责任人职责述法" },
      { level: B, lead: "旗委政法委", title: "推进平安克什克腾建设，开展扫黑除恶常态化斗争" },
      {
        level: B,
        lead: "旗司法局",
        partners: ["旗委办公室"],
        title: "建立重大行政决策合法性审查机制",
        cancelled: "与法治政府建设任务重复，经领导小组研究取消",
      },
      { level: C, lead: "达日罕乌拉苏木", partners: ["旗司法局"], title: "开展“法律进嘎查”普法宣传活动" },
      { level: C, lead: "经棚镇", partners: ["旗委政法委", "旗司法局"], title: "坚持和发展新时代“枫桥经验”，建设矛盾纠纷多元化解中心" },
      { level: C, lead: "宇宙地镇", partners: ["旗委政法委"], title: "开展信访积案化解攻坚" },
      { level: S, lead: "芝瑞镇", partners: ["旗司法局"], title: "培育嘎查村“法律明白人”，每村不少于3名" },
      { level: S, lead: "西拉沐沦街道", partners: ["应昌街道"], title: "实行网格化管理，党员担任网格员" },
      { level: S, lead: "同兴镇", partners: ["旗民政局"], title: "修订完善村规民约，推进移风易俗" },
    ],
  },
  {
    name: "引领从严治党",
    leader: "旗委常委、组织部部长",
    items: [
      { level: B, lead: "旗委组织部", partners: ["旗委办公室"], title: "召开全旗党建工作会议，部署年度任务", start: "01-05", due: "01-31" },
      { level: B, lead: "旗委组织部", partners: ["旗委办公室"], title: "逐级签订年度党建工作目标责任状", start: "01-15", due: "02-28" },
      { level: B, lead: "旗纪委监委", partners: ["旗委组织部"], title: "开展党风廉政建设专项巡察" },
      { level: B, lead: "旗纪委监委", partners: ["旗委办公室"], title: "整治形式主义、官僚主义，为基层减负" },
      { level: B, lead: "旗委组织部", title: "组织党组织书记抓基层党建述职评议考核", start: "11-01", due: "12-31" },
      { level: C, lead: "土城子镇", partners: ["旗纪委监委"], title: "落实全面从严治党主体责任清单，班子成员述责述廉" },
      { level: C, lead: "旗委组织部", partners: ["旗财政局"], title: "开展党费收缴使用管理专项检查" },
      { level: S, lead: "万合永镇", partners: ["旗委组织部"], title: "严格执行发展党员工作程序，规范发展党员档案" },
      { level: S, lead: "红山子乡", partners: ["旗委组织部"], title: "整顿软弱涣散基层党组织" },
      { level: S, lead: "应昌街道", partners: ["西拉沐沦街道"], title: "开展党员组织关系集中排查" },
    ],
  },
  {
    name: "引领基层治理",
    leader: "旗委副书记",
    items: [
      { level: B, lead: "旗委组织部", partners: ["旗委政法委", "旗民政局"], title: "制定党建引领基层治理年度行动方案", start: "01-15", due: "03-15" },
      { level: B, lead: ORGANS_COMMITTEE, partners: ["应昌街道", "西拉沐沦街道"], title: "推动机关党员到社区“双报到”" },
      { level: B, lead: "旗民政局", partners: ["旗委组织部"], title: "开展基层治理示范嘎查村社区创建" },
      { level: C, lead: "应昌街道", partners: ["西拉沐沦街道"], title: "推进社区“红色物业”建设" },
      { level: C, lead: "达来诺日镇", title: "建立苏木乡镇街道党（工）委兼职委员制度" },
      { level: C, lead: "宇宙地镇", partners: ["同兴镇"], title: "提升党群服务中心标准化规范化水平" },
      { level: C, lead: "巴彦查干苏木", title: "深化“党建+牧区治理”，建立牧区联户长制度" },
      { level: S, lead: "新开地乡", title: "嘎查村“两委”班子成员联户包片" },
      { level: S, lead: "西拉沐沦街道", title: "开展“红色网格”积分管理" },
      { level: S, lead: "浩来呼热苏木", partners: ["旗委组织部"], title: "每个嘎查村储备2名以上后备干部" },
    ],
  },
  {
    name: "引领民生保障",
    leader: "旗委副书记、旗长",
    items: [
      { level: B, lead: "旗委办公室", partners: ["旗委组织部"], title: "建立领导干部联系服务群众工作台账", start: "01-10", due: "02-28" },
      { level: B, lead: "旗人力资源和社会保障局", partners: ["旗卫生健康委员会"], title: "推进城乡居民医疗保险参保动员" },
      { level: B, lead: "旗教育局", partners: ["旗委组织部"], title: "落实中小学校党组织领导的校长负责制" },
      { level: C, lead: "经棚镇", title: "开展“我为群众办实事”实践活动，形成民生实事清单" },
      { level: C, lead: "红山子乡", partners: ["旗民政局"], title: "保障困难群众冬季取暖和饮水安全" },
      { level: C, lead: "达日罕乌拉苏木", partners: ["旗民政局"], title: "建设嘎查村互助养老幸福院" },
      { level: C, lead: "同兴镇", partners: ["旗卫生健康委员会"], title: "推动家庭医生签约服务覆盖重点人群" },
      { level: S, lead: "应昌街道", partners: ["旗民政局"], title: "组织党员志愿服务队开展助老助残服务" },
      { level: S, lead: "土城子镇", partners: ["旗人力资源和社会保障局"], title: "开展高校毕业生和农牧民工就业帮扶" },
      { level: S, lead: "芝瑞镇", title: "开展“暖心行动”走访慰问困难党员群众" },
    ],
  },
];

/** Invented village-level place names, by the kind of unit they belong to. */
export const PLACE_NAMES: Record<"村" | "嘎查" | "社区", readonly string[]> = {
  村: [
    "永兴",
    "太平",
    "新胜",
    "红光",
    "东升",
    "前进",
    "三义",
    "双合",
    "长胜",
    "福合",
    "兴隆",
    "联合",
    "和平",
    "民主",
    "建设",
    "先锋",
    "光明",
    "富裕",
    "新发",
    "广兴",
    "德胜",
    "四合",
    "榆树林",
    "黄土梁",
    "大营子",
    "二道沟",
    "西山",
    "南营子",
    "北沟",
    "上店",
    "庙子沟",
    "新立",
  ],
  嘎查: [
    "巴彦高勒",
    "乌兰敖都",
    "呼和温都尔",
    "额尔敦宝力格",
    "宝力根花",
    "哈达图",
    "查干淖尔",
    "白音他拉",
    "乌兰布拉格",
    "塔林花",
    "白音查干",
    "阿拉坦敖包",
    "巴彦温都尔",
    "沙日塔拉",
    "伊和诺尔",
    "希日塔拉",
  ],
  社区: ["兴安", "百岔", "曙光", "怡和", "天和", "锦山", "文化", "佳和", "龙泉", "新城", "北城", "安泰"],
};

export function placeSuffix(kind: UnitKind): "村" | "嘎查" | "社区" {
  return kind === "苏木" ? "嘎查" : kind === "街道" ? "社区" : "村";
}

/** What visits were about; `{place}` is the contact point. */
export const VISIT_TOPICS = [
  "牧区饮水安全",
  "草原生态补奖资金发放",
  "村集体经济发展",
  "居家养老服务",
  "通村道路养护",
  "冬季取暖保障",
  "高校毕业生就业",
  "农畜产品销售",
  "党员教育管理",
  "邻里矛盾纠纷调解",
  "森林草原防火",
  "城乡居民医保缴费",
  "肉牛养殖技术",
  "危房改造",
  "人居环境整治",
  "低保动态管理",
  "旅游民宿经营",
  "“三会一课”落实",
] as const;

export const SCORE_DEDUCTIONS = [
  "“三会一课”记录不规范",
  "发展党员档案材料不齐全",
  "党费收缴台账未按月更新",
  "主题党日活动开展不经常",
  "党员教育培训学时不足",
  "软弱涣散党组织整顿进度滞后",
  "党群服务中心标识不规范",
  "党务公开不及时",
  "意识形态工作责任制落实不到位",
  "联系点走访记录不完整",
  "目标任务推进台账更新不及时",
] as const;
