/**
 * The LibreOffice race (issue 11): two `next start` servers on one workbook
 * take real form submissions while LibreOffice opens, edits, inserts, sorts,
 * saves and closes the same file in a loop, as a person at a desk would. At
 * the end every acknowledged write and every LibreOffice save is looked for in
 * the file, read with exceljs and with the app's own reader, and every
 * acknowledged write must have exactly one 操作日志 row.
 *
 * Forms are submitted as a browser without JavaScript submits them: the page
 * is fetched, the <form>'s hidden fields (React's action reference, the row
 * ID, the "seen" values) are taken from it, the user's fields are filled in,
 * and the multipart body is POSTed to the page. The answer is the page the
 * server renders with the action's result. A retry re-posts the same body, as
 * a browser's re-submit does (same row ID, same seen values).
 *
 * Used by tests/e2e/race-libreoffice.spec.ts (demo workbook, short) and
 * bench/race-libreoffice.ts (40k rows, longer).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdir, readdir, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import ExcelJS from "exceljs";
import { DEMO_PASSWORD } from "../../lib/auth/demo-accounts";
import { findHeaderRow, isHeaderMap, matchesTabTitle } from "../../lib/schema/header";
import { auditTab, tasksTab, visitsTab } from "../../lib/schema/tabs";
import type { Columns } from "../../lib/schema/columns";
import type { TabSpec } from "../../lib/schema/tabs";
import { columnLetter, type RawRow, type RawTab } from "../../lib/schema/cells";
import { readWorkbookFast } from "../../lib/sheets/xlsx-fast-reader";
import { prepareE2eAuth } from "../e2e/support/auth-server";
import type { HandEdit } from "./libreoffice";

const ROOT = path.resolve(import.meta.dirname, "../..");
export const RACE_TODAY = "2026-11-20";

// ---------------------------------------------------------------------------
// Servers.

export interface RaceServer {
  name: string;
  url: string;
  process: ChildProcess;
  /** The server's last output, for a failure message. */
  output(): string;
  stop(): Promise<void>;
}

export async function startNextServer(name: string, port: number, env: NodeJS.ProcessEnv): Promise<RaceServer> {
  if (!existsSync(path.join(ROOT, ".next/BUILD_ID"))) throw new Error("no production build: run `npx next build` first");
  const next = path.join(ROOT, "node_modules/next/dist/bin/next");
  const child = spawn(process.execPath, [next, "start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (c: Buffer) => (output = (output + c.toString()).slice(-20_000));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await Promise.race([exited, sleep(5000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} (next start on ${port}) exited with ${child.exitCode}:\n${output}`);
    const ok = await fetch(`${url}/api/health`).then(
      async (r) => {
        await r.text();
        return r.status === 200;
      },
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${name} did not answer /api/health within 90 s:\n${output}`);
    }
    await sleep(250);
  }
  return { name, url, process: child, output: () => output, stop };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------
// LibreOffice kept open, as on a person's desk (tests/support/libreoffice-desk.py).

const DESK_SCRIPT = path.join(ROOT, "tests/support/libreoffice-desk.py");

function killGroup(pid: number | undefined) {
  if (!pid) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // already gone
  }
}

export class LibreOfficeDesk {
  private child?: ChildProcess;
  private lines: string[] = [];
  private waiting?: (line: string | null) => void;
  private output = "";
  private readonly pidFile: string;

  constructor(
    readonly workbook: string,
    private readonly dir: string,
  ) {
    this.pidFile = path.join(dir, "soffice.pid");
  }

  private next(timeoutMs: number): Promise<string | null> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        resolve(null);
      }, timeoutMs);
      this.waiting = (l) => {
        clearTimeout(timer);
        this.waiting = undefined;
        resolve(l);
      };
    });
  }

  async start(timeoutMs = 120_000) {
    await mkdir(this.dir, { recursive: true });
    const child = spawn("/usr/bin/python3", [DESK_SCRIPT, this.workbook, "--pid-file", this.pidFile], { detached: true, stdio: ["pipe", "pipe", "pipe"] });
    this.child = child;
    let partial = "";
    child.stdout!.on("data", (d: Buffer) => {
      partial += d.toString();
      const parts = partial.split("\n");
      partial = parts.pop()!;
      for (const p of parts) {
        if (this.waiting) this.waiting(p);
        else this.lines.push(p);
      }
    });
    child.stderr!.on("data", (d: Buffer) => (this.output = (this.output + d.toString()).slice(-4000)));
    child.once("exit", () => this.waiting?.(null));
    const ready = await this.next(timeoutMs);
    if (!ready?.includes('"ready"')) {
      await this.stop();
      throw new Error(`LibreOffice did not start: ${ready ?? "no answer"}\n${this.output}`);
    }
  }

  /** One sitting: open the workbook, apply `edits`, save as .xlsx, close. Resolves once closed. */
  async sit(edits: HandEdit[], timeoutMs: number): Promise<void> {
    if (!this.child?.stdin?.writable) throw new Error("LibreOffice is not running");
    this.child.stdin.write(`${JSON.stringify({ edits })}\n`);
    const line = await this.next(timeoutMs);
    if (line === null) {
      await this.kill();
      throw new Error(`LibreOffice did not finish a sitting within ${timeoutMs} ms; killed it\n${this.output}`);
    }
    const answer = JSON.parse(line) as { ok: boolean; error?: string };
    if (!answer.ok) throw new Error(`LibreOffice: ${answer.error}`);
  }

  private async kill() {
    killGroup(this.child?.pid);
    const soffice = Number(await readFile(this.pidFile, "utf8").catch(() => "")) || undefined;
    killGroup(soffice);
    this.child = undefined;
    // Killed, it leaves its lock file; nobody else opens this copy.
    await rm(lockFileOf(this.workbook), { force: true });
  }

  async stop() {
    const child = this.child;
    if (!child) return;
    child.stdin?.end();
    const exited = await Promise.race([new Promise<boolean>((r) => child.once("exit", () => r(true))), sleep(20_000).then(() => false)]);
    if (!exited || child.exitCode === null) await this.kill();
    this.child = undefined;
  }
}

// ---------------------------------------------------------------------------
// A signed-in user's browser, without JavaScript.

export class FormClient {
  private jar = new Map<string, string>();
  constructor(
    readonly baseUrl: string,
    readonly login: string,
  ) {}

  private keep(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair = ""] = c.split(";");
      const eq = pair.indexOf("=");
      if (eq > 0) this.jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  }

  private cookie() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  /** Signs in through next-auth's credentials callback, as the sign-in form does. */
  async signIn(password = DEMO_PASSWORD) {
    const csrf = await fetch(`${this.baseUrl}/api/auth/csrf`);
    this.keep(csrf);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const res = await fetch(`${this.baseUrl}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: this.cookie() },
      body: new URLSearchParams({ csrfToken, login: this.login, password, json: "true" }),
    });
    this.keep(res);
    await res.text();
    if (![...this.jar.keys()].some((k) => k.includes("session-token")))
      throw new Error(`signing in as ${this.login} at ${this.baseUrl} failed: HTTP ${res.status}`);
  }

  async get(pathname: string): Promise<{ status: number; html: string }> {
    const res = await fetch(`${this.baseUrl}${pathname}`, { headers: { cookie: this.cookie() }, redirect: "manual" });
    this.keep(res);
    return { status: res.status, html: await res.text() };
  }

  /** The page's form `testId`, as a browser would submit it: its hidden and prefilled fields. */
  async openForm(pathname: string, testId: string): Promise<PageForm> {
    const page = await this.get(pathname);
    if (page.status !== 200) throw new Error(`GET ${pathname} as ${this.login} answered HTTP ${page.status}`);
    return { pathname, fields: formFields(page.html, testId) };
  }

  /** Posts the form as a browser without JavaScript does; the answer is the page rendered with the action's result. */
  async submit(form: PageForm): Promise<{ status: number; html: string }> {
    const body = new FormData();
    for (const [name, value] of form.fields) body.append(name, value);
    const res = await fetch(`${this.baseUrl}${form.pathname}`, {
      method: "POST",
      body,
      redirect: "manual",
      headers: { cookie: this.cookie(), origin: this.baseUrl },
    });
    this.keep(res);
    return { status: res.status, html: await res.text() };
  }
}

export interface PageForm {
  pathname: string;
  /** Name/value pairs in document order (a name may repeat). */
  fields: [string, string][];
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|quot|amp|lt|gt|apos|nbsp);/giu, (_m, e: string) => {
    if (e[0] === "#") return String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return { quot: '"', amp: "&", lt: "<", gt: ">", apos: "'", nbsp: "\u00a0" }[e.toLowerCase()] ?? "";
  });
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([^\s=/>]+)(?:="([^"]*)")?/gu)) out[m[1]!] = decodeEntities(m[2] ?? "");
  return out;
}

/**
 * The fields a browser would submit from the form with data-testid `testId`:
 * inputs with a name (not disabled, checkboxes only when checked), textareas,
 * and each select's selected option.
 */
export function formFields(html: string, testId: string): [string, string][] {
  const start = html.indexOf(`data-testid="${testId}"`);
  if (start < 0) throw new Error(`no form ${testId} on the page`);
  const open = html.lastIndexOf("<form", start);
  const end = html.indexOf("</form>", start);
  const form = html.slice(open, end);
  const fields: [string, string][] = [];
  for (const m of form.matchAll(/<(input|textarea|select)\b([^>]*)>/gu)) {
    const kind = m[1]!;
    const attrs = attributes(m[2]!);
    if (!attrs.name || "disabled" in attrs) continue;
    if (kind === "input") {
      if ((attrs.type === "checkbox" || attrs.type === "radio") && !("checked" in attrs)) continue;
      if (attrs.type === "submit" || attrs.type === "button") continue;
      fields.push([attrs.name, attrs.value ?? ""]);
    } else if (kind === "textarea") {
      const close = form.indexOf("</textarea>", m.index);
      fields.push([attrs.name, decodeEntities(form.slice(m.index + m[0].length, close))]);
    } else {
      const close = form.indexOf("</select>", m.index);
      const options = [...form.slice(m.index, close).matchAll(/<option\b([^>]*)>/gu)].map((o) => attributes(o[1]!));
      const chosen = options.find((o) => "selected" in o) ?? options[0];
      fields.push([attrs.name, chosen?.value ?? ""]);
    }
  }
  return fields;
}

/** The form with `values` set, in place of what the page held. */
export function filled(form: PageForm, values: Record<string, string>): PageForm {
  const fields = form.fields.filter(([name]) => !(name in values));
  for (const [name, value] of Object.entries(values)) fields.push([name, value]);
  return { pathname: form.pathname, fields };
}

export function fieldOf(form: PageForm, name: string): string | undefined {
  return form.fields.find(([n]) => n === name)?.[1];
}

/** What the server answered a submission with, read from the rendered page. */
export type Answer = "saved" | "repeated" | "queued" | "unchanged" | "conflict" | "locked" | "busy" | "refused" | "failed";

export function answerOf(html: string, status: number): { answer: Answer; text: string } {
  // The message as the page shows it, without the markup or JSON quoting around it.
  const text = (re: RegExp) =>
    decodeEntities(re.exec(html)?.[0] ?? "")
      .split(/["\\]/u)
      .reduce((best, part) => ((part.match(/\p{Script=Han}/gu)?.length ?? 0) > (best.match(/\p{Script=Han}/gu)?.length ?? 0) ? part : best), "");
  if (status !== 200) return { answer: "failed", text: `HTTP ${status}` };
  if (/已暂存/u.test(html)) return { answer: "queued", text: text(/已暂存[^<"]{0,80}/u) };
  if (/已经保存过，没有重复写入/u.test(html)) return { answer: "repeated", text: text(/[^<">]{0,40}已经保存过，没有重复写入/u) };
  if (/已保存(走访记录|任务进度)/u.test(html)) return { answer: "saved", text: text(/已保存(走访记录|任务进度)[^<"]{0,40}/u) };
  if (/内容没有变化，未写入/u.test(html)) return { answer: "unchanged", text: "内容没有变化，未写入。" };
  if (/有人在表格中改动了您也要修改的内容/u.test(html)) return { answer: "conflict", text: text(/[^<">]{0,20}有人在表格中改动了您也要修改的内容[^<"]{0,40}/u) };
  if (/工作簿正在被/u.test(html)) return { answer: "locked", text: text(/工作簿正在被[^<"]{0,60}/u) };
  if (/工作簿正忙/u.test(html)) return { answer: "busy", text: text(/工作簿正忙[^<"]{0,60}/u) };
  if (/保存失败/u.test(html)) return { answer: "failed", text: text(/保存失败[^<"]{0,120}/u) };
  return { answer: "refused", text: text(/role="alert"[^>]*>[^<]{0,160}/u) || "(no message found on the page)" };
}

const acknowledged = (a: Answer) => a === "saved" || a === "repeated" || a === "queued";

// ---------------------------------------------------------------------------
// The workbook, as each reader sees it.

/** A cell as text, whatever the reader handed over (dates as yyyy-mm-dd, rich text as its text). */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: unknown };
    if (v.richText) return v.richText.map((r) => r.text).join("");
    if (v.text !== undefined) return cellText(v.text);
    if (v.result !== undefined) return cellText(v.result);
    if (v.error !== undefined) return String(v.error);
    return JSON.stringify(value);
  }
  return String(value);
}

/** Sheet title → its non-empty rows, every cell as text; plus the raw tabs for header lookup. */
export interface ReadBook {
  reader: string;
  tabs: RawTab[];
}

export async function readWithFastReader(file: string): Promise<ReadBook> {
  return { reader: "readWorkbookFast", tabs: await readWorkbookFast(file) };
}

export async function readWithExcelJs(file: string): Promise<ReadBook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const tabs: RawTab[] = wb.worksheets.map((ws) => {
    const rows: RawRow[] = [];
    ws.eachRow({ includeEmpty: false }, (row, number) => {
      const values = row.values as unknown[];
      rows.push({
        row: number,
        cells: values
          .slice(1)
          .map((v) =>
            v === undefined ? null : v instanceof Date ? v : typeof v === "object" && v !== null ? cellText(v) : (v as string | number | boolean | null),
          ),
      });
    });
    return { title: ws.name, rows };
  });
  return { reader: "exceljs", tabs };
}

/** A tab's data rows as objects keyed by column key (cells as text), found by header as the app finds them. */
function recordsOf<C extends Columns>(book: ReadBook, spec: TabSpec<C>): { row: number; cells: Record<string, string>; all: string[] }[] {
  const tab = book.tabs.find((t) => matchesTabTitle(spec, t.title));
  if (!tab) throw new Error(`${book.reader}: no tab ${spec.title} in the workbook`);
  const header = findHeaderRow(spec, tab.rows);
  if (!isHeaderMap(header)) throw new Error(`${book.reader}: ${spec.title} has no header (missing ${header.missing.join(", ")})`);
  return tab.rows
    .filter((r) => r.row > header.row)
    .map((r) => ({
      row: r.row,
      cells: Object.fromEntries(Object.entries(header.index).map(([key, i]) => [key, cellText(r.cells[i])])),
      all: r.cells.map(cellText),
    }));
}

// ---------------------------------------------------------------------------
// The race.

export interface RaceOptions {
  /** The workbook to start from (copied; never changed). */
  workbook: string;
  /** Where the run keeps its copy, accounts, snapshots and logs (emptied first). */
  dir: string;
  /** The two `next start` ports. */
  ports: [number, number];
  /** How long the posters and LibreOffice keep going. */
  durationMs: number;
  /** Posters per server: the first signs in as admin (visits and task updates), the next as the 经棚镇 unit user (visits). */
  postersPerServer?: number;
  /** Share of submissions sent a second time with the same body, as a browser re-submit does. */
  retryRate?: number;
  /** The person's pause between sittings, from and to (default 1–4 s; on a big workbook a sitting takes longer, and so does the pause). */
  libreOfficePauseMs?: [number, number];
  /** Per LibreOffice sitting (open, edit, save, close). */
  libreOfficeTimeoutMs?: number;
  /** Seed for the choices (which task, when to retry, pauses); printed with the results. */
  seed?: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

export interface WebWrite {
  kind: "visit" | "task";
  /** Visit ID, or the task's ID. */
  rowId: string;
  /** What identifies this write in the file: the visit ID, or the marker appended to the task's 备注. */
  marker: string;
  server: string;
  login: string;
  answers: { answer: Answer; text: string; at: number; ms: number }[];
  /** When the first acknowledging answer came. */
  ackAt?: number;
}

export interface LibreOfficeSave {
  n: number;
  /** The ID and 主要内容 of the row it inserted into 走访. */
  marker: string;
  /** The value it typed into its task's 备注. */
  edit: string;
  startedAt: number;
  savedAt: number;
  snapshot: string;
}

export interface RaceReport {
  workbook: string;
  seed: number;
  durationMs: number;
  rows: { visits: number; tasks: number };
  submissions: number;
  retried: number;
  answers: Record<string, number>;
  /** Acknowledged (已保存, 已经保存过 or 已暂存) writes. */
  writes: WebWrite[];
  saves: LibreOfficeSave[];
  libreOfficeFailures: string[];
  /** Acknowledged writes an office save undid (missing from a snapshot taken right after it) that are in the final file. */
  reapplied: string[];
  /** Acknowledged writes missing from the file but named on 数据体检. */
  conflictsListed: string[];
  lostWrites: string[];
  lostSaves: string[];
  /** Acknowledged writes without exactly one 操作日志 row. */
  auditProblems: string[];
  /** Where exceljs and the app's reader disagree. */
  readerDisagreements: string[];
  lockFileSeen: boolean;
  /** The task whose 备注 LibreOffice edits (no web write touches it). */
  libreOfficeTask: string;
}

/** A small deterministic generator, so a run can be repeated with its seed. */
function random(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

function lockFileOf(workbook: string): string {
  return path.join(path.dirname(workbook), `.~lock.${path.basename(workbook)}#`);
}

export async function runLibreOfficeRace(options: RaceOptions): Promise<RaceReport> {
  const log = options.log ?? (() => {});
  const seed = options.seed ?? Date.now() % 100_000;
  const rnd = random(seed);
  const retryRate = options.retryRate ?? 0.25;
  const postersPerServer = options.postersPerServer ?? 2;
  const tag = seed.toString(36).toUpperCase();

  await rm(options.dir, { recursive: true, force: true });
  await mkdir(path.join(options.dir, "data"), { recursive: true });
  const file = path.join(options.dir, "data", "dutyboard.xlsx");
  await copyFile(options.workbook, file);

  // Where things are at the start: 走访's header row, the tasks the posters and LibreOffice each own.
  const start = await readWithFastReader(file);
  const visitsTabRaw = start.tabs.find((t) => matchesTabTitle(visitsTab, t.title))!;
  const visitsHeader = findHeaderRow(visitsTab, visitsTabRaw.rows);
  if (!isHeaderMap(visitsHeader)) throw new Error("the workbook's 走访 has no header");
  const taskRecords = recordsOf(start, tasksTab).filter((r) => r.cells.id);
  const visitCount = recordsOf(start, visitsTab).length;
  const libreOfficeTask = taskRecords[taskRecords.length - 1]!;
  const tasksTabRaw = start.tabs.find((t) => matchesTabTitle(tasksTab, t.title))!;
  const tasksHeader = findHeaderRow(tasksTab, tasksTabRaw.rows);
  if (!isHeaderMap(tasksHeader)) throw new Error("the workbook's 任务 has no header");
  const libreOfficeCell = `${columnLetter(tasksHeader.index.notes!)}${libreOfficeTask.row}`;
  const webTasks = taskRecords.slice(0, -1).map((r) => r.cells.id!);

  const accountsFile = path.join(options.dir, "accounts.json");
  const servers: RaceServer[] = [];
  let desk: LibreOfficeDesk | undefined;
  const report: RaceReport = {
    workbook: options.workbook,
    seed,
    durationMs: options.durationMs,
    rows: { visits: visitCount, tasks: taskRecords.length },
    submissions: 0,
    retried: 0,
    answers: {},
    writes: [],
    saves: [],
    libreOfficeFailures: [],
    reapplied: [],
    conflictsListed: [],
    lostWrites: [],
    lostSaves: [],
    auditProblems: [],
    readerDisagreements: [],
    lockFileSeen: false,
    libreOfficeTask: libreOfficeTask.cells.id!,
  };
  try {
    let auth: Record<string, string> = {};
    for (const [i, port] of options.ports.entries()) {
      const url = `http://127.0.0.1:${port}`;
      auth = { ...(await prepareE2eAuth({ accountsFile, baseUrl: url })), NEXTAUTH_URL: url };
      servers.push(
        await startNextServer(`server ${"AB"[i]}`, port, {
          ...auth,
          DATA_FILE: file,
          DUTYBOARD_TODAY: RACE_TODAY,
          NODE_ENV: "production",
        }),
      );
    }
    log(`race ${tag}: ${servers.map((s) => s.url).join(" + ")} on ${file} (${visitCount} visits, ${taskRecords.length} tasks), ${options.durationMs / 1000} s`);

    const deadline = Date.now() + options.durationMs;
    const all: WebWrite[] = [];
    let visitN = 0;
    let taskN = 0;
    const tally = (a: Answer) => (report.answers[a] = (report.answers[a] ?? 0) + 1);

    const send = async (client: FormClient, write: WebWrite, form: PageForm) => {
      const times = rnd() < retryRate ? 2 : 1;
      if (times === 2) report.retried++;
      for (let t = 0; t < times; t++) {
        report.submissions++;
        const sent = Date.now();
        const answer = await client.submit(form).then(
          (r) => answerOf(r.html, r.status),
          (e: unknown) => ({ answer: "failed" as const, text: String(e) }),
        );
        tally(answer.answer);
        write.answers.push({ ...answer, at: Date.now(), ms: Date.now() - sent });
        if (acknowledged(answer.answer) && write.ackAt === undefined) write.ackAt = Date.now();
        // A person told the workbook is open elsewhere reads the message before trying again.
        if (answer.answer === "locked" || answer.answer === "busy") await sleep(1000 + rnd() * 2000);
      }
    };

    const poster = async (server: RaceServer, login: "admin" | "unit", tasks: string[]) => {
      const client = new FormClient(server.url, login);
      await client.signIn();
      while (Date.now() < deadline) {
        try {
          if (login === "admin" && tasks.length > 0 && rnd() < 0.45) {
            const rowId = tasks[Math.floor(rnd() * tasks.length)]!;
            const form = await client.openForm(`/tasks/${encodeURIComponent(rowId)}/edit`, "task-progress-form");
            const marker = `W${tag}-${++taskN}`;
            const notes = `${fieldOf(form, "notes") ?? ""} ${marker}`.trim();
            const write: WebWrite = { kind: "task", rowId, marker, server: server.name, login, answers: [] };
            all.push(write);
            await send(client, write, filled(form, { notes }));
          } else {
            const form = await client.openForm("/visits/new", "visit-form");
            const rowId = fieldOf(form, "id")!;
            const write: WebWrite = { kind: "visit", rowId, marker: rowId, server: server.name, login, answers: [] };
            all.push(write);
            const values: Record<string, string> = {
              date: RACE_TODAY,
              cadre: `竞速${++visitN}`,
              contactPoint: "联系点",
              method: "座谈",
              summary: `race ${tag} ${rowId}`,
            };
            if (login === "admin") values.unit = "经棚镇";
            await send(client, write, filled(form, values));
          }
        } catch (error) {
          tally("failed");
          log(`${server.name} ${login}: ${String(error).slice(0, 200)}`);
          await sleep(500);
        }
      }
    };

    // LibreOffice, as a person: open, edit a cell, insert a row, sort, save, close; a pause; again.
    desk = new LibreOfficeDesk(file, path.join(options.dir, "desk"));
    await desk.start();
    const libreOffice = async () => {
      let n = 0;
      while (Date.now() < deadline) {
        n++;
        const marker = `LO-${tag}-${n}`;
        const edit = `LO ${tag} 第${n}次保存`;
        const values: (string | number | null)[] = [];
        const put = (key: string, value: string) => (values[visitsHeader.index[key]!] = value);
        put("id", marker);
        put("date", "2026/3/5");
        put("cadre", "表格录入");
        put("unit", "经棚镇");
        put("contactPoint", "联系点");
        put("summary", marker);
        const edits: HandEdit[] = [
          { sheet: tasksTabRaw.title, op: "set", cell: libreOfficeCell, value: edit },
          { sheet: visitsTabRaw.title, op: "insertRows", before: visitsHeader.row + 1, values: [Array.from(values, (v) => v ?? null)] },
          {
            sheet: visitsTabRaw.title,
            op: "sort",
            fromRow: visitsHeader.row + 1,
            column: columnLetter(visitsHeader.index[n % 2 ? "date" : "id"]!),
            descending: n % 3 === 0,
          },
        ];
        const startedAt = Date.now();
        try {
          await desk!.sit(edits, options.libreOfficeTimeoutMs ?? 120_000).catch(async (error: unknown) => {
            // A hung LibreOffice is killed; the person starts it again.
            await desk!.stop();
            await desk!.start();
            throw error;
          });
          const savedAt = Date.now();
          const snapshot = path.join(options.dir, `after-save-${n}.xlsx`);
          await copyFile(file, snapshot);
          report.saves.push({ n, marker, edit, startedAt, savedAt, snapshot });
          log(`LibreOffice save ${n} (${((savedAt - startedAt) / 1000).toFixed(1)} s); ${all.filter((w) => w.ackAt).length} writes acknowledged so far`);
        } catch (error) {
          report.libreOfficeFailures.push(`sitting ${n}: ${String(error).slice(0, 300)}`);
          log(`LibreOffice sitting ${n} failed: ${String(error).slice(0, 300)}`);
        }
        const [least, most] = options.libreOfficePauseMs ?? [1000, 4000];
        await sleep(least + rnd() * (most - least));
      }
      await desk!.stop();
    };

    // Whether LibreOffice's own lock file appears while it works (checked, not assumed).
    const lockWatch = (async () => {
      while (Date.now() < deadline && !report.lockFileSeen) {
        if (existsSync(lockFileOf(file))) report.lockFileSeen = true;
        await sleep(20);
      }
    })();

    const adminTasks = servers.map((_, i) => webTasks.filter((_t, j) => j % servers.length === i));
    await Promise.all([
      libreOffice(),
      lockWatch,
      ...servers.flatMap((server, i) =>
        Array.from({ length: postersPerServer }, (_, p) =>
          poster(server, p % 2 === 0 ? "admin" : "unit", p % 2 === 0 ? adminTasks[i]!.filter((_t, j) => j % Math.ceil(postersPerServer / 2) === p / 2) : []),
        ),
      ),
    ]);
    report.writes = all.filter((w) => w.ackAt !== undefined);

    // The office lock is gone: a few reads let queued or undone writes be applied, as the next visitor's page would.
    if (existsSync(lockFileOf(file))) throw new Error(`LibreOffice's lock ${lockFileOf(file)} is still there after its last sitting`);
    const admin = new FormClient(servers[0]!.url, "admin");
    await admin.signIn();
    for (let i = 0; i < 3; i++) {
      for (const server of servers) await fetch(`${server.url}/api/health`).then((r) => r.text());
      await admin.get("/");
      await sleep(1000);
    }
    const health = await admin.get("/data-health");

    await countLosses(report, file, libreOfficeTask.cells.id!, health.html);
    return report;
  } finally {
    await desk?.stop();
    await Promise.all(servers.map((s) => s.stop()));
    if (existsSync(lockFileOf(file))) await rm(lockFileOf(file), { force: true });
  }
}

/** Which acknowledged writes and LibreOffice saves one reader finds in a workbook. */
function presence(book: ReadBook, writes: WebWrite[], saves: LibreOfficeSave[]) {
  const visits = recordsOf(book, visitsTab);
  const visitIds = new Map(visits.map((v) => [v.cells.id, v]));
  const tasks = new Map(recordsOf(book, tasksTab).map((t) => [t.cells.id, t]));
  const writePresent = new Map<WebWrite, boolean>();
  for (const w of writes) {
    if (w.kind === "visit") writePresent.set(w, visitIds.has(w.rowId));
    else writePresent.set(w, (tasks.get(w.rowId)?.cells.notes ?? "").split(/\s+/u).includes(w.marker));
  }
  const savePresent = new Map<LibreOfficeSave, boolean>();
  for (const s of saves)
    savePresent.set(
      s,
      visits.some((v) => v.cells.id === s.marker && v.cells.summary === s.marker),
    );
  return { writePresent, savePresent, tasks };
}

function describeWrite(w: WebWrite): string {
  const answers = w.answers.map((a) => `${new Date(a.at).toISOString().slice(11, 23)} ${a.answer}「${a.text}」`).join("; ");
  return `${w.kind === "visit" ? `visit ${w.rowId}` : `task ${w.rowId} 备注 ${w.marker}`} (${w.login} on ${w.server}; ${answers})`;
}

/**
 * Fills the report's counts from the final `file`: which acknowledged writes and
 * LibreOffice saves are there (both readers), which were undone by a save and
 * put back, which 数据体检 (`healthHtml`) lists, and the 操作日志 rows.
 */
export async function countLosses(report: RaceReport, file: string, libreOfficeTaskId: string, healthHtml: string) {
  const books = [await readWithExcelJs(file), await readWithFastReader(file)];
  const seen = books.map((b) => ({ reader: b.reader, ...presence(b, report.writes, report.saves) }));

  const undone = new Set<WebWrite>();
  for (const save of report.saves) {
    const snap = presence(await readWithFastReader(save.snapshot), report.writes, []);
    for (const w of report.writes) if (w.ackAt! < save.savedAt && !snap.writePresent.get(w)) undone.add(w);
  }

  for (const w of report.writes) {
    const found = seen.map((s) => s.writePresent.get(w)!);
    if (found[0] !== found[1])
      report.readerDisagreements.push(`${describeWrite(w)}: ${seen.map((s, i) => `${s.reader} ${found[i] ? "finds" : "misses"} it`).join(", ")}`);
    if (found.every(Boolean)) {
      if (undone.has(w)) report.reapplied.push(describeWrite(w));
    } else if (healthHtml.includes(w.marker)) report.conflictsListed.push(describeWrite(w));
    else report.lostWrites.push(`${describeWrite(w)}${undone.has(w) ? " — undone by a LibreOffice save" : ""}`);
  }
  for (const s of report.saves) {
    const found = seen.map((r) => r.savePresent.get(s)!);
    if (found[0] !== found[1])
      report.readerDisagreements.push(`LibreOffice save ${s.n}: ${seen.map((r, i) => `${r.reader} ${found[i] ? "finds" : "misses"} it`).join(", ")}`);
    if (!found.every(Boolean)) {
      const at = `${new Date(s.startedAt).toISOString().slice(11, 23)}–${new Date(s.savedAt).toISOString().slice(11, 23)}`;
      report.lostSaves.push(`LibreOffice save ${s.n} (${at}): its row ${s.marker} in 走访 is gone`);
    }
  }
  // The person's last edit of their task's 备注 stands (nobody else writes that cell).
  const last = report.saves[report.saves.length - 1];
  if (last) {
    for (const r of seen) {
      const now = r.tasks.get(libreOfficeTaskId)?.cells.notes ?? "";
      if (now !== last.edit)
        report.lostSaves.push(`LibreOffice save ${last.n}: ${r.reader} reads 任务 ${libreOfficeTaskId} 备注 as「${now}」, not「${last.edit}」`);
    }
  }

  // 操作日志: exactly one row per acknowledged write that is in the file — the write's own row, written with
  // it (a queued write's says 「（暂存后写入）」) — unless an office save undid both and the journal wrote them
  // again, which it says in rows of their own 「（被表格保存撤销，重新写入）」, one per time it put the write back.
  const conflicted = new Set(report.conflictsListed);
  for (const book of books) {
    const audit = recordsOf(book, auditTab);
    for (const w of report.writes) {
      if (conflicted.has(describeWrite(w))) continue;
      const base = w.kind === "visit" ? "新增走访" : "更新任务进度";
      const about = audit.filter((a) =>
        w.kind === "visit"
          ? a.cells.rowId === w.rowId
          : a.cells.rowId === w.rowId && a.cells.after!.includes(w.marker) && !(a.cells.before ?? "").includes(w.marker),
      );
      const own = about.filter((a) => a.cells.action === base || a.cells.action === `${base}（暂存后写入）`);
      const again = about.filter((a) => a.cells.action === `${base}（被表格保存撤销，重新写入）`);
      const ok = undone.has(w) ? own.length + again.length >= 1 && own.length <= 1 : own.length === 1 && again.length === 0;
      if (!ok) report.auditProblems.push(`${book.reader}: ${own.length} 操作日志 rows (+${again.length} re-written) for ${describeWrite(w)}`);
    }
  }
}

function percentiles(ms: number[]): string {
  if (ms.length === 0) return "–";
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! / 1000).toFixed(1);
  return `p50 ${at(0.5)} s, max ${at(1)} s`;
}

export function raceSummary(r: RaceReport): string {
  const lostWrites = r.lostWrites.length;
  const lines = [
    `workbook ${path.basename(r.workbook)} (${r.rows.visits} visits, ${r.rows.tasks} tasks), ${r.durationMs / 1000} s, seed ${r.seed}`,
    `submissions ${r.submissions} (${r.retried} re-submitted) → ${Object.entries(r.answers)
      .map(([a, n]) => `${a} ${n}`)
      .join(", ")}; a saving submission took ${percentiles(r.writes.flatMap((w) => w.answers.filter((a) => a.answer === "saved").map((a) => a.ms)))}` +
      `; a LibreOffice sitting ${percentiles(r.saves.map((s) => s.savedAt - s.startedAt))}`,
    `writes ${r.writes.length} (visits ${r.writes.filter((w) => w.kind === "visit").length}, task updates ${r.writes.filter((w) => w.kind === "task").length})` +
      ` | LibreOffice saves ${r.saves.length}${r.libreOfficeFailures.length ? ` (+${r.libreOfficeFailures.length} failed sittings)` : ""}` +
      ` | re-applied ${r.reapplied.length} | conflicts listed ${r.conflictsListed.length}` +
      ` | lost: writes ${lostWrites}, LibreOffice saves ${r.lostSaves.length} | 操作日志 mismatches ${r.auditProblems.length} | reader disagreements ${r.readerDisagreements.length}` +
      ` | office lock file seen ${r.lockFileSeen ? "yes" : "no"}`,
  ];
  const list = (title: string, items: string[]) => (items.length ? [`${title}:`, ...items.map((i) => `  - ${i}`)] : []);
  return [
    ...lines,
    ...list("LOST acknowledged writes", r.lostWrites),
    ...list("LOST LibreOffice saves", r.lostSaves),
    ...list("操作日志 mismatches", r.auditProblems),
    ...list("reader disagreements", r.readerDisagreements),
    ...list("re-applied", r.reapplied),
    ...list("on the conflict list", r.conflictsListed),
    ...list("LibreOffice sittings that failed", r.libreOfficeFailures),
  ].join("\n");
}

/** Snapshots and copies a run leaves behind, for a look after a failure; removed by the caller when it passed. */
export async function raceLeftovers(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const sized = await Promise.all(names.map(async (n) => `${n} ${(await stat(path.join(dir, n))).size}`));
  return sized;
}
