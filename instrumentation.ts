/**
 * Runs once when a server starts. A variable set to "" counts as unset for the
 * libraries that read the environment themselves too (next-auth reads
 * NEXTAUTH_URL), and a bad value is reported here, once, in Chinese and
 * English — the server does not start rather than answer 500 to every request.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { envProblems, envValue, formatEnvProblems } = await import("./lib/env");
  for (const name of Object.keys(process.env)) {
    if (envValue(name) === undefined) delete process.env[name];
  }
  const problems = envProblems();
  if (problems.length > 0) {
    console.error(formatEnvProblems(problems));
    process.exit(1);
  }
}
