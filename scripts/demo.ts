/**
 * `npm run demo`, after scripts/demo.mjs has installed what was missing: the
 * dashboard on the local workbook with the demo data. Checks the environment,
 * creates the workbook if absent (never overwrites one), builds when the
 * sources changed since the last build, starts and prints where to look.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { env, envValue, EnvError } from "../lib/env";
import { listLocalAccounts } from "../lib/auth/accounts";
import { DEMO_LOGINS, demoLoginsLine } from "../lib/auth/demo-accounts";
import { ensureLocalSecret, localSecretFile, readLocalSecret } from "../lib/auth/secret";
import { seedWorkbook } from "../seeds/seed";
import { ensureBuilt, isNoise } from "./demo-steps.mjs";

const PORT = envValue("PORT") ?? "3000";
// npm runs scripts from the project root, and scripts/demo.mjs starts this one there.
const root = process.cwd();

async function main() {
  const e = env();
  const file = path.resolve(e.DATA_FILE);
  if (existsSync(file)) {
    console.log(`使用已有工作簿：${file}`);
  } else {
    await seedWorkbook({ file, demoAccounts: true });
  }
  const local = new Set((await listLocalAccounts()).filter((a) => !a.disabled).map((a) => a.login));
  const demoAccounts = DEMO_LOGINS.every((d) => local.has(d.login));
  // Zero configuration: a generated session secret kept in a git-ignored file.
  const generated = !e.NEXTAUTH_SECRET && !readLocalSecret();
  const secret = e.NEXTAUTH_SECRET ?? ensureLocalSecret();
  if (generated) console.log(`已生成会话密钥：${localSecretFile()}（未设置 NEXTAUTH_SECRET；正式部署请设置 NEXTAUTH_SECRET）`);

  await ensureBuilt({ root, force: process.argv.includes("--rebuild") });

  const server = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", PORT], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
    // DUTYBOARD_DEMO: this server may name the demo logins on its sign-in page (lib/auth/demo-accounts.ts).
    env: { ...process.env, NEXTAUTH_SECRET: secret, NEXTAUTH_URL: e.NEXTAUTH_URL ?? `http://localhost:${PORT}`, DUTYBOARD_DEMO: "1" },
  });
  server.stdout.on("data", (chunk: Buffer) => {
    const text = chunk
      .toString()
      .split("\n")
      .filter((line) => !isNoise(line))
      .join("\n");
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
  // A bad environment variable: its name and what it expects, without a stack trace.
  console.error(e instanceof EnvError || e instanceof Error ? e.message : e);
  process.exit(1);
});
