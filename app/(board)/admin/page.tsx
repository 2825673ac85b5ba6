import type { Metadata } from "next";
import Link from "next/link";
import { requirePageAccess } from "@/lib/auth/access";
import { listLocalAccounts } from "@/lib/auth/accounts";
import { normalizeLogin } from "@/lib/auth/normalize";
import { signInMethods } from "@/lib/auth/options";
import { ROLE_KEYS } from "@/lib/auth/roles";
import { listScreenLinks, screenLinkStatus } from "@/lib/auth/screen-links";
import { unitName } from "@/lib/auth/viewer";
import { timeZoneOf } from "@/lib/data/dataset";
import { latestBackup, workbookHealth } from "@/lib/data/workbook-health";
import { WorkbookFaultPanel } from "@/app/_components/workbook-fault";
import { env } from "@/lib/env";
import { formatDateTime } from "@/lib/i18n";
import { currentMessages } from "@/app/_lib/locale";
import { PlainTable } from "@/app/_components/plain-table";
import { CreateScreenLinkForm, RevokeScreenLinkButton } from "./screen-link-forms";
import { AdminWritesSection } from "@/app/_components/forms/admin-writes-section";
import { JournalConflictsPanel, PendingWritesPanel } from "@/app/_components/journal/journal-panels";
import { WorkbookFilesSection } from "./workbook-files";
import { AddUserForm, SettingForm, UserRowActions, type UserFormLabels } from "./user-forms";
import { KNOWN_SETTING_KEYS } from "@/lib/schema/settings";
import { ROLES } from "@/lib/schema/tabs";
import { CardSection } from "@/app/_components/card-section";

export const metadata: Metadata = { title: "管理" };

const td = "px-3 py-2";

export default async function AdminPage() {
  const viewer = await requirePageAccess("admin", "/admin");
  const { locale, t } = await currentMessages();
  const a = t.admin;
  const e = env();
  const [health, accounts, links] = await Promise.all([workbookHealth(), listLocalAccounts(), listScreenLinks()]);
  const fault = health.ok ? undefined : <WorkbookFaultPanel fault={health.fault} latestBackup={await latestBackup()} />;
  const dataset = health.dataset;
  if (!dataset) {
    // Nothing could be read: the cause and what to do, and nothing that needs the workbook.
    return (
      <div className="mx-auto max-w-6xl space-y-5">
        <header>
          <h1 className="text-2xl font-bold">{a.title}</h1>
        </header>
        {fault}
        <WorkbookFilesSection locale={locale} t={t} />
      </div>
    );
  }
  const accountOf = new Map(accounts.map((x) => [x.login, x]));
  const methods = signInMethods(e);
  const now = new Date();
  const when = (iso: string | undefined) => formatDateTime(locale, iso, timeZoneOf(dataset));
  const s = dataset.settings;
  const au = t.adminUsers;
  const readOnlyAccounts = e.ACCOUNTS_JSON !== undefined;
  const unitNames = dataset.units.map((u) => u.name);
  const roleNames = ROLES.map((r) => r.label);
  const userLabels: UserFormLabels = {
    login: au.login,
    name: au.name,
    role: au.role,
    unit: au.unit,
    add: au.add,
    adding: au.adding,
    reset: au.reset,
    disable: au.disable,
    enable: au.enable,
    save: au.save,
    readOnly: au.readOnlyAccounts,
  };
  const settingRows = [
    ...dataset.settingRows.map((r) => ({ key: r.key, value: r.value, note: r.note ?? "" })),
    ...KNOWN_SETTING_KEYS.filter((k) => !dataset.settingRows.some((r) => r.key === k)).map((k) => ({ key: k, value: "", note: "" })),
  ];
  const settings: [string, string][] = [
    ...Object.entries(s.weights).map(([k, v]): [string, string] => [`weight.${k}`, String(v)]),
    ...Object.entries(s.grades).map(([k, v]): [string, string] => [`grade.${k}`, String(v)]),
    ["year", s.year === undefined ? "—" : String(s.year)],
    ["ranking.public", s.rankingPublic ? a.yes : a.no],
    ["screen.ranking", s.screenRanking ? a.yes : a.no],
    ["timezone", timeZoneOf(dataset)],
    ["screen.rotateSeconds", String(s.rotateSeconds)],
    ["freshness.seconds", String(s.freshnessSeconds)],
    ["remind.daysBefore", s.remindDaysBefore.join(",")],
    ["remind.staleDays", String(s.remindStaleDays)],
  ];

  return (
    <div className="mx-auto max-w-6xl space-y-5">
      <header>
        <h1 className="text-2xl font-bold">{a.title}</h1>
        <p className="mt-1 text-sm text-slate-600">{a.intro}</p>
        <Link href="/admin/reminders" className="mt-1 inline-block text-sm text-blue-700 hover:underline">
          {a.reminders.link} →
        </Link>
        <p className="mt-2 flex gap-4 text-sm">
          <a className="text-brand-700 underline" href="/admin/letters">
            {t.evaluation.lettersTitle}
          </a>
          <a className="text-brand-700 underline" href="/admin/appraisal">
            {t.evaluation.appraisalTitle}
          </a>
        </p>
      </header>
      {fault}

      <CardSection bodyClassName="p-4" title={t.dataHealth.journal.conflictsTitle} id="admin-journal-conflicts">
        <JournalConflictsPanel viewer={viewer} />
      </CardSection>
      <CardSection bodyClassName="p-4" title={t.dataHealth.journal.pendingTitle} id="admin-journal-pending">
        <PendingWritesPanel viewer={viewer} all />
      </CardSection>
      <WorkbookFilesSection locale={locale} t={t} />

      <CardSection bodyClassName="p-4" title={au.addTitle} id="admin-add-user">
        <p className="mb-3 text-sm text-slate-600">{au.addIntro}</p>
        <AddUserForm roles={roleNames} units={unitNames} labels={userLabels} readOnly={readOnlyAccounts} />
      </CardSection>

      <CardSection bodyClassName="p-4" title={a.users} id="admin-users">
        <PlainTable
          rows={dataset.users.length}
          empty={a.noUsers}
          minWidth="min-w-[40rem]"
          testId="admin-users"
          headers={[a.login, a.name, a.role, a.unit, a.active, a.localAccount, au.actions]}
        >
          {dataset.users.map((u) => {
            const account = accountOf.get(normalizeLogin(u.login));
            return (
              <tr key={`${u.login}-${u._row}`} className="border-t border-slate-100" data-testid="admin-user" data-login={u.login}>
                <td className={`${td} font-mono`}>{u.login}</td>
                <td className={td}>{u.name ?? ""}</td>
                <td className={td}>{t.auth.roles[ROLE_KEYS[u.role]]}</td>
                <td className={td}>{unitName(u.unit, dataset.units) ?? ""}</td>
                <td className={td}>{u.active === false ? a.no : a.yes}</td>
                <td className={td} data-testid="admin-user-local">
                  {account ? (account.disabled ? a.disabledAccount : a.yes) : a.no}
                </td>
                <td className={td}>
                  <UserRowActions
                    login={u.login}
                    active={u.active !== false}
                    role={u.role}
                    unit={unitName(u.unit, dataset.units) ?? ""}
                    roles={roleNames}
                    units={unitNames}
                    labels={userLabels}
                    readOnly={readOnlyAccounts}
                  />
                </td>
              </tr>
            );
          })}
        </PlainTable>
        {e.ADMIN_LOGINS.length > 0 && <p className="mt-3 text-sm text-slate-600">{a.adminLogins(e.ADMIN_LOGINS.join("、"))}</p>}
        <p className="mt-3 text-xs text-slate-500">{a.accountsHint}</p>
      </CardSection>

      <div className="grid gap-5">
        <CardSection bodyClassName="p-4" title={a.settings} id="admin-settings">
          <p className="mb-2 text-sm text-slate-600">{au.settingsIntro}</p>
          <PlainTable testId="admin-settings" headers={[a.settingKey, a.settingValue, au.settingNote]}>
            {settingRows.map((r) => (
              <tr key={r.key} className="border-t border-slate-100 align-top" data-testid="admin-setting" data-key={r.key}>
                <td className={`${td} font-mono`}>{r.key}</td>
                <td className={td}>
                  <SettingForm settingKey={r.key} value={r.value} label={au.settingSave} />
                </td>
                <td className={`${td} text-slate-600`} data-testid="admin-setting-note">
                  {r.note}
                </td>
              </tr>
            ))}
          </PlainTable>
          <p className="mt-2 text-xs text-slate-500">{settings.map(([k, v]) => `${k}=${v}`).join(" · ")}</p>
        </CardSection>
        <CardSection bodyClassName="p-4" title={a.signInMethods} id="admin-sign-in">
          <ul className="space-y-2 text-sm" data-testid="admin-sign-in-methods">
            <li>
              {a.methodLocal}：{a.enabled}（{accounts.filter((x) => !x.disabled).length}）
            </li>
            <li>
              {a.methodGoogle}：{methods.google ? a.enabled : a.disabled}
            </li>
            <li>
              {a.methodOidc(methods.oidc ? methods.oidc.name : e.OIDC_NAME)}：{methods.oidc ? a.enabled : a.disabled}
            </li>
          </ul>
        </CardSection>
      </div>

      <CardSection bodyClassName="p-4" title={a.links} id="admin-links">
        <p className="mb-3 text-sm text-slate-600">{a.linksIntro}</p>
        <CreateScreenLinkForm
          labels={{
            days: a.days,
            note: a.note,
            notePlaceholder: a.notePlaceholder,
            create: a.create,
            creating: a.creating,
            created: a.created,
            copy: a.copy,
            copied: a.copied,
          }}
        />
        <PlainTable
          rows={links.length}
          empty={a.noLinks}
          className="mt-4"
          minWidth="min-w-[44rem]"
          testId="screen-links"
          headers={[a.linkId, a.note, a.createdAt, a.expiresAt, a.createdBy, a.status, null]}
        >
          {links.map((link) => {
            const status = screenLinkStatus(link, now);
            return (
              <tr key={link.id} className="border-t border-slate-100" data-testid="screen-link" data-link-id={link.id}>
                <td className={`${td} font-mono text-xs`}>{link.id}</td>
                <td className={td}>{link.note}</td>
                <td className={`${td} whitespace-nowrap`}>{when(link.createdAt)}</td>
                <td className={`${td} whitespace-nowrap`}>{when(link.expiresAt)}</td>
                <td className={td}>{link.createdBy}</td>
                <td className={td} data-testid="screen-link-status">
                  {a.statuses[status]}
                </td>
                <td className={td}>{status === "active" && <RevokeScreenLinkButton id={link.id} label={a.revoke} pendingLabel={a.revoking} />}</td>
              </tr>
            );
          })}
        </PlainTable>
      </CardSection>

      <AdminWritesSection dataset={dataset} t={t} />
    </div>
  );
}
