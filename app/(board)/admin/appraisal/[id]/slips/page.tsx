import type { Metadata } from "next";
import { notFound } from "next/navigation";
import QRCode from "qrcode";
import { requirePageAccess } from "@/lib/auth/access";
import { authSecret } from "@/lib/auth/secret";
import { ballotCodeKey, sessionCodes } from "@/lib/data/appraisal";
import { loadDataset } from "@/lib/data/dataset";
import { currentMessages } from "@/app/_lib/locale";
import { siteOrigin } from "@/app/_lib/site-origin";

export const metadata: Metadata = { title: "测评票" };
export const dynamic = "force-dynamic";

/**
 * The slips to cut and hand out: one QR code per ballot on A4, with the code
 * printed under it for typing in. Admins only, and only while the session is open.
 */
export default async function SlipsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requirePageAccess("admin", `/admin/appraisal/${encodeURIComponent(id)}/slips`);
  const { t } = await currentMessages();
  const e = t.evaluation;
  const dataset = await loadDataset();
  const session = dataset.appraisals.find((s) => s.id === id);
  if (!session) notFound();
  if (session.status !== "进行中") return <p className="card p-4">{e.slipsClosed}</p>;
  const origin = await siteOrigin();
  const codes = sessionCodes(ballotCodeKey(authSecret()), session.id, session.ballots);
  const slips = await Promise.all(
    codes.map(async (code, i) => {
      const url = `${origin}/ballot/${code}`;
      return { n: i + 1, code, url, svg: await QRCode.toString(url, { type: "svg", margin: 1, errorCorrectionLevel: "M" }) };
    }),
  );
  return (
    <div className="slips">
      <style>{`
        @page { size: A4 portrait; margin: 10mm; }
        .slips-grid { display: grid; grid-template-columns: repeat(3, 1fr); gap: 0; }
        .slip { border: 1px dashed #94a3b8; padding: 4mm; text-align: center; break-inside: avoid; height: 66mm; box-sizing: border-box; }
        .slip svg { width: 38mm; height: 38mm; margin: 0 auto; display: block; }
        .slip code { font-size: 8pt; word-break: break-all; }
      `}</style>
      <p className="no-print mb-3 text-sm text-slate-600">{e.slipsIntro}</p>
      <div className="slips-grid" data-testid="slips">
        {slips.map((s) => (
          <div key={s.n} className="slip" data-testid="slip">
            <p className="text-sm font-semibold">
              {session.title || e.defaultTitle} · {e.slipNo(s.n)}
            </p>
            {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the SVG is made on the server by qrcode from the ballot link; no user text in it */}
            <div data-testid="slip-qr" dangerouslySetInnerHTML={{ __html: s.svg }} />
            <p className="text-xs text-slate-600">{e.slipHint}</p>
            <code data-testid="slip-code">{s.code}</code>
          </div>
        ))}
      </div>
    </div>
  );
}
