import { type Notice, noticeText } from "@/lib/i18n";
import { currentMessages } from "./locale";

/** A route handler's refusal as JSON: a stable `error` code for programs, and its `message` in the caller's language (the `lang` cookie). */
export async function noticeResponse(error: string, notice: Notice, init: ResponseInit): Promise<Response> {
  const { t } = await currentMessages();
  return Response.json({ error, message: noticeText(t, notice) }, init);
}
