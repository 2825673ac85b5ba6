/**
 * `npm run remind`: one reminder run, for a crontab on a server
 * (e.g. `30 8 * * * cd /srv/dutyboard && npm run -s remind`). Sends each lead
 * unit its due-soon, overdue and idle tasks and the organisation department
 * its digest, once a day however often it is run; exits 1 when a channel failed
 * (it is retried on the next run).
 */
import { describeRun, runConfiguredReminders } from "../lib/reminders/configured";

async function main() {
  const report = await runConfiguredReminders();
  console.log(describeRun(report));
  process.exit(report.failed.length > 0 || report.unrecorded ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(`提醒运行失败：${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
