/**
 * `node --import tsx sign-in-limiter-worker.ts FILE COUNT KEY…` records COUNT
 * failures for the keys (each `{i}` replaced by the attempt number) in the
 * counter file, as another server process would, and prints how long `login:admin` waits.
 */
import { FileState } from "../../lib/auth/shared-state";
import { SignInLimiter, type FailureCounters } from "../../lib/auth/sign-in-limiter";

const [file, count, ...keys] = process.argv.slice(2);
if (!file || !count) throw new Error("usage: FILE COUNT KEY…");
const limiter = new SignInLimiter(new FileState<FailureCounters>(file, () => ({})), { maxFailures: 5, windowMs: 900_000 });
async function main(n: number) {
  for (let i = 0; i < n; i++) await limiter.recordFailure(keys.map((k) => k.replace("{i}", String(i))));
  console.log(await limiter.retryAfterMs(["login:admin"]));
}
void main(Number(count));
