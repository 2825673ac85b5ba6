/**
 * Local accounts: password hashes in a server-side JSON file (ACCOUNTS_FILE),
 * or, on hosts without a writable disk, the same JSON in ACCOUNTS_JSON (read
 * only) — never in the shared spreadsheet. Roles are not here — they live in 用户.
 */
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { env } from "../env";
import { withFileLock } from "../sheets";
import { deceptiveCharacter, normalizeLogin } from "./normalize";
import { hashPassword, passwordProblem, verifyAgainstDecoy, verifyPassword } from "./passwords";

export { normalizeLogin };

const accountSchema = z.object({
  hash: z.string().min(1),
  disabled: z.boolean().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const fileSchema = z.object({
  version: z.literal(1),
  accounts: z.record(z.string(), accountSchema),
});

type AccountsFile = z.infer<typeof fileSchema>;

/** Why an account change was refused: the code and its parameters for the web (lib/i18n `notices`), the message for the command line. */
export type AccountErrorCode =
  | "account.empty"
  | "account.hidden"
  | "account.bad"
  | "account.exists"
  | "account.unknown"
  | "account.read-only"
  | "account.bad-password";

export class AccountError extends Error {
  constructor(
    message: string,
    readonly code: AccountErrorCode,
    readonly params: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = "AccountError";
  }
}

const cache = new Map<string, { mtimeMs: number; size: number; data: AccountsFile }>();

export function accountsFile(): string {
  return path.resolve(/*turbopackIgnore: true*/ env().ACCOUNTS_FILE);
}

const fromEnv: { text?: string; data?: AccountsFile } = {};

/**
 * Whether local accounts come from ACCOUNTS_JSON (serverless hosts, where no
 * file can be written): then they cannot be added or changed from the app;
 * Google or OIDC sign-in is the way to add users there.
 */
export function accountsAreReadOnly(): boolean {
  return env().ACCOUNTS_JSON !== undefined;
}

/** ACCOUNTS_JSON parsed and checked, once per value. */
function accountsFromEnv(text: string): AccountsFile {
  if (fromEnv.text === text && fromEnv.data) return fromEnv.data;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error("环境变量 ACCOUNTS_JSON 不是有效的 JSON（请用 `npm run accounts -- export` 生成）");
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw new Error("环境变量 ACCOUNTS_JSON 格式不正确（请用 `npm run accounts -- export` 生成）");
  fromEnv.text = text;
  fromEnv.data = parsed.data;
  return parsed.data;
}

/** ACCOUNTS_JSON when set and `file` is the configured accounts file; otherwise the file. */
async function load(file: string): Promise<AccountsFile> {
  const text = env().ACCOUNTS_JSON;
  if (text !== undefined && file === accountsFile()) return accountsFromEnv(text);
  return loadFile(file);
}

/** The file as stored; re-read only when it changed on disk (the CLI may edit it while the server runs). */
async function loadFile(file: string): Promise<AccountsFile> {
  let info;
  try {
    info = await stat(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, accounts: {} };
    throw e;
  }
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === info.mtimeMs && hit.size === info.size) return hit.data;
  const parsed = fileSchema.safeParse(JSON.parse(await readFile(file, "utf8")));
  if (!parsed.success) throw new Error(`账号文件格式不正确：${file}`);
  cache.set(file, { mtimeMs: info.mtimeMs, size: info.size, data: parsed.data });
  return parsed.data;
}

/** The accounts file as one line of JSON: the value of ACCOUNTS_JSON for a host without a writable disk. */
export async function exportAccountsJson(file = accountsFile()): Promise<string> {
  return JSON.stringify(await loadFile(file));
}

async function save(file: string, data: AccountsFile) {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, file);
  cache.delete(file);
}

async function update(file: string, change: (data: AccountsFile) => void) {
  if (accountsAreReadOnly() && file === accountsFile()) {
    throw new AccountError(
      "本地账号来自环境变量 ACCOUNTS_JSON，不能在这里修改：请在本机用 `npm run accounts` 修改账号文件后，用 `npm run accounts -- export` 的输出更新 ACCOUNTS_JSON；新用户也可以用 Google 或统一身份认证登录",
      "account.read-only",
    );
  }
  await mkdir(path.dirname(file), { recursive: true });
  await withFileLock(file, async () => {
    const data = structuredClone(await load(file));
    change(data);
    await save(file, data);
  });
}

/** Logins with a local account and whether each is enabled — never the hashes. */
export async function listLocalAccounts(file = accountsFile()): Promise<{ login: string; disabled: boolean }[]> {
  const data = await load(file);
  return Object.entries(data.accounts)
    .map(([login, a]) => ({ login, disabled: a.disabled === true }))
    .sort((a, b) => a.login.localeCompare(b.login));
}

/** Whether any enabled local account exists: the sign-in page shows the password form only then. */
export async function hasEnabledLocalAccounts(file = accountsFile()): Promise<boolean> {
  return (await listLocalAccounts(file)).some((a) => !a.disabled);
}

/** The login when the password is right and the account enabled; undefined otherwise. */
export async function verifyLocalLogin(login: string, password: string, file = accountsFile()): Promise<string | undefined> {
  const key = normalizeLogin(login);
  const account = key ? (await load(file)).accounts[key] : undefined;
  if (!account || account.disabled) {
    await verifyAgainstDecoy(password);
    return undefined;
  }
  return (await verifyPassword(password, account.hash)) ? key : undefined;
}

function checkLogin(login: string): string {
  const key = normalizeLogin(login);
  if (!key) throw new AccountError("账号不能为空", "account.empty");
  const hidden = deceptiveCharacter(key);
  if (hidden) throw new AccountError(`账号含有看不见的字符或文字方向控制符（${hidden}），请删除后重新输入`, "account.hidden", { char: hidden });
  if (key.length > 200 || /[\s"'<>\p{Cc}\p{Cs}\uFFFE\uFFFF]/u.test(key)) throw new AccountError(`账号格式不正确：${login}`, "account.bad", { login });
  return key;
}

function checkPassword(password: string) {
  const problem = passwordProblem(password);
  if (problem) throw new AccountError(problem, "account.bad-password");
}

export interface AccountWriteOptions {
  file?: string;
  now?: Date;
  /** Hash parameters (tests use cheap ones). */
  hashParams?: { N: number; r: number; p: number };
}

export async function addLocalAccount(login: string, password: string, opts: AccountWriteOptions = {}): Promise<void> {
  const key = checkLogin(login);
  checkPassword(password);
  const hash = await hashPassword(password, opts.hashParams);
  const at = (opts.now ?? new Date()).toISOString();
  await update(opts.file ?? accountsFile(), (data) => {
    if (data.accounts[key]) throw new AccountError(`账号已存在：${key}（修改密码请用 passwd）`, "account.exists", { login: key });
    data.accounts[key] = { hash, createdAt: at, updatedAt: at };
  });
}

/** Sets a new password; also re-enables a disabled account. */
export async function setLocalPassword(login: string, password: string, opts: AccountWriteOptions = {}): Promise<void> {
  const key = checkLogin(login);
  checkPassword(password);
  const hash = await hashPassword(password, opts.hashParams);
  const at = (opts.now ?? new Date()).toISOString();
  await update(opts.file ?? accountsFile(), (data) => {
    const account = data.accounts[key];
    if (!account) throw new AccountError(`没有这个账号：${key}（新建请用 add）`, "account.unknown", { login: key });
    data.accounts[key] = { hash, createdAt: account.createdAt, updatedAt: at };
  });
}

export async function setLocalAccountDisabled(login: string, disabled: boolean, opts: AccountWriteOptions = {}): Promise<void> {
  const key = checkLogin(login);
  const at = (opts.now ?? new Date()).toISOString();
  await update(opts.file ?? accountsFile(), (data) => {
    const account = data.accounts[key];
    if (!account) throw new AccountError(`没有这个账号：${key}`, "account.unknown", { login: key });
    data.accounts[key] = { ...account, disabled, updatedAt: at };
  });
}

/** Creates or resets accounts in one write (the demo accounts). */
export async function upsertLocalAccounts(entries: { login: string; password: string }[], opts: AccountWriteOptions = {}): Promise<void> {
  const at = (opts.now ?? new Date()).toISOString();
  const hashed = await Promise.all(
    entries.map(async (e) => {
      const key = checkLogin(e.login);
      checkPassword(e.password);
      return { key, hash: await hashPassword(e.password, opts.hashParams) };
    }),
  );
  await update(opts.file ?? accountsFile(), (data) => {
    for (const { key, hash } of hashed) data.accounts[key] = { hash, createdAt: data.accounts[key]?.createdAt ?? at, updatedAt: at };
  });
}
