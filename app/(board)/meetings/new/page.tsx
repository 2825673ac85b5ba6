import type { Metadata } from "next";
import { requirePageAccess } from "@/lib/auth/access";
import { currentMessages } from "@/app/_lib/locale";
import { FormPage, NewRecordSection } from "@/app/_components/forms/sections";

export const metadata: Metadata = { title: "新增会议" };

export default async function NewMeetingPage() {
  await requirePageAccess("meetings.write", "/meetings/new");
  const { t } = await currentMessages();
  return (
    <FormPage back="/meetings" backLabel={t.nav.meetings} title={t.forms.meeting.title}>
      <NewRecordSection kind="meeting" t={t} />
    </FormPage>
  );
}
