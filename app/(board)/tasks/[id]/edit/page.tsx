import type { Metadata } from "next";
import { forbidden, notFound } from "next/navigation";
import { requirePageAccess } from "@/lib/auth/access";
import { loadDataset } from "@/lib/data/dataset";
import { currentMessages } from "@/app/_lib/locale";
import { FormPage, TaskProgressSection, canUpdateTask } from "@/app/_components/forms/sections";

export const metadata: Metadata = { title: "更新任务进度" };

/** 更新任务进度 on its own page: what a unit officer opens on a phone. */
export default async function EditTaskPage({ params }: { params: Promise<{ id: string }> }) {
  const id = decodeURIComponent((await params).id);
  const viewer = await requirePageAccess("tasks.update", `/tasks/${encodeURIComponent(id)}/edit`);
  const { t } = await currentMessages();
  const task = (await loadDataset()).tasks.find((x) => x.id === id);
  if (!task) notFound();
  if (!(await canUpdateTask(viewer, task))) forbidden();
  return (
    <FormPage
      back={`/tasks/${encodeURIComponent(id)}`}
      backLabel={task.id}
      title={task.title}
      intro={
        <p data-testid="task-summary">
          <span className="font-mono">{task.id}</span> · {task.keyTask} · {task.leadUnit} · {task.due}
        </p>
      }
    >
      <TaskProgressSection viewer={viewer} taskId={task.id} t={t} />
    </FormPage>
  );
}
