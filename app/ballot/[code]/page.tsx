import type { Metadata } from "next";
import { lookupCode } from "@/lib/data/appraisal";
import { loadDataset } from "@/lib/data/dataset";
import { appraisalText, noticeText } from "@/lib/i18n";
import { currentMessages } from "../../_lib/locale";
import { ballotGuard, countMiss } from "../_lib/guard";
import { BallotForm } from "../ballot-form";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await currentMessages();
  return { title: t.evaluation.ballotTitle, robots: { index: false, follow: false } };
}
export const dynamic = "force-dynamic";

/**
 * The ballot a participant opens by scanning a slip: public (the code is the
 * credential), one screen on a phone. Shows only the session's units and their
 * secretaries; the submission checks everything again.
 */
export default async function BallotPage({ params }: { params: Promise<{ code: string }> }) {
  const { t } = await currentMessages();
  const e = t.evaluation;
  const { code } = await params;
  const guard = await ballotGuard();
  const notice = (title: string, text: string) => (
    <div className="mx-auto max-w-md pt-6">
      <div className="card p-5" role="alert" data-testid="ballot-refused">
        <h1 className="text-lg font-bold">{title}</h1>
        <p className="mt-2 text-slate-700">{text}</p>
      </div>
    </div>
  );
  if (guard.refusal) return notice(e.ballotTitle, noticeText(t, guard.refusal));
  const dataset = await loadDataset();
  const found = lookupCode(dataset, decodeURIComponent(code));
  if (!found.ok) {
    if (found.code === "unknown-code") countMiss(guard.address);
    return notice(e.ballotTitle, appraisalText(t, found));
  }
  const secretaryOf = new Map(dataset.units.map((u) => [u.name, u.secretary]));
  const s = found.session;
  return (
    <div className="mx-auto max-w-md">
      <BallotForm
        code={decodeURIComponent(code)}
        sessionId={s.id}
        title={s.title || e.ballotTitle}
        date={s.date}
        units={s.units.map((unit) => ({ unit, secretary: secretaryOf.get(unit) ?? "" }))}
        labels={{
          intro: e.ballotIntro,
          comment: e.comment,
          submit: e.submit,
          submitting: e.submitting,
          grades: e.grades,
          secretary: e.secretary,
          chooseAll: e.chooseAll,
        }}
      />
    </div>
  );
}
