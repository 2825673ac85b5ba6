import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * One thing a person does to a workbook in LibreOffice Calc. Rows are 1-based
 * sheet rows. A string value is typed as a person types it: "2026/3/5" becomes
 * a date cell, "60%" a percentage, "=1+1" a formula; a number is that number;
 * null empties the cell as the Delete key does.
 */
export type HandEdit =
  | { sheet: string; op: "set"; cell: string; value: string | number | null }
  | { sheet: string; op: "insertRows"; before: number; count?: number; values?: (string | number | null)[][] }
  | { sheet: string; op: "deleteRows"; at: number; count?: number }
  /** Sorts every row from `fromRow` down by one column, leaving the rows above in place. */
  | { sheet: string; op: "sort"; fromRow: number; column: string; descending?: boolean }
  /** Tools › Protect Sheet, with an optional password. */
  | { sheet: string; op: "protect"; password?: string }
  /** What a person adds beside the data: a comment on a cell, a text box, a chart of a range, a custom document property. */
  | { sheet: string; op: "comment"; cell: string; text: string }
  | { sheet: string; op: "textBox"; text: string }
  | { sheet: string; op: "chart"; range: string; name?: string }
  | { sheet: string; op: "customProperty"; name: string; value: string }
  /** Insert › Hyperlink on a cell: the cell shows `text` and links to `url`. */
  | { sheet: string; op: "link"; cell: string; text: string; url: string };

export interface EditOptions {
  /** soffice is killed when the whole edit takes longer (default 60 s). */
  timeoutMs?: number;
  /** The locale whose typing conventions apply to typed values (default zh-CN). */
  locale?: string;
}

export const LIBREOFFICE_PACKAGES = "libreoffice-calc-nogui python3-uno";
const SOFFICE = "/usr/bin/soffice";
// Debian's python3-uno is built for Debian's interpreter, not a pyenv/venv python3 on PATH.
const PYTHON = "/usr/bin/python3";
const SCRIPT = fileURLToPath(new URL("./libreoffice-edit.py", import.meta.url));

let available: boolean | undefined;

/** Whether LibreOffice and its Python bridge are installed (see LIBREOFFICE_PACKAGES). */
export function libreOfficeAvailable(): boolean {
  available ??= existsSync(SOFFICE) && spawnSync(PYTHON, ["-c", "import uno"], { stdio: "ignore" }).status === 0;
  return available;
}

function killGroup(pid: number | undefined) {
  if (!pid) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // already gone
  }
}

/**
 * Opens `file` in headless LibreOffice, applies `edits` in order through the
 * UNO API and saves it back over `file` as .xlsx, as a person editing the
 * workbook by hand would. One soffice process with a private profile per call.
 */
export async function editWithLibreOffice(file: string, edits: HandEdit[], opts: EditOptions = {}): Promise<void> {
  if (!libreOfficeAvailable()) {
    throw new Error(`LibreOffice is not available: install ${LIBREOFFICE_PACKAGES} (apt-get install -y ${LIBREOFFICE_PACKAGES})`);
  }
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const workbook = path.resolve(file);
  const dir = await mkdtemp(path.join(os.tmpdir(), "dutyboard-lo-"));
  const profile = path.join(dir, "profile");
  const pidFile = path.join(dir, "soffice.pid");
  const sofficePid = async () => Number(await readFile(pidFile, "utf8").catch(() => "")) || undefined;
  let finished = false;
  try {
    const editsFile = path.join(dir, "edits.json");
    await writeFile(editsFile, JSON.stringify(edits));
    const args = [SCRIPT, workbook, editsFile, "--profile", profile, "--pid-file", pidFile, "--timeout", String(timeoutMs / 1000)];
    if (opts.locale) args.push("--locale", opts.locale);

    const result = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string; timedOut: boolean }>((resolve, reject) => {
      // Its own process group, so a hung run can be killed whole.
      const child = spawn(PYTHON, args, { detached: true, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      let timedOut = false;
      child.stdout.on("data", (d: Buffer) => (output += d.toString()));
      child.stderr.on("data", (d: Buffer) => (output += d.toString()));
      // The script enforces the timeout itself; this is the backstop if Python itself hangs.
      const backstop = setTimeout(() => {
        timedOut = true;
        killGroup(child.pid);
        void sofficePid().then(killGroup);
      }, timeoutMs + 5_000);
      child.on("error", (e) => {
        clearTimeout(backstop);
        reject(e);
      });
      child.on("close", (code, signal) => {
        clearTimeout(backstop);
        resolve({ code, signal, output: output.trim(), timedOut });
      });
    });
    if (result.code !== 0 || result.timedOut) {
      const why = result.timedOut || result.code === 3 ? `timed out after ${timeoutMs} ms` : `failed (${result.signal ?? `exit code ${result.code}`})`;
      throw new Error(`LibreOffice edit of ${workbook} ${why}:\n${result.output}`);
    }
    finished = true;
  } finally {
    // After a clean run the script has already stopped soffice (and its pid may be reused).
    if (!finished) {
      killGroup(await sofficePid());
      await removeOwnLock(workbook, profile);
    }
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * LibreOffice leaves `.~lock.NAME#` beside a workbook it had open when it is
 * killed; the app would then refuse to write. The lock names the profile that
 * holds it, so only our own stale lock is removed.
 */
async function removeOwnLock(workbook: string, profile: string) {
  const lock = path.join(path.dirname(workbook), `.~lock.${path.basename(workbook)}#`);
  const holder = await readFile(lock, "utf8").catch(() => undefined);
  if (holder?.includes(pathToFileURL(profile).href)) await rm(lock, { force: true });
}
