import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageAccess } from "@/lib/auth/access";
import { contactPointHistory } from "@/lib/data/follow-through";
import { currentMessages } from "@/app/_lib/locale";
import { VisitHistory } from "@/app/_components/follow-through/visit-history";

export const metadata: Metadata = { title: "联系点走访记录" };

/** One contact point: the cadres responsible for it and every visit to it. */
export default async function ContactPointPage({ params }: { params: Promise<{ name: string }> }) {
  const viewer = await requirePageAccess("visits.read", "/visits");
  const point = decodeURIComponent((await params).name);
  const { t } = await currentMessages();
  const f = t.followThrough;
  const h = await contactPointHistory(viewer, point);
  if (!h) notFound();
  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <Link href="/visits" className="text-sm text-blue-700 hover:underline">
        ← {t.nav.visits}
      </Link>
      <header>
        <h1 className="text-2xl font-bold">{f.pointTitle(point)}</h1>
        {h.cadres.length > 0 && (
          <p className="mt-1 text-sm">
            {f.pointCadres}：
            {h.cadres.map((c, i) => (
              <span key={c.id}>
                {i > 0 && "、"}
                <Link href={`/visits/cadres/${encodeURIComponent(c.id)}`} className="text-blue-700 hover:underline">
                  {c.name}
                </Link>
                （{c.unit}）
              </span>
            ))}
          </p>
        )}
      </header>
      <VisitHistory rows={h.visits} t={t} showCadre />
    </div>
  );
}
