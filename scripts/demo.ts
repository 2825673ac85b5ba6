/**
 * `npm run demo`: the dashboard on the local workbook with the demo data.
 * Creates the workbook if absent (never overwrites one), builds, starts and
 * prints where to look.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { env } from "../lib/env";
import { seedWorkbook } from "../seeds/seed";

const PORT = process.env.PORT ?? "3000";

async function main() {
  const file = path.resolve(env().DATA_FILE);
  if (existsSync(file)) {
    console.log(`使用已有工作簿：${file}`);
  } else {
    await seedWorkbook({ file });
  }

  console.log("正在构建看板（约一分钟）…");
  const build = spawnSync(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "build"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);

  const server = spawn(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "start", "-p", PORT], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  server.stdout.on("data", (chunk: Buffer) => {
    const text = chunk.toString();
    process.stdout.write(text);
    if (/Ready|started server/iu.test(text)) {
      console.log(`\n党建责任落实看板已启动：http://localhost:${PORT}`);
      console.log(`数据文件：${file}（可用 WPS / Excel / LibreOffice 编辑，保存后刷新页面即可看到）`);
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
