/**
 * Runs once when a server starts. A variable set to "" counts as unset for the
 * libraries that read the environment themselves too (next-auth reads
 * NEXTAUTH_URL), and a bad value is reported here, once, in Chinese and
 * English — the server does not start rather than answer 500 to every request.
 * Every incoming request is then stamped with its socket address (see
 * lib/auth/socket-address.ts), which sign-in throttling trusts.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env, EnvError, envValue } = await import("./lib/env");
  for (const name of Object.keys(process.env)) {
    if (envValue(name) === undefined) delete process.env[name];
  }
  // The one validation: env() parses the environment here and keeps the result for every later caller.
  try {
    env();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  // Refused at start, not at the first sign-in: a generated secret would differ per instance and restart.
  const { MissingSecretError } = await import("./lib/auth/secret");
  const { isServerless } = await import("./lib/state/serverless");
  if (!env().NEXTAUTH_SECRET && (env().NODE_ENV === "production" || isServerless())) {
    console.error(new MissingSecretError().message);
    process.exit(1);
  }
  // Each serverless instance has only its own /tmp: without Redis a revoked meeting-screen link or a
  // sign-in lockout would hold on one instance and not the next.
  if (isServerless() && !env().REDIS_URL) {
    console.error(
      "无服务器部署（VERCEL 或 DUTYBOARD_READONLY=1）必须设置 REDIS_URL：会议大屏链接的撤销、登录失败计数和已退出的会话要在所有实例间共享。" +
        "\nServerless deployments (VERCEL or DUTYBOARD_READONLY=1) need REDIS_URL: screen-link revocations, sign-in lockouts and signed-out sessions must be shared by every instance.",
    );
    process.exit(1);
  }
  const { stampSocketAddresses } = await import("./lib/auth/socket-address");
  stampSocketAddresses();
}
