import type { CadreTier } from "../lib/schema/tabs";
import { BANNER_LEADERS, GRASSROOTS_KINDS, PLACE_NAMES, UNITS, placeSuffix, type LeaderRole } from "./catalog";
import { NameMaker } from "./names";
import { Random } from "./random";

export interface Cadre {
  name: string;
  tier: CadreTier;
  unit: string;
  /** The cadre's post, for summaries and people's titles. */
  post: string;
  /** 联系点: the villages, gacha or communities the cadre is responsible for visiting. */
  contactPoints: string[];
}

/** Everyone the sample data names, invented once and the same for every year. */
export interface People {
  leaders: Record<LeaderRole, string>;
  /** 书记 of each unit. */
  secretaryOf: Map<string, string>;
  /** 联系人 (liaison officer) of each unit. */
  contactOf: Map<string, string>;
  /** 镇长 / 乡长 / 苏木达 / 街道办主任 of each grassroots unit. */
  headOf: Map<string, string>;
  /** Village-level party secretaries per grassroots unit. */
  villageSecretariesOf: Map<string, Cadre[]>;
  /** The stable pool of cadres who visit contact points. */
  cadres: Cadre[];
  /** Contact points of each grassroots unit. */
  placesOf: Map<string, string[]>;
  /** Organisation-department staff: inspectors and the administrator. */
  orgStaff: string[];
  /** Further invented names for people the ledgers mention only once. */
  spareNames: string[];
}

/** Contacts fixed by name so the demo shows Mongolian names in the 用户 tab. */
const FIXED_CONTACTS: Record<string, string> = { 达日罕乌拉苏木: "巴图", 应昌街道: "乌日娜" };

const HEAD_TITLE: Record<string, string> = { 镇: "镇长", 乡: "乡长", 苏木: "苏木达", 街道: "街道办事处主任" };

const STATION_POSTS = ["农牧业综合服务站站长", "派出所所长", "卫生院院长", "林业工作站站长", "综治中心主任", "财政所所长"];

export function buildPeople(): People {
  const rng = new Random("dutyboard:people");
  const names = new NameMaker(rng);
  names.reserve(...Object.values(FIXED_CONTACTS));

  const grassroots = UNITS.filter((u) => GRASSROOTS_KINDS.includes(u.kind));
  const agencies = UNITS.filter((u) => u.kind === "旗直单位");

  const leaders = Object.fromEntries(BANNER_LEADERS.map((l) => [l.role, names.person()])) as Record<LeaderRole, string>;
  const orgStaff = [names.person(), names.person(), names.person(), names.person()];

  const placesOf = new Map<string, string[]>();
  for (const u of grassroots) {
    const suffix = placeSuffix(u.kind);
    const count = u.kind === "街道" ? 4 : rng.int(5, 7);
    placesOf.set(
      u.name,
      rng.sample(PLACE_NAMES[suffix], count).map((p) => `${u.name}${p}${suffix}`),
    );
  }
  const placesIn = (unit: string) => placesOf.get(unit) ?? [];
  const anyPlaces = (count: number) => {
    const unit = rng.pick(grassroots).name;
    return rng.sample(placesIn(unit), count);
  };

  const secretaryOf = new Map<string, string>();
  const headOf = new Map<string, string>();
  const contactOf = new Map<string, string>();
  const villageSecretariesOf = new Map<string, Cadre[]>();
  const cadres: Cadre[] = [];

  for (const { role, unit } of BANNER_LEADERS) {
    cadres.push({ name: leaders[role], tier: "处级", unit, post: role, contactPoints: anyPlaces(rng.int(1, 2)) });
  }

  const departmentHeads: Record<string, string> = {
    旗委办公室: leaders["旗委常委、办公室主任"],
    旗委组织部: leaders["旗委常委、组织部部长"],
    旗委宣传部: leaders["旗委常委、宣传部部长"],
    旗纪委监委: leaders["旗委常委、纪委书记、监委主任"],
    旗委政法委: leaders["旗委常委、政法委书记"],
    旗委统战部: leaders["旗委常委、统战部部长"],
  };

  for (const u of UNITS) {
    const fixedContact = FIXED_CONTACTS[u.name];
    contactOf.set(u.name, u.name === "旗委组织部" ? orgStaff[0]! : (fixedContact ?? names.person()));
    if (GRASSROOTS_KINDS.includes(u.kind)) {
      const secretary = names.person();
      const head = names.person();
      secretaryOf.set(u.name, secretary);
      headOf.set(u.name, head);
      const own = placesIn(u.name);
      cadres.push({ name: secretary, tier: "科级", unit: u.name, post: `${u.name}党（工）委书记`, contactPoints: rng.sample(own, 2) });
      cadres.push({
        name: head,
        tier: "科级",
        unit: u.name,
        post: `${u.name}${HEAD_TITLE[u.kind] ?? "负责人"}`,
        contactPoints: rng.sample(own, rng.int(1, 2)),
      });
    } else {
      const head = departmentHeads[u.name] ?? names.person();
      secretaryOf.set(u.name, head);
      if (u.kind === "旗直单位" || u.name === "旗直属机关工委") {
        cadres.push({ name: head, tier: "科级", unit: u.name, post: `${u.name}党组（党委）书记`, contactPoints: anyPlaces(rng.int(1, 2)) });
      }
    }
  }

  // Station heads, section staff and village cadres complete the five tiers.
  for (const u of rng.sample(grassroots, 6)) {
    const post = `${u.name}${rng.pick(STATION_POSTS)}`;
    cadres.push({ name: names.person(), tier: "站所长", unit: u.name, post, contactPoints: rng.sample(placesIn(u.name), 1) });
  }
  for (const u of rng.sample(agencies, 5)) {
    cadres.push({ name: names.person(), tier: "股级", unit: u.name, post: `${u.name}股长`, contactPoints: anyPlaces(1) });
  }
  for (const u of rng.sample(grassroots, 8)) {
    const place = rng.pick(placesIn(u.name));
    const village = place.slice(u.name.length);
    const cadre: Cadre = { name: names.person(), tier: "嘎查村社区干部", unit: u.name, post: `${village}党支部书记`, contactPoints: [place] };
    cadres.push(cadre);
    villageSecretariesOf.set(u.name, [...(villageSecretariesOf.get(u.name) ?? []), cadre]);
  }

  const spareNames = Array.from({ length: 6 }, () => names.person());

  return { leaders, secretaryOf, contactOf, headOf, villageSecretariesOf, cadres, placesOf, orgStaff, spareNames };
}
