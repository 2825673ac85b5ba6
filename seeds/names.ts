import type { Random } from "./random";

// Common Han surnames, roughly by frequency, plus a few frequent in Chifeng.
const SURNAMES = [
  "王",
  "李",
  "张",
  "刘",
  "陈",
  "杨",
  "赵",
  "黄",
  "周",
  "吴",
  "徐",
  "孙",
  "马",
  "朱",
  "胡",
  "郭",
  "何",
  "高",
  "林",
  "罗",
  "郑",
  "梁",
  "谢",
  "宋",
  "唐",
  "许",
  "韩",
  "冯",
  "邓",
  "曹",
  "彭",
  "曾",
  "田",
  "董",
  "袁",
  "潘",
  "于",
  "蒋",
  "蔡",
  "杜",
  "程",
  "苏",
  "魏",
  "吕",
  "丁",
  "任",
  "姚",
  "卢",
  "崔",
  "姜",
  "范",
  "石",
  "贾",
  "白",
  "孟",
  "秦",
  "侯",
  "郝",
  "邢",
  "付",
  "常",
  "尹",
  "闫",
  "齐",
  "薛",
  "贺",
  "包",
  "鲍",
  "那",
  "佟",
] as const;

const GIVEN_CHARS = [
  "伟",
  "芳",
  "娜",
  "敏",
  "静",
  "丽",
  "强",
  "磊",
  "军",
  "洋",
  "勇",
  "艳",
  "杰",
  "娟",
  "涛",
  "明",
  "超",
  "秀",
  "霞",
  "平",
  "刚",
  "桂",
  "英",
  "华",
  "玉",
  "建",
  "国",
  "文",
  "志",
  "海",
  "红",
  "梅",
  "春",
  "晓",
  "东",
  "亮",
  "凤",
  "晨",
  "宇",
  "鹏",
  "飞",
  "斌",
  "辉",
  "立",
  "新",
  "振",
  "永",
  "忠",
  "雪",
  "丹",
  "慧",
  "婷",
  "佳",
  "宏",
  "鑫",
  "瑞",
  "欣",
  "博",
  "峰",
  "岩",
  "颖",
  "琳",
  "波",
  "俊",
  "璐",
  "冬",
  "林",
  "旭",
  "楠",
  "宁",
  "德",
  "福",
] as const;

// Mongolian given names, written in Chinese characters as usual in Inner Mongolia.
const MONGOLIAN_NAMES = [
  "巴图",
  "乌日娜",
  "阿拉坦",
  "苏日娜",
  "额尔敦",
  "其木格",
  "那日苏",
  "图雅",
  "斯琴",
  "宝音",
  "朝鲁",
  "格日勒",
  "巴特尔",
  "萨仁",
  "敖登",
  "乌云",
  "哈斯",
  "包金山",
  "白音仓",
  "孟和",
  "额尔德木图",
  "托娅",
  "呼和",
  "娜仁花",
  "布仁",
  "满都拉",
  "德力格尔",
  "阿如汉",
  "乌兰",
  "毕力格",
] as const;

/**
 * Invents unique Chinese person names: mostly a surname and one or two given-name
 * characters, and about one in eight a Mongolian name, as in a banner of Inner Mongolia.
 */
export class NameMaker {
  private readonly used = new Set<string>();

  constructor(private readonly rng: Random) {}

  /** Marks names already taken elsewhere (fixed demo users) so none is invented twice. */
  reserve(...names: string[]) {
    for (const n of names) this.used.add(n);
  }

  person(): string {
    for (;;) {
      const name = this.rng.chance(0.12) ? this.mongolianCandidate() : this.hanCandidate();
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
  }

  mongolian(): string {
    for (;;) {
      const name = this.mongolianCandidate();
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
  }

  private hanCandidate(): string {
    const surname = this.rng.pick(SURNAMES);
    const given = this.rng.chance(0.35) ? this.rng.pick(GIVEN_CHARS) : this.rng.pick(GIVEN_CHARS) + this.rng.pick(GIVEN_CHARS);
    return surname + given;
  }

  private mongolianCandidate(): string {
    const name = this.rng.pick(MONGOLIAN_NAMES);
    // Once the bare names run out, a clan-style surname keeps them distinct.
    return this.used.has(name) ? this.rng.pick(["包", "白", "鲍", "韩", "那"]) + name : name;
  }
}
