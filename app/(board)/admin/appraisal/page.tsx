import type { Metadata } from "next";
import Link from "next/link";
import { requirePageAccess } from "@/lib/auth/access";
import { sessionTallies } from "@/lib/data/appraisal";
import { loadDataset, today } from "@/lib/data/dataset";
import { formatPercent } from "@/lib/i18n";
import { currentMessages } from "@/app/_lib/locale";
import { CloseSessionButton, OpenSessionForm } from "./forms";

export const metadata: Metadata = { title: "述职评议测评" };

const th = "px-3 py-2 text-left font-medium text-slate-500";
const td = "px-3 py-2";

/** 述职评议 sessions: open one, print its slips, watch the count, close it; results only once closed. */
export default async function AppraisalPage() {
  await requirePageAccess("admin", "/admin/appraisal");
  const { locale, t } = await currentMessages();
  const e = t.evaluation;
  const dataset = await loadDataset();
  const sessions = [...dataset.appraisals].reverse();
  return (
    <div className="mx-auto max-w-6xl space-y-5">
      <header>
        <h1 className="text-2xl font-bold">{e.appraisalTitle}</h1>
        <p className="mt-1 text-sm text-slate-600">{e.appraisalIntro}</p>
      </header>
      <section className="card p-4">
        <h2 className="mb-2 font-semibold">{e.openSession}</h2>
        <OpenSessionForm
          units={dataset.units.map((u) => u.name)}
          today={today()}
          labels={{ date: e.date, name: e.name, ballots: e.ballots, units: e.units, open: e.open, defaultTitle: e.defaultTitle }}
        />
      </section>
      {sessions.map((s) => {
        const received = dataset.ballots.filter((b) => b.session === s.id).length;
        const open = s.status === "进行中";
        return (
          <section key={s.id} className="card overflow-hidden" data-testid="appraisal-session" data-session={s.id}>
            <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 bg-slate-50 px-4 py-2">
              <h2 className="font-semibold">
                {s.title || e.defaultTitle} · {s.date} · {s.id}
              </h2>
              <span className={open ? "text-emerald-700" : "text-slate-500"}>{s.status}</span>
              <span data-testid="appraisal-received">{e.received(received, s.ballots)}</span>
              {open && (
                <>
                  <Link className="text-brand-700 underline" href={`/admin/appraisal/${encodeURIComponent(s.id)}/slips`}>
                    {e.printSlips}
                  </Link>
                  <CloseSessionButton id={s.id} label={e.close} />
                </>
              )}
              {!open && (
                <a className="text-brand-700 underline" href={`/api/appraisal/${encodeURIComponent(s.id)}/results`}>
                  {e.exportResults}
                </a>
              )}
            </div>
            <div className="p-4 text-sm">
              {open ? (
                <p className="text-slate-600">
                  {e.units}：{s.units.join("、")}。{e.noPartial}
                </p>
              ) : (
                <table className="w-full" data-testid="appraisal-results">
                  <thead>
                    <tr>
                      <th className={th}>{e.unit}</th>
                      {e.grades.map((g) => (
                        <th key={g} className={th}>
                          {g}
                        </th>
                      ))}
                      <th className={th}>{e.goodShare}</th>
                      <th className={th}>{e.score}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {sessionTallies(dataset, s).map((r) => (
                      <tr key={r.unit} className="border-t border-slate-100">
                        <td className={td}>{r.unit}</td>
                        <td className={td}>{r.counts.好}</td>
                        <td className={td}>{r.counts.较好}</td>
                        <td className={td}>{r.counts.一般}</td>
                        <td className={td}>{r.counts.差}</td>
                        <td className={td}>{formatPercent(locale, r.goodShare)}</td>
                        <td className={td}>{r.score ?? "—"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          </section>
        );
      })}
    </div>
  );
}
