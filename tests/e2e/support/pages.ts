/**
 * The list pages as a test sees them: one page object for the shared table, the doctor's
 * figures and the parsed workbook as oracles, axe, downloads and screenshots.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, type Download, type Locator, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseWorkbook, type Dataset } from "../../../lib/schema/workbook";
import { XlsxStore } from "../../../lib/sheets/xlsx-store";
import { workbookFile } from "./workbook";

export const TODAY = "2026-11-20";
export const YEAR = 2026;
export const SCREENS_DIR = path.resolve(".tmp/screens");

export interface DoctorFigures {
  tasks: { total: number; done: number; overdue: number; red: number; yellow: number; green: number; cancelled: number; open: number };
  visits: { count: number; suggestions: number; solved: number; cadres: number };
  meetings: Record<string, number>;
  scores: { average: number | null; grades: Record<"好" | "较好" | "一般" | "差", number>; incomplete: number; capped: number; units: number };
  accountability: { count: number };
}

let doctorOutput: { year: number; figures: DoctorFigures } | undefined;
let dataset: Promise<Dataset> | undefined;

/**
 * `npm run -s doctor -- --json` on the served workbook: the figures the pages must agree with.
 * Run once per worker: tests that edit the workbook put it back as it was.
 */
export function doctor(): { year: number; figures: DoctorFigures } {
  doctorOutput ??= runDoctor();
  return doctorOutput;
}

function runDoctor(): { year: number; figures: DoctorFigures } {
  const out = execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/doctor.ts", "--json", "--file", workbookFile], {
    env: { ...process.env, DUTYBOARD_TODAY: TODAY },
    encoding: "utf8",
  });
  return JSON.parse(out);
}

/** The served workbook read by the app's own parser, for counts the doctor does not print (a month, a unit). */
export function servedDataset(): Promise<Dataset> {
  dataset ??= new XlsxStore(workbookFile, { backups: 0 }).readAll().then(parseWorkbook);
  return dataset;
}

/** One table on a page, found by its test id. */
export class TablePage {
  readonly table: Locator;

  constructor(
    readonly page: Page,
    testId: string,
  ) {
    this.table = page.getByTestId(testId);
  }

  /** Rows after search and filters (the table is virtual, so this is read from its counter, not counted in the DOM). */
  async count(): Promise<number> {
    return Number(await this.table.getByTestId("row-count").getAttribute("data-count"));
  }

  async expectCount(n: number) {
    await expect(this.table.getByTestId("row-count")).toHaveAttribute("data-count", String(n));
  }

  rows(): Locator {
    return this.table.getByTestId("table-row");
  }

  async firstRowId(): Promise<string | null> {
    return this.rows().first().getAttribute("data-row-id");
  }

  /** Until React has taken over the table, a control changed in the DOM does not change the rows. */
  async hydrated() {
    await expect(this.table).toHaveAttribute("data-hydrated", "true");
  }

  async search(text: string) {
    await this.hydrated();
    await this.table.getByTestId("table-search").fill(text);
  }

  async filter(param: string, value: string) {
    await this.hydrated();
    await this.table.getByTestId(`filter-${param}`).selectOption(value);
  }

  async flag(param: string, on = true) {
    await this.hydrated();
    await this.table.getByTestId(`filter-${param}`).setChecked(on);
  }

  async sortBy(column: string) {
    await this.hydrated();
    await this.table.getByTestId(`sort-${column}`).click();
  }

  header(column: string): Locator {
    return this.table.getByTestId(`sort-${column}`);
  }

  /** Clicks an export button and returns the downloaded file. */
  async export(kind: "CSV" | "Excel"): Promise<{ download: Download; bytes: Buffer }> {
    const [download] = await Promise.all([this.page.waitForEvent("download"), this.table.getByRole("button", { name: new RegExp(kind) }).click()]);
    const file = await download.path();
    return { download, bytes: await readFile(file) };
  }
}

/** Waits until the table's own URL writes (debounced) contain every expected parameter. */
export async function expectQuery(page: Page, expected: Record<string, string | null>) {
  await expect
    .poll(() => {
      const params = new URL(page.url()).searchParams;
      return Object.fromEntries(Object.keys(expected).map((k) => [k, params.get(k)]));
    })
    .toEqual(expected);
}

/** No serious or critical accessibility violation on the page as it is now. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 3)
          .join(", ")}`,
    ),
  ).toEqual([]);
}

/** A full-page screenshot in .tmp/screens, to look at. */
export async function screenshot(page: Page, name: string) {
  await mkdir(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS_DIR, `${name}.png`), fullPage: true });
}
