import { requirePageAccess } from "@/lib/auth/access";
import { slidesOf } from "@/lib/domain/screen";
import { SlideFrame } from "../../_components/screen/slide-frame";
import { SlideBody, slideTitle } from "../../_components/screen/slides";
import { clockText } from "../../_components/screen/format";
import { currentMessages } from "../../_lib/locale";
import { loadScreen } from "../_lib/load-screen";

export const metadata = { title: "会议材料" };

/**
 * Every slide of the meeting screen, one per A4-landscape page, for the minutes:
 * the browser's "print to PDF" or GET /api/screen/pack.pdf turns it into the meeting pack.
 */
export default async function ScreenPrintPage() {
  const viewer = await requirePageAccess("screen", "/screen/print");
  const [{ locale, t }, data] = await Promise.all([currentMessages(), loadScreen(viewer)]);
  const slides = slidesOf(data);
  const asOf = `${t.screen.asOf} ${clockText(data.asOf, data.timeZone)}`;
  return (
    <div className="screen-print" data-testid="screen-print" data-slide-count={slides.length}>
      <style>{"@page { size: A4 landscape; margin: 0; }"}</style>
      {slides.map((slide, i) => (
        <section key={slide.id} className="print-page screen-theme" data-theme="paper" data-testid="print-slide">
          <SlideFrame
            kicker={`${t.screen.print.title} · ${t.screen.year(data.year)}`}
            title={slideTitle(slide, t)}
            status={<p className="text-[1.75rem] text-(--s-muted)">{asOf}</p>}
            footer={
              <>
                <span>
                  {t.app.name}
                  {data.unknown.rows > 0 && (
                    <span className="ml-[1.5rem] font-semibold text-(--s-bad)" data-testid="print-unknown-note">
                      ⚠ {t.trust.note(data.unknown.rows)}
                    </span>
                  )}
                </span>
                <span className="tabular-nums">{t.screen.print.page(i + 1, slides.length)}</span>
              </>
            }
          >
            <SlideBody slide={slide} data={data} locale={locale} t={t} />
          </SlideFrame>
        </section>
      ))}
    </div>
  );
}
