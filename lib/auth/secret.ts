/**
 * The secret that signs session cookies (and, derived from it, meeting-screen
 * links). Production must set NEXTAUTH_SECRET; the local demo, development and
 * the tests keep a generated one in a git-ignored file beside the accounts file,
 * so `npm run demo` needs no configuration.
 */
import { createHmac, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "../env";
import { isServerless } from "../state/serverless";

/** `data/.secret` when ACCOUNTS_FILE is `data/accounts.json`. */
export function localSecretFile(accountsFile = env().ACCOUNTS_FILE): string {
  return path.join(path.dirname(path.resolve(/*turbopackIgnore: true*/ accountsFile)), ".secret");
}

/** The local secret, if one was generated. */
export function readLocalSecret(file = localSecretFile()): string | undefined {
  try {
    const value = readFileSync(/*turbopackIgnore: true*/ file, "utf8").trim();
    return value.length >= 32 ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The local secret, generated on first use (only the owner may read it). */
export function ensureLocalSecret(file = localSecretFile()): string {
  const existing = readLocalSecret(file);
  if (existing) return existing;
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  // "wx": two processes starting together must not each write their own.
  try {
    writeFileSync(/*turbopackIgnore: true*/ file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  const written = readLocalSecret(file);
  if (!written) throw new Error(`无法读取密钥文件：${file}`);
  return written;
}

export class MissingSecretError extends Error {
  constructor() {
    super(
      "生产环境必须设置 NEXTAUTH_SECRET（至少 32 个字符，例如 `openssl rand -base64 32` 的输出）。" +
        "本地演示请用 `npm run demo`，它会自动生成并保存在 data/.secret。",
    );
    this.name = "MissingSecretError";
  }
}

/** The session secret: NEXTAUTH_SECRET, else (outside production) the local file. */
export function authSecret(): string {
  const configured = env().NEXTAUTH_SECRET;
  if (configured) return configured;
  // A serverless instance may not write the file, and each would generate its own.
  if (env().NODE_ENV === "production" || isServerless()) throw new MissingSecretError();
  return ensureLocalSecret();
}

/**
 * The key that signs meeting-screen links: SCREEN_LINK_SECRET, else derived
 * from the session secret so the two are never the same key.
 */
export function screenLinkKey(sessionSecret?: string): Buffer {
  const base = env().SCREEN_LINK_SECRET ?? sessionSecret ?? authSecret();
  return createHmac("sha256", base).update("dutyboard/screen-link/v1").digest();
}
