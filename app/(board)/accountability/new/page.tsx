import type { Metadata } from "next";
import { requirePageAccess } from "@/lib/auth/access";
import { currentMessages } from "@/app/_lib/locale";
import { FormPage, NewRecordSection } from "@/app/_components/forms/sections";

export const metadata: Metadata = { title: "录入问责" };

export default async function NewAccountabilityPage() {
  await requirePageAccess("accountability.write", "/accountability/new");
  const { t } = await currentMessages();
  return (
    <FormPage back="/accountability" backLabel={t.nav.accountability} title={t.forms.accountability.title}>
      <NewRecordSection kind="accountability" t={t} />
    </FormPage>
  );
}
