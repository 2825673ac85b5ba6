/**
 * `npm run demo`: the dashboard on the local workbook with the demo data.
 * Creates the workbook if absent (never overwrites one), builds, starts and
 * prints where to look.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { env } from "../lib/env";
import { listLocalAccounts } from "../lib/auth/accounts";
import { DEMO_LOGINS, demoLoginsLine } from "../lib/auth/demo-accounts";
import { ensureLocalSecret, localSecretFile } from "../lib/auth/secret";
import { seedWorkbook } from "../seeds/seed";

const PORT = process.env.PORT ?? "3000";

async function main() {
  const file = path.resolve(env().DATA_FILE);
  if (existsSync(file)) {
    console.log(`使用已有工作簿：${file}`);
  } else {
    await seedWorkbook({ file, demoAccounts: true });
  }
  const local = new Set((await listLocalAccounts()).filter((a) => !a.disabled).map((a) => a.login));
  const demoAccounts = DEMO_LOGINS.every((d) => local.has(d.login));
  // Zero configuration: a generated session secret kept in a git-ignored file.
  const secret = env().NEXTAUTH_SECRET ?? ensureLocalSecret();
  if (!env().NEXTAUTH_SECRET) console.log(`会话密钥：${localSecretFile()}（未设置 NEXTAUTH_SECRET，已自动生成；正式部署请设置 NEXTAUTH_SECRET）`);

  console.log("正在构建看板（约一分钟）…");
  const build = spawnSync(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "build"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);

  const server = spawn(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "start", "-p", PORT], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, NEXTAUTH_SECRET: secret, NEXTAUTH_URL: env().NEXTAUTH_URL ?? `http://localhost:${PORT}` },
  });
  server.stdout.on("data", (chunk: Buffer) => {
    const text = chunk.toString();
    process.stdout.write(text);
    if (/Ready|started server/iu.test(text)) {
      console.log(`\n党建责任落实看板已启动：http://localhost:${PORT}`);
      console.log(`数据文件：${file}（可用 WPS / Excel / LibreOffice 编辑，保存后刷新页面即可看到）`);
      if (demoAccounts) console.log(demoLoginsLine());
      console.log("按 Ctrl+C 停止。\n");
    }
  });
  const stop = () => server.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  server.on("exit", (code) => process.exit(code ?? 0));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
