import type { Metadata } from "next";
import { forbidden, notFound } from "next/navigation";
import { accessContext, requirePageAccess } from "@/lib/auth/access";
import { canForUnits } from "@/lib/auth/roles";
import { loadDataset } from "@/lib/data/dataset";
import { currentMessages } from "@/app/_lib/locale";
import { FormPage, VisitFormSection } from "@/app/_components/forms/sections";

export const metadata: Metadata = { title: "修改走访" };

export default async function EditVisitPage({ params }: { params: Promise<{ id: string }> }) {
  const id = decodeURIComponent((await params).id);
  const viewer = await requirePageAccess("visits.write", `/visits/${encodeURIComponent(id)}/edit`);
  const { t } = await currentMessages();
  const visit = (await loadDataset()).visits.find((v) => v.id === id);
  if (!visit) notFound();
  if (!canForUnits(viewer, "visits.write", [visit.unit], await accessContext())) forbidden();
  return (
    <FormPage back={`/visits?detail=${encodeURIComponent(id)}`} backLabel={t.nav.visits} title={`${t.forms.visit.editTitle} ${visit.id}`}>
      <VisitFormSection viewer={viewer} visitId={visit.id} t={t} titled={false} />
    </FormPage>
  );
}
