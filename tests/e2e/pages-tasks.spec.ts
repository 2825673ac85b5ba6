import { expect, test } from "./support/fixtures";
import { yearOf } from "../../lib/domain/dates";
import { doctor, expectQuery, servedDataset, TablePage, YEAR } from "./support/pages";

// Each test loads several pages and counts rows; generous for a busy CI machine.
test.describe.configure({ timeout: 120_000 });

test.describe("任务 /tasks", () => {
  test("the table agrees with the doctor: every task, overdue only, and each light", async ({ page }) => {
    const { figures } = doctor();
    await page.goto("/tasks");
    const tasks = new TablePage(page, "tasks-table");
    await tasks.expectCount(figures.tasks.total);

    await tasks.flag("overdue");
    await tasks.expectCount(figures.tasks.overdue);
    await expectQuery(page, { overdue: "1" });
    await tasks.flag("overdue", false);

    for (const light of ["red", "yellow", "green"] as const) {
      await tasks.filter("light", light);
      await tasks.expectCount(figures.tasks[light]);
    }
    await tasks.filter("light", "");
    await tasks.expectCount(figures.tasks.total);

    // The quick-filter chips are links to the same views.
    await page
      .getByTestId("task-quick-filters")
      .getByRole("link", { name: /只看逾期/ })
      .click();
    await expect(page).toHaveURL(/overdue=1/);
    await tasks.expectCount(figures.tasks.overdue);
  });

  test("sort, search, filters and columns live in the URL and survive a reload", async ({ page }) => {
    const dataset = await servedDataset();
    const inYear = dataset.tasks.filter((t) => yearOf(t.due) === YEAR);
    const unit = "旗委组织部";
    const ofUnit = inYear.filter((t) => t.leadUnit === unit);
    expect(ofUnit.length).toBeGreaterThan(1);

    await page.goto("/tasks");
    const tasks = new TablePage(page, "tasks-table");
    await tasks.filter("unit", unit);
    await tasks.expectCount(ofUnit.length);

    // Latest due date first.
    await tasks.sortBy("due");
    await tasks.sortBy("due");
    await expect(tasks.header("due").locator("xpath=..")).toHaveAttribute("aria-sort", "descending");
    const latest = [...ofUnit].sort((a, b) => (a.due < b.due ? 1 : a.due > b.due ? -1 : 0))[0];
    await expect(tasks.rows().first()).toContainText(latest?.due ?? "");

    // Free text finds one task by its item.
    const target = ofUnit[0];
    if (!target) throw new Error("no task");
    const word = target.title;
    await tasks.search(word);
    const matching = ofUnit.filter((t) => t.title.includes(word));
    await tasks.expectCount(matching.length);
    await expect(tasks.rows().first()).toHaveAttribute("data-row-id", target.id);

    // Column choice: hide 责任人.
    await tasks.table.getByTestId("column-picker").locator("summary").click();
    await tasks.table.getByTestId("column-owner").uncheck();
    await expect(tasks.header("owner")).toHaveCount(0);

    await expectQuery(page, { unit, sort: "-due", q: word, cols: "id,title,keyTask,leadUnit,due,overdueDays,progress,light,bad,status" });

    await page.reload();
    const again = new TablePage(page, "tasks-table");
    await again.expectCount(matching.length);
    await expect(again.table.getByTestId("filter-unit")).toHaveValue(unit);
    await expect(again.table.getByTestId("table-search")).toHaveValue(word);
    await expect(again.header("due").locator("xpath=..")).toHaveAttribute("aria-sort", "descending");
    await expect(again.header("owner")).toHaveCount(0);

    await again.table.getByTestId("clear-filters").click();
    await again.expectCount(inYear.length);
  });

  test("empty states say what to do", async ({ page }) => {
    await page.goto("/tasks?year=2030");
    await expect(page.getByTestId("year-select")).toHaveValue("2030");
    await expect(page.getByTestId("table-empty")).toContainText("2030 年度还没有任务");

    await page.goto("/tasks?q=没有这样的任务");
    const tasks = new TablePage(page, "tasks-table");
    await expect(tasks.table.getByTestId("table-no-match")).toBeVisible();
    await tasks.table.getByTestId("table-no-match").getByRole("button", { name: "清除筛选" }).click();
    await tasks.expectCount(doctor().figures.tasks.total);
  });

  test("a task's page shows its partner units, planned against actual progress and the meetings that assigned it", async ({ page }) => {
    const dataset = await servedDataset();
    const meeting = dataset.meetings.find((m) => yearOf(m.date) === YEAR && (m.taskIds ?? []).length > 0);
    const taskId = meeting?.taskIds?.[0];
    if (!meeting || !taskId) throw new Error("the seed has no meeting assigning a task");
    const task = dataset.tasks.find((t) => t.id === taskId);
    if (!task) throw new Error(`no task ${taskId}`);

    await page.goto("/tasks");
    await new TablePage(page, "tasks-table").search(taskId);
    await page.getByTestId("tasks-table").getByRole("link", { name: taskId, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/tasks/${taskId}$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(task.title);
    await expect(page.getByTestId("actual-bar")).toBeVisible();
    for (const partner of task.partnerUnits ?? []) await expect(page.getByTestId("partner-units")).toContainText(partner);
    await expect(page.getByTestId("task-meetings")).toContainText(meeting.id);

    // An open task says how far it is from plan and why its light has its colour.
    const open = dataset.tasks.find((t) => yearOf(t.due) === YEAR && t.status === "进行中" && !t.doneOn);
    if (open) {
      await page.goto(`/tasks/${open.id}`);
      await expect(page.getByTestId("planned-bar")).toBeVisible();
      await expect(page.getByTestId("light-reason")).toBeVisible();
    }

    await page.goto("/tasks/NO-SUCH-TASK");
    await expect(page.getByRole("heading", { name: "没有找到这项任务" })).toBeVisible();
  });

  test("a unit's page gathers its tasks, visits and grade", async ({ page }) => {
    const dataset = await servedDataset();
    const unit = "经棚镇";
    const tasks = dataset.tasks.filter((t) => yearOf(t.due) === YEAR && (t.leadUnit === unit || (t.partnerUnits ?? []).includes(unit)));
    const visits = dataset.visits.filter((v) => yearOf(v.date) === YEAR && v.unit === unit);

    await page.goto(`/units/${encodeURIComponent(unit)}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(unit);
    await new TablePage(page, "unit-tasks-table").expectCount(tasks.length);
    await new TablePage(page, "unit-visits-table").expectCount(visits.length);
    await expect(page.getByTestId("unit-visits-value")).toHaveText(String(visits.length));
    await expect(page.getByTestId("unit-score")).toBeVisible();

    // The unit's two tables keep separate views in the URL.
    await new TablePage(page, "unit-tasks-table").filter("role", "lead");
    await expectQuery(page, { "t.role": "lead" });
    await page.reload();
    await new TablePage(page, "unit-tasks-table").expectCount(tasks.filter((t) => t.leadUnit === unit).length);
  });
});
