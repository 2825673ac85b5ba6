import type { Metadata } from "next";
import { requirePageAccess } from "@/lib/auth/access";
import { currentMessages } from "@/app/_lib/locale";
import { FormPage, VisitFormSection } from "@/app/_components/forms/sections";
import { PendingWritesPanel } from "@/app/_components/journal/journal-panels";

export const metadata: Metadata = { title: "录入走访" };

export default async function NewVisitPage() {
  const viewer = await requirePageAccess("visits.write", "/visits/new");
  const { t } = await currentMessages();
  return (
    <FormPage back="/visits" backLabel={t.nav.visits} title={t.forms.visit.newTitle}>
      <PendingWritesPanel viewer={viewer} />
      <VisitFormSection viewer={viewer} t={t} titled={false} />
    </FormPage>
  );
}
