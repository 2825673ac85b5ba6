import { loadSummary } from "@/lib/data/summary";
import { currentViewer } from "@/lib/auth/access";
import type { Locale, Messages } from "@/lib/i18n";
import { CoverageCards } from "./coverage";
import { MeetingRequirementCards } from "./meeting-requirements";
import { RectificationList } from "./rectifications";

/** The overview's follow-through block: coverage, 应开/实开 and the late 整改 — each on its own data. */
export async function FollowThroughWidget({ year, locale, t }: { year?: number; locale: Locale; t: Messages }) {
  const viewer = await currentViewer();
  const summary = await loadSummary(year);
  if (!viewer) return null;
  return (
    <div className="space-y-4" data-testid="overview-follow-through">
      <CoverageCards viewer={viewer} locale={locale} t={t} />
      <MeetingRequirementCards year={summary.year} t={t} />
      <RectificationList viewer={viewer} t={t} limit={5} />
    </div>
  );
}
