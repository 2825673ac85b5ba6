import path from "node:path";
import { STALE_OFFICE_LOCK_HOURS, listBackups, officeLockStatus } from "@/lib/data/workbook-admin";
import { lastKnownTimeZone } from "@/lib/data/dataset";
import { env } from "@/lib/env";
import { formatDateTime, type Locale } from "@/lib/i18n";
import type { Messages } from "@/lib/i18n/zh";
import { ClearOfficeLockForm, RestoreBackupForm } from "./workbook-file-forms";
import { CardSection } from "@/app/_components/card-section";

function ageText(locale: Locale, ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (locale === "en") return h > 0 ? `${h} h ${m} min` : `${m} min`;
  return h > 0 ? `${h} 小时 ${m} 分钟` : `${m} 分钟`;
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The local workbook as a file: the office lock beside it (holder, since when,
 * and for a stale one the warning and the clear form) and the backups to
 * restore. Needs no readable workbook: shown on /admin when it is broken too.
 */
export async function WorkbookFilesSection({ locale, t }: { locale: Locale; t: Messages }) {
  const e = env();
  if (e.SHEETS_BACKEND !== "xlsx") return null;
  const w = t.admin.workbookFiles;
  const file = path.resolve(/*turbopackIgnore: true*/ e.DATA_FILE);
  const zone = lastKnownTimeZone();
  const lock = officeLockStatus(file);
  const backups = await listBackups(file);
  return (
    <CardSection id="admin-workbook-files" title={w.title} bodyClassName="space-y-5 p-4">
      <p className="text-sm text-slate-600">{w.intro(path.basename(file))}</p>
      <div>
        <h3 className="font-medium">{w.lockTitle}</h3>
        {!lock ? (
          <p className="mt-1 text-sm text-slate-600" data-testid="office-lock-none">
            {w.noLock}
          </p>
        ) : (
          <div
            className={`mt-2 rounded-md border p-3 text-sm ${lock.stale ? "border-amber-300 bg-amber-50" : "border-slate-200"}`}
            data-testid="office-lock"
            data-stale={lock.stale}
          >
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
              <dt className="text-slate-500">{w.lockFile}</dt>
              <dd className="font-mono text-xs" data-testid="office-lock-name">
                {lock.name}
              </dd>
              <dt className="text-slate-500">{w.holder}</dt>
              <dd data-testid="office-lock-holder">{lock.holder ?? w.unknownHolder}</dd>
              <dt className="text-slate-500">{w.since}</dt>
              <dd data-testid="office-lock-since">{formatDateTime(locale, new Date(lock.mtimeMs).toISOString(), zone)}</dd>
              <dt className="text-slate-500">{w.age}</dt>
              <dd data-testid="office-lock-age">{ageText(locale, lock.ageMs)}</dd>
            </dl>
            <p className="mt-2 text-slate-600">{w.lockBlocks}</p>
            {lock.stale ? (
              <>
                <p className="mt-2 font-medium text-amber-900" role="alert" data-testid="office-lock-stale">
                  {w.staleWarning(STALE_OFFICE_LOCK_HOURS)}
                </p>
                <ClearOfficeLockForm name={lock.name} mtimeMs={lock.mtimeMs} labels={{ confirm: w.confirm, clear: w.clear, clearing: w.clearing }} />
              </>
            ) : (
              <p className="mt-2 text-slate-700" data-testid="office-lock-fresh">
                {w.freshNote(STALE_OFFICE_LOCK_HOURS)}
              </p>
            )}
          </div>
        )}
      </div>
      <div>
        <h3 className="font-medium">{w.backupsTitle}</h3>
        <p className="mt-1 text-sm text-slate-600">{w.backupsIntro}</p>
        {backups.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600" data-testid="backups-none">
            {w.noBackups}
          </p>
        ) : (
          <div className="mt-3">
            <RestoreBackupForm
              backups={backups.map((b) => ({ name: b.name, time: formatDateTime(locale, new Date(b.mtimeMs).toISOString(), zone), size: sizeText(b.size) }))}
              labels={{
                backupName: w.backupName,
                backupTime: w.backupTime,
                backupSize: w.backupSize,
                restoreConfirm: w.restoreConfirm,
                restore: w.restore,
                restoring: w.restoring,
              }}
            />
            <p className="mt-2 text-xs text-slate-500">{w.restoreJournalNote}</p>
          </div>
        )}
      </div>
    </CardSection>
  );
}
