import type { Metadata } from "next";
import { requirePageAccess } from "@/lib/auth/access";
import { currentMessages } from "@/app/_lib/locale";
import { FormPage, NewRecordSection } from "@/app/_components/forms/sections";

export const metadata: Metadata = { title: "新增任务" };

export default async function NewTaskPage() {
  await requirePageAccess("tasks.create", "/tasks/new");
  const { t } = await currentMessages();
  return (
    <FormPage back="/tasks" backLabel={t.nav.tasks} title={t.forms.newTask.title}>
      <NewRecordSection kind="task" t={t} />
    </FormPage>
  );
}
