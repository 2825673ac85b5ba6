/**
 * `npm run screen-link -- --days N [--note 会议室] [--base-url URL]`
 * `npm run screen-link -- --list` · `npm run screen-link -- --revoke ID`
 *
 * Creates a signed, expiring, revocable link that opens the read-only meeting
 * screen with no sign-in, and prints it. Needs the same secret as the server:
 * NEXTAUTH_SECRET (or SCREEN_LINK_SECRET), or the demo's data/.secret.
 */
import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { createScreenLink, listScreenLinks, MAX_SCREEN_LINK_DAYS, revokeScreenLink, screenLinkStatus, screenUrl } from "../lib/auth/screen-links";
import { localSecretFile, readLocalSecret, screenLinkKey } from "../lib/auth/secret";
import { env } from "../lib/env";

const USAGE = `用法：
  npm run screen-link -- --days 天数 [--note 备注] [--base-url http://看板地址]
  npm run screen-link -- --list
  npm run screen-link -- --revoke 编号`;

const STATUS = { active: "有效", expired: "已过期", revoked: "已撤销" } as const;

/** The server's key, never a new one: a link signed with another secret would not open. */
function key(): Buffer {
  const e = env();
  if (e.SCREEN_LINK_SECRET || e.NEXTAUTH_SECRET) return screenLinkKey(e.NEXTAUTH_SECRET);
  const local = readLocalSecret();
  if (!local) throw new Error(`未设置 NEXTAUTH_SECRET，也没有 ${localSecretFile()}。请用与服务器相同的 NEXTAUTH_SECRET 运行此命令。`);
  return screenLinkKey(local);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      days: { type: "string" },
      note: { type: "string", default: "" },
      "base-url": { type: "string" },
      list: { type: "boolean", default: false },
      revoke: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.list) {
    const links = await listScreenLinks();
    if (links.length === 0) console.log("还没有会议大屏链接。");
    for (const l of links) console.log(`${l.id}  ${STATUS[screenLinkStatus(l)]}  到期 ${l.expiresAt}  ${l.note}`);
    return 0;
  }
  if (values.revoke) {
    const done = await revokeScreenLink(values.revoke);
    console.log(done ? `已撤销：${values.revoke}` : `没有这个链接，或它已被撤销：${values.revoke}`);
    return done ? 0 : 1;
  }
  const days = Number(values.days);
  if (!values.days || !Number.isInteger(days) || days < 1 || days > MAX_SCREEN_LINK_DAYS) {
    console.error(`--days 应为 1 到 ${MAX_SCREEN_LINK_DAYS} 之间的整数\n${USAGE}`);
    return 1;
  }
  const { link, token } = await createScreenLink({ days, note: values.note, createdBy: `命令行（${userInfo().username}）` }, { key: key() });
  const base = values["base-url"] ?? env().NEXTAUTH_URL ?? "http://localhost:3000";
  console.log(screenUrl(base, token));
  console.error(`编号 ${link.id}，有效至 ${link.expiresAt}。撤销：npm run screen-link -- --revoke ${link.id}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  },
);
