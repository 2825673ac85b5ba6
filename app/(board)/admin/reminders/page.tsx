import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { requirePageAccess } from "@/lib/auth/access";
import { localTimeText } from "@/lib/clock";
import { loadDataset, timeZoneOf } from "@/lib/data/dataset";
import { reminderAdminView } from "@/lib/data/reminders";
import { CHANNEL_TYPE_LABELS } from "@/lib/reminders/channels";
import { noticeText } from "@/lib/i18n";
import { currentMessages } from "@/app/_lib/locale";
import { PlainTable } from "@/app/_components/plain-table";
import { ChannelForm, RemoveChannelButton, TestChannelButton } from "./channel-forms";
import { CardSection } from "@/app/_components/card-section";

export const metadata: Metadata = { title: "提醒与催办" };

const td = "px-3 py-2 align-top";

/** /admin/reminders: channels (masked), a test per channel, the next run's messages, recent notices. */
export default async function RemindersPage() {
  const viewer = await requirePageAccess("admin", "/admin/reminders");
  const { t } = await currentMessages();
  const r = t.admin.reminders;
  const h = await headers();
  const view = await reminderAdminView(viewer, `${h.get("x-forwarded-proto") ?? "http"}://${h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000"}`);
  if (!view) return null; // requirePageAccess already refused anyone but an admin
  const timeZone = timeZoneOf(await loadDataset());
  const readOnly = view.source === "env";

  return (
    <div className="mx-auto max-w-6xl space-y-5">
      <Link href="/admin" className="text-sm text-blue-700 hover:underline">
        ← {t.nav.admin}
      </Link>
      <header>
        <h1 className="text-2xl font-bold">{r.title}</h1>
        <p className="mt-1 text-sm text-slate-600">{r.intro}</p>
      </header>
      {!view.ledgerUsable && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {r.noLedger}
        </p>
      )}

      <CardSection bodyClassName="space-y-3 p-4" title={r.channels} id="reminder-channels">
        <p className="text-sm text-slate-600">{readOnly ? r.envReadOnly : r.fileNote}</p>
        {view.channelsError && (
          <p role="alert" className="text-sm text-red-700">
            {noticeText(t, view.channelsError)}
          </p>
        )}
        <PlainTable
          rows={view.channels.length}
          empty={r.noChannels}
          minWidth="min-w-[44rem]"
          testId="reminder-channels"
          headers={[r.name, r.type, r.target, r.signing, null]}
        >
          {view.channels.map((c) => (
            <tr key={c.name} className="border-t border-slate-100" data-testid="reminder-channel">
              <td className={`${td} font-medium`}>
                {c.name}
                {c.digest && <span className="ml-2 rounded bg-blue-50 px-1.5 py-0.5 text-xs text-blue-800">{r.digest}</span>}
              </td>
              <td className={td}>{c.typeLabel}</td>
              <td className={`${td} max-w-xs break-all font-mono text-xs`}>{c.target}</td>
              <td className={td}>{c.type === "dingtalk" || c.type === "feishu" ? (c.signed ? r.signed : r.unsigned) : "—"}</td>
              <td className={`${td} space-y-2`}>
                <TestChannelButton name={c.name} label={r.sendTest} pendingLabel={r.testing} />
                {!readOnly && <RemoveChannelButton name={c.name} label={r.remove} />}
              </td>
            </tr>
          ))}
        </PlainTable>
        {!readOnly && (
          <details className="rounded-md border border-slate-200 p-3">
            <summary className="cursor-pointer text-sm font-medium">{r.add}</summary>
            <div className="mt-3">
              <ChannelForm
                labels={{
                  add: r.add,
                  name: r.name,
                  type: r.type,
                  url: r.url,
                  secret: r.secret,
                  to: r.to,
                  digest: r.digest,
                  save: r.save,
                  types: CHANNEL_TYPE_LABELS,
                }}
              />
            </div>
          </details>
        )}
      </CardSection>

      <CardSection bodyClassName="space-y-3 p-4" title={r.preview} id="reminder-preview">
        <p className="text-sm text-slate-600">{r.previewIntro(view.today, view.alreadySent)}</p>
        {view.problems.length > 0 && (
          <div className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" data-testid="reminder-problems">
            <p className="font-medium">{r.problems}</p>
            <ul className="mt-1 list-disc pl-5">
              {view.problems.map((p) => {
                const text = noticeText(t, p);
                return <li key={text}>{text}</li>;
              })}
            </ul>
          </div>
        )}
        {view.preview.length === 0 ? (
          <p className="text-sm text-slate-600">{r.previewEmpty}</p>
        ) : (
          <ul className="space-y-2" data-testid="reminder-preview">
            {view.preview.map((n) => (
              <li key={`${n.channelName}|${n.unit}`} className="rounded-md border border-slate-200" data-testid="reminder-preview-item">
                <details>
                  <summary className="cursor-pointer px-3 py-2 text-sm">
                    <span className="font-medium">{n.unit}</span> → {n.channelName}（{n.typeLabel}）· {r.parts(n.parts.length)}
                  </summary>
                  {n.parts.map((part, i) => (
                    <pre key={i} className="overflow-x-auto whitespace-pre-wrap break-words border-t border-slate-100 bg-slate-50 px-3 py-2 text-xs">
                      {part}
                    </pre>
                  ))}
                </details>
              </li>
            ))}
          </ul>
        )}
      </CardSection>

      <CardSection bodyClassName="space-y-3 p-4" title={r.runs} id="reminder-runs">
        <PlainTable
          rows={view.runs.length}
          empty={r.noRuns}
          minWidth="min-w-[48rem]"
          testId="reminder-runs"
          headers={[r.time, r.channel, r.unit, r.kind, r.tasks, r.result]}
        >
          {view.runs.map((row) => {
            const failed = (row.result ?? "").startsWith("失败");
            return (
              <tr key={row._row} className={`border-t border-slate-100 ${failed ? "bg-red-50" : ""}`} data-testid="reminder-run">
                <td className={`${td} whitespace-nowrap tabular-nums`}>{localTimeText(row.at, timeZone)}</td>
                <td className={td}>{row.channel}</td>
                <td className={td}>{row.unit}</td>
                <td className={td}>{row.kind}</td>
                <td className={`${td} max-w-xs break-words font-mono text-xs`}>{row.taskId}</td>
                <td className={`${td} ${failed ? "text-red-800" : ""}`}>{(row.result ?? "").replace(/ #\S+?(：|$)/u, "$1")}</td>
              </tr>
            );
          })}
        </PlainTable>
      </CardSection>
    </div>
  );
}
