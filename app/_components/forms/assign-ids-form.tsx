"use client";

import { assignMissingIdsAction } from "@/app/_actions/admin";
import type { Messages } from "@/lib/i18n";
import { FormBanner, Select, SubmitButton, fieldId } from "./controls";
import { useWriteForm } from "./use-write-form";

interface Props {
  /** Tabs that can get IDs, with how many rows lack one: [key, title, count]. */
  tabs: [string, string, number][];
  t: Messages["forms"]["assignIds"];
}

/** 补编号 (admin): fills empty ID cells, each one checked in the row it was meant for. */
export function AssignIdsForm({ tabs, t }: Props) {
  const form = useWriteForm({ action: assignMissingIdsAction, id: "", initial: { tab: "all" } });
  const missing = tabs.reduce((n, [, , count]) => n + count, 0);
  const titles = new Map(tabs.map(([key, title, count]) => [`${title}（${count}）`, key]));
  // The empty choice is "all tabs".
  const keyOfLabel = (label: string) => (label === "" ? "all" : (titles.get(label) ?? "all"));
  const labelOfKey = (key: string) => (key === "all" ? "" : ([...titles].find(([, k]) => k === key)?.[0] ?? ""));
  return (
    <form action={form.dispatch} onSubmit={form.onSubmit} className="space-y-3" data-testid="assign-ids-form">
      <p className="text-sm text-slate-600">{t.intro}</p>
      <p className="text-sm" data-testid="missing-ids">
        {missing === 0
          ? t.noneMissing
          : `${t.missing}：${tabs
              .filter(([, , c]) => c > 0)
              .map(([, title, c]) => `${title} ${c}`)
              .join("，")}`}
      </p>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <div className="sm:w-64">
          <label htmlFor={fieldId("tab")} className="mb-1 block text-sm font-medium">
            {t.tab}
          </label>
          <input type="hidden" name="tab" value={String(form.values.tab ?? "all")} />
          <Select
            name="tab-label"
            value={labelOfKey(String(form.values.tab ?? "all"))}
            onChange={(label) => form.set("tab")(keyOfLabel(label))}
            options={[...titles.keys()]}
            placeholder={t.all}
          />
        </div>
        <SubmitButton pending={form.pending} label={t.run} pendingLabel={t.running} />
      </div>
      <FormBanner state={form.state} />
    </form>
  );
}
