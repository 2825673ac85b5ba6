/**
 * Server-side wrappers that mount the forms where the role allows: each
 * re-checks the viewer against the row's unit and renders nothing otherwise.
 * The table pages' detail views embed these; the /…/edit and /…/new routes use
 * them too.
 */
import Link from "next/link";
import type { ReactNode } from "react";
import { accessContext } from "@/lib/auth/access";
import { can, canForUnits, type Capability, type Viewer } from "@/lib/auth/roles";
import { loadDataset, today } from "@/lib/data/dataset";
import { visitFormSuggestions } from "@/lib/data/follow-through";
import { formContextOf, type FormContext } from "@/lib/forms/context";
import { newRowId, type IdTab } from "@/lib/forms/ids";
import { TASK_PROGRESS_FIELDS } from "@/lib/forms/task-progress";
import { formText } from "@/lib/forms/values";
import { VISIT_FIELDS } from "@/lib/forms/visit";
import type { Messages } from "@/lib/i18n";
import type { Task, Visit } from "@/lib/schema/tabs";
import type { LoadedDataset } from "@/lib/data/dataset";
import { NewRecordForm, type RecordKindName } from "./new-record-form";
import { TaskProgressForm, type TaskProgressValues } from "./task-progress-form";
import { VisitForm, type VisitValues } from "./visit-form";

export function formContext(dataset: LoadedDataset): FormContext {
  return formContextOf(dataset, today());
}

export function taskFormValues(task: Task): TaskProgressValues {
  return Object.fromEntries(TASK_PROGRESS_FIELDS.map((k) => [k, formText(task[k])])) as TaskProgressValues;
}

export function visitFormValues(visit: Partial<Visit>): VisitValues {
  return Object.fromEntries(VISIT_FIELDS.map((k) => [k, formText(visit[k])])) as VisitValues;
}

/** An ID for a row this page offers to create, made now so the form's submit is idempotent. */
export function idForNewRow(tab: IdTab): string {
  return newRowId(tab, Number(today().slice(0, 4)));
}

/** A form's card; without a title when the page's own heading already says what it is. */
export function FormCard({ title, children, testId }: { title?: string; children: ReactNode; testId?: string }) {
  return (
    <section className="card space-y-3 p-4 sm:p-5" aria-labelledby={title ? `${testId ?? "form"}-title` : undefined} data-testid={testId}>
      {title && (
        <h2 id={`${testId ?? "form"}-title`} className="text-lg font-semibold">
          {title}
        </h2>
      )}
      {children}
    </section>
  );
}

/** Whether the viewer may update this task's progress: admin, or a unit user whose unit leads it. */
export async function canUpdateTask(viewer: Viewer, task: Pick<Task, "leadUnit">): Promise<boolean> {
  return canForUnits(viewer, "tasks.update", [task.leadUnit], await accessContext());
}

/** 更新进度 for the task detail view; nothing when the viewer may not update this task. */
export async function TaskProgressSection({ viewer, taskId, t }: { viewer: Viewer; taskId: string; t: Messages }) {
  const dataset = await loadDataset();
  const task = dataset.tasks.find((x) => x.id === taskId);
  if (!task || !(await canUpdateTask(viewer, task))) return null;
  return (
    <FormCard title={t.forms.taskProgress.title} testId="task-progress">
      <TaskProgressForm taskId={task.id} current={taskFormValues(task)} today={today()} t={t.forms} />
    </FormCard>
  );
}

export async function VisitFormSection({ viewer, visitId, t, titled = true }: { viewer: Viewer; visitId?: string; t: Messages; titled?: boolean }) {
  const dataset = await loadDataset();
  const context = formContext(dataset);
  const fixedUnit = viewer.kind === "user" && viewer.role === "unit" ? viewer.unit : undefined;
  const picks = await visitFormSuggestions(viewer);
  if (visitId === undefined) {
    return (
      <FormCard title={titled ? t.forms.visit.newTitle : undefined} testId="visit-new">
        <VisitForm
          mode="new"
          id={idForNewRow("visits")}
          current={visitFormValues({ date: context.today })}
          context={context}
          fixedUnit={fixedUnit}
          picks={picks}
          t={t.forms}
        />
      </FormCard>
    );
  }
  const visit = dataset.visits.find((v) => v.id === visitId);
  if (!visit || !canForUnits(viewer, "visits.write", [visit.unit], await accessContext())) return null;
  return (
    <FormCard title={titled ? t.forms.visit.editTitle : undefined} testId="visit-edit">
      <VisitForm mode="edit" id={visit.id} current={visitFormValues(visit)} context={context} fixedUnit={fixedUnit} picks={picks} t={t.forms} />
    </FormCard>
  );
}

const RECORD_TABS: Record<RecordKindName, IdTab> = { task: "tasks", meeting: "meetings", score: "scores", accountability: "accountability" };

export async function NewRecordSection({ kind, title, t }: { kind: RecordKindName; title?: string; t: Messages }) {
  const dataset = await loadDataset();
  const keyTasks = kind === "task" ? [...new Set(dataset.tasks.map((x) => x.keyTask))] : [];
  return (
    <FormCard title={title} testId={`new-${kind}`}>
      <NewRecordForm kind={kind} id={idForNewRow(RECORD_TABS[kind])} context={formContext(dataset)} suggestions={keyTasks} t={t.forms} />
    </FormCard>
  );
}

/** The frame of a form page: a way back, a title, what it is about. */
export function FormPage({
  back,
  backLabel,
  title,
  intro,
  children,
}: {
  back: string;
  backLabel: string;
  title: string;
  intro?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <Link href={back} className="text-sm text-blue-700 hover:underline">
        ← {backLabel}
      </Link>
      <header>
        <h1 className="text-2xl font-bold">{title}</h1>
        {intro && <div className="mt-1 text-sm text-slate-600">{intro}</div>}
      </header>
      {children}
    </div>
  );
}

/** The way to a form for a new row, for those whose role may create one; nothing for the rest. */
export async function NewRecordLink({ viewer, capability, href, label }: { viewer: Viewer; capability: Capability; href: string; label: string }) {
  if (!can(viewer, capability, await accessContext())) return null;
  return (
    <Link
      href={href}
      className="inline-flex min-h-10 items-center rounded-lg bg-brand-700 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-800"
      data-testid="new-record-link"
    >
      + {label}
    </Link>
  );
}
