import type { Metadata } from "next";
import { requirePageAccess } from "@/lib/auth/access";
import { currentMessages } from "@/app/_lib/locale";
import { FormPage, NewRecordSection } from "@/app/_components/forms/sections";

export const metadata: Metadata = { title: "录入考核得分" };

export default async function NewScorePage() {
  await requirePageAccess("scores.write", "/scores/new");
  const { t } = await currentMessages();
  return (
    <FormPage back="/scores" backLabel={t.nav.scores} title={t.forms.score.title}>
      <NewRecordSection kind="score" t={t} />
    </FormPage>
  );
}
