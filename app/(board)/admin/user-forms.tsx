"use client";

import { useActionState } from "react";
import { addUserAction, resetPasswordAction, saveSettingAction, setUserActiveAction, updateUserAction, type AdminActionState } from "./user-actions";

const IDLE: AdminActionState = { status: "idle" };
const input = "min-h-10 rounded-md border border-slate-300 px-2 py-1 text-sm";
const button = "min-h-10 rounded-md border border-slate-300 bg-white px-3 py-1 text-sm hover:bg-slate-50 disabled:opacity-50";

export interface UserFormLabels {
  login: string;
  name: string;
  role: string;
  unit: string;
  add: string;
  adding: string;
  reset: string;
  disable: string;
  enable: string;
  save: string;
  readOnly: string;
}

function Outcome({ state, testId }: { state: AdminActionState; testId: string }) {
  if (state.status === "idle") return null;
  if (state.status === "error")
    return (
      <p role="alert" className="text-sm text-red-700" data-testid={`${testId}-error`}>
        {state.error}
      </p>
    );
  return (
    <div role="status" className="text-sm text-green-800" data-testid={`${testId}-ok`}>
      {state.message}
      {state.password && (
        <p className="mt-1">
          {state.passwordLabel}
          <code className="select-all rounded bg-slate-100 px-2 py-0.5 font-mono text-base text-slate-900" data-testid="shown-password">
            {state.password}
          </code>
        </p>
      )}
    </div>
  );
}

/** 新增用户: the 用户 row and a local password in one step. */
export function AddUserForm({
  roles,
  units,
  labels,
  readOnly,
}: {
  roles: readonly string[];
  units: readonly string[];
  labels: UserFormLabels;
  readOnly: boolean;
}) {
  const [state, action, pending] = useActionState(addUserAction, IDLE);
  const err = state.status === "error" ? state.fieldErrors : {};
  return (
    <form action={action} className="space-y-2" data-testid="add-user-form">
      {readOnly && <p className="text-sm text-amber-800">{labels.readOnly}</p>}
      <div className="grid gap-2 sm:grid-cols-4">
        <label className="flex flex-col text-sm">
          {labels.login}
          <input name="login" className={input} aria-invalid={err.login ? true : undefined} required />
          {err.login && <span className="text-xs text-red-700">{err.login}</span>}
        </label>
        <label className="flex flex-col text-sm">
          {labels.name}
          <input name="name" className={input} />
        </label>
        <label className="flex flex-col text-sm">
          {labels.role}
          <select name="role" className={input} defaultValue="查看">
            {roles.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-sm">
          {labels.unit}
          <select name="unit" className={input} defaultValue="">
            <option value="">—</option>
            {units.map((u) => (
              <option key={u}>{u}</option>
            ))}
          </select>
          {err.unit && <span className="text-xs text-red-700">{err.unit}</span>}
        </label>
      </div>
      <button type="submit" className={button} disabled={pending || readOnly}>
        {pending ? labels.adding : labels.add}
      </button>
      <Outcome state={state} testId="add-user" />
    </form>
  );
}

/** A user's row actions: role and unit, disable / enable, reset the password. */
export function UserRowActions({
  login,
  active,
  role,
  unit,
  roles,
  units,
  labels,
  readOnly,
}: {
  login: string;
  active: boolean;
  role: string;
  unit: string;
  roles: readonly string[];
  units: readonly string[];
  labels: UserFormLabels;
  readOnly: boolean;
}) {
  const [editState, edit, editing] = useActionState(updateUserAction, IDLE);
  const [activeState, toggle, toggling] = useActionState(setUserActiveAction, IDLE);
  const [resetState, reset, resetting] = useActionState(resetPasswordAction, IDLE);
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap items-center gap-1">
        <form action={edit} className="flex flex-wrap items-center gap-1">
          <input type="hidden" name="login" value={login} />
          <select name="role" defaultValue={role} className={input} aria-label={labels.role}>
            {roles.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
          <select name="unit" defaultValue={unit} className={input} aria-label={labels.unit}>
            <option value="">—</option>
            {units.map((u) => (
              <option key={u}>{u}</option>
            ))}
          </select>
          <button type="submit" className={button} disabled={editing}>
            {labels.save}
          </button>
        </form>
        <form action={toggle}>
          <input type="hidden" name="login" value={login} />
          <input type="hidden" name="active" value={active ? "否" : "是"} />
          <button type="submit" className={button} disabled={toggling} data-testid="toggle-user">
            {active ? labels.disable : labels.enable}
          </button>
        </form>
        <form action={reset}>
          <input type="hidden" name="login" value={login} />
          <button type="submit" className={button} disabled={resetting || readOnly} data-testid="reset-password">
            {labels.reset}
          </button>
        </form>
      </div>
      <Outcome state={editState} testId="edit-user" />
      <Outcome state={activeState} testId="toggle-user" />
      <Outcome state={resetState} testId="reset-password" />
    </div>
  );
}

/** One 设置 value, edited in place and checked before it is written. */
export function SettingForm({ settingKey, value, label }: { settingKey: string; value: string; label: string }) {
  const [state, action, pending] = useActionState(saveSettingAction, IDLE);
  return (
    <form action={action} className="space-y-1" data-testid="setting-form" data-key={settingKey}>
      <input type="hidden" name="key" value={settingKey} />
      <div className="flex gap-1">
        <input name="value" defaultValue={value} className={`${input} w-32`} aria-label={settingKey} />
        <button type="submit" className={button} disabled={pending}>
          {label}
        </button>
      </div>
      <Outcome state={state} testId="setting" />
    </form>
  );
}
