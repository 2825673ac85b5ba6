import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageAccess } from "@/lib/auth/access";
import { cadreHistory } from "@/lib/data/follow-through";
import { currentMessages } from "@/app/_lib/locale";
import { VisitHistory } from "@/app/_components/follow-through/visit-history";

export const metadata: Metadata = { title: "干部走访记录" };

/** One roster cadre: contact points, this quarter against the requirement, every visit. */
export default async function CadrePage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePageAccess("visits.read", "/visits");
  const id = decodeURIComponent((await params).id);
  const { t } = await currentMessages();
  const f = t.followThrough;
  const h = await cadreHistory(viewer, id);
  if (!h?.cadre) notFound();
  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <Link href="/visits" className="text-sm text-blue-700 hover:underline">
        ← {t.nav.visits}
      </Link>
      <header>
        <h1 className="text-2xl font-bold">
          {f.cadreTitle(h.cadre.name)}
          {!h.cadre.active && f.inactive}
        </h1>
        <p className="mt-1 text-sm text-slate-600">
          {h.cadre.id} · {h.cadre.tier} · {h.cadre.unit}
          {h.quarter && ` · ${f.quarter} ${h.quarter.visits} / ${h.quarter.required}`}
        </p>
        <p className="mt-1 text-sm">
          {f.col.contactPoints}：
          {h.cadre.contactPoints.map((p, i) => (
            <span key={p}>
              {i > 0 && "、"}
              <Link href={`/visits/points/${encodeURIComponent(p)}`} className="text-blue-700 hover:underline">
                {p}
              </Link>
            </span>
          ))}
        </p>
      </header>
      <VisitHistory rows={h.visits} t={t} />
    </div>
  );
}
