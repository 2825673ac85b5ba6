/** What a form's checks need to know of the spreadsheet: today, the units of 单位, the task IDs of 任务. */
export interface FormContext {
  today: string;
  units: readonly string[];
  taskIds: readonly string[];
}

export function formContextOf(dataset: { units: readonly { name: string }[]; tasks: readonly { id: string }[] }, today: string): FormContext {
  return { today, units: [...new Set(dataset.units.map((u) => u.name))], taskIds: dataset.tasks.map((t) => t.id) };
}
