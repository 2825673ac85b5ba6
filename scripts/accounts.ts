import {
  AccountError,
  accountsFile,
  addLocalAccount,
  exportAccountsJson,
  listLocalAccounts,
  normalizeLogin,
  setLocalAccountDisabled,
  setLocalPassword,
} from "../lib/auth/accounts";
import { passwordProblem } from "../lib/auth/passwords";

const USAGE = `用法：
  npm run accounts -- add 账号        新建本地账号（随后输入密码）
  npm run accounts -- passwd 账号     修改密码（也会重新启用该账号）
  npm run accounts -- disable 账号    停用（不能再用密码登录）
  npm run accounts -- enable 账号     重新启用
  npm run accounts -- list            列出本地账号（不显示密码）
  npm run accounts -- export          输出账号文件的一行 JSON，作为无本地磁盘部署（Vercel）的 ACCOUNTS_JSON
密码从标准输入读取（非终端时读第一行）；在终端中会提示输入且不回显。
角色不在这里设置：请在表格「用户」中添加该账号并选择角色。`;

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return (Buffer.concat(chunks).toString("utf8").split(/\r?\n/u)[0] ?? "").trimEnd();
}

/** Reads one line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stdout.write(question);
    let value = "";
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding("utf8");
    const done = (result: string | Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener("data", onData);
      process.stdout.write("\n");
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n") return done(value);
        if (ch === "\u0003") return done(new Error("已取消"));
        if (ch === "\u007f" || ch === "\b") value = value.slice(0, -1);
        else if (ch >= " ") value += ch;
      }
    };
    stdin.on("data", onData);
  });
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) return readStdinLine();
  for (;;) {
    const first = await promptHidden("新密码：");
    const problem = passwordProblem(first);
    if (problem) {
      console.error(problem);
      continue;
    }
    const second = await promptHidden("再输入一次：");
    if (first === second) return first;
    console.error("两次输入的密码不一致，请重新输入。");
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, login, ...rest] = argv;
  if (!command || command === "-h" || command === "--help") {
    console.log(USAGE);
    return command ? 0 : 1;
  }
  if (command === "list") {
    const accounts = await listLocalAccounts();
    if (accounts.length === 0) console.log(`（${accountsFile()} 中还没有本地账号）`);
    for (const a of accounts) console.log(`${a.login}${a.disabled ? "（已停用）" : ""}`);
    return 0;
  }
  if (command === "export" && !login) {
    // Password hashes only, never passwords; still a secret: paste it into the host's encrypted variables.
    process.stdout.write(`${await exportAccountsJson()}\n`);
    return 0;
  }
  if (!login || rest.length > 0 || !["add", "passwd", "disable", "enable"].includes(command)) {
    console.error(USAGE);
    return 1;
  }
  switch (command) {
    case "add":
      await addLocalAccount(login, await readPassword());
      console.log(`已新建本地账号：${normalizeLogin(login)}（${accountsFile()}）\n请确认表格「用户」中有这个账号并设置了角色，否则登录后会显示“未获授权”。`);
      return 0;
    case "passwd":
      await setLocalPassword(login, await readPassword());
      console.log(`已修改密码：${login}`);
      return 0;
    case "disable":
      await setLocalAccountDisabled(login, true);
      console.log(`已停用：${login}。已登录的会话请在「用户」表中把“启用”改为“否”立即收回。`);
      return 0;
    default:
      await setLocalAccountDisabled(login, false);
      console.log(`已启用：${login}`);
      return 0;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof AccountError ? e.message : `操作失败：${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
