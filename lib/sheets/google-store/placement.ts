import { isBlank, type CellValue, type RawRow } from "../../schema/cells";
import type { Columns } from "../../schema/columns";
import type { TabSpec } from "../../schema/tabs";
import { foldKey } from "../../schema/values";
import { cellFromWire, holdsWire, type WireValue } from "../google-cells";
import type { MisplacedWrite } from "../store";
import { rowsWithId, type FoundTab, type SheetReader } from "./reader";
import type { GoogleRequests } from "./requests";
import { cellWrite, type KeyedValue } from "./write-ranges";

/**
 * Cells are addressed by row number, and Google has no conditional write:
 * a person who inserts, deletes or sorts rows between our read and our
 * write moves another row under those cells. So the row's ID cell is read
 * back. When it is not ours and our row does not hold the new values, the
 * write went to someone else's row: its cells that now hold our values, and
 * did not in our read, get their earlier values back, and the caller writes
 * again from a fresh read. Returns whether the write is where it belongs;
 * each row put back is added to `misplaced`.
 */
export async function settlePlacement(
  requests: GoogleRequests,
  reader: SheetReader,
  spec: TabSpec<Columns>,
  pre: FoundTab,
  id: string,
  row: number,
  written: KeyedValue[],
  misplaced: MisplacedWrite[],
): Promise<boolean> {
  const spreadsheetId = requests.spreadsheetId;
  const idColumn = pre.header.index[spec.idColumn]!;
  // The whole row: its ID alone could be back in place after two moves while our cells went to another row.
  const line = (await reader.readRow(pre.sheet.title, row, Math.max(pre.header.width, idColumn + 1) - 1)).map(cellFromWire);
  const idCell = line[idColumn] ?? null;
  const holdsOurs = written.every((w) => holdsWire(line[pre.header.index[w.key]!] ?? null, w.value));
  if (!isBlank(idCell) && foldKey(String(idCell)) === foldKey(id) && holdsOurs) return true;

  // Rows moved since our read: find out where the write went.
  const cellsOf = (tab: FoundTab, r: RawRow, key: string): CellValue => {
    const col = tab.header.index[key];
    return col === undefined ? null : (r.cells[col] ?? null);
  };
  const holds = (tab: FoundTab, r: RawRow, values: WireValue[]) => written.every((w, i) => holdsWire(cellsOf(tab, r, w.key), values[i]!));
  const writtenKeys = new Set(written.map((w) => w.key));
  const identity = (tab: FoundTab, r: RawRow): string => {
    const rowId = cellsOf(tab, r, spec.idColumn);
    if (!isBlank(rowId)) return `id:${foldKey(String(rowId))}`;
    // Without an ID, a row is known by its cells other than the ones we wrote.
    return `cells:${JSON.stringify(
      Object.keys(tab.header.index)
        .filter((k) => !writtenKeys.has(k))
        .map((k) => cellsOf(tab, r, k)),
    )}`;
  };
  const earlier = new Map(pre.rows.filter((r) => r.row > pre.header.row).map((r) => [identity(pre, r), r]));
  /** A row's cells as our read had them; a row that was not there is one a person just inserted, empty until typed into. */
  const previousOf = (post: FoundTab, r: RawRow): WireValue[] => {
    const was = earlier.get(identity(post, r));
    return written.map((w) => {
      const v = was ? cellsOf(pre, was, w.key) : null;
      return v instanceof Date ? v.toISOString() : (v ?? "");
    });
  };
  const ourValues = written.map((w) => w.value);
  /** What we have put into rows so far: our change, and the values of our own repairs (which may land astray too). */
  const ours: WireValue[][] = [ourValues];
  const reported = new Set<string>();

  // Each round reads the tab, puts back every row holding something we wrote that it did not hold in our read, and checks again.
  for (let round = 0; round < 4; round++) {
    let deferred = false;
    const post = await reader.readTab(spec, "all");
    if (!post.ok) return false;
    const mine = rowsWithId(post, spec.idColumn, id);
    if (round === 0 && mine.length === 1 && holds(post, mine[0]!, ourValues)) return true; // it landed right; the rows moved afterwards
    const repairs: { range: string; values: WireValue[][] }[] = [];
    const expectations: { identity: string; key: string; value: WireValue }[] = [];
    for (const r of post.rows) {
      if (r.row <= post.header.row || mine.includes(r)) continue;
      const previous = previousOf(post, r);
      if (holds(post, r, previous) || !ours.some((values) => holds(post, r, values))) continue;
      const key = identity(post, r);
      if (!earlier.has(key)) {
        // A row a person has just inserted: they may be typing into it right now. Emptying it is a blind
        // write, so look at that one row again first; if it changed (an ID typed, rows moved), leave it
        // to the next round's read rather than empty what they typed.
        const now = (await reader.readRow(post.sheet.title, r.row, Math.max(post.header.width, idColumn + 1) - 1)).map(cellFromWire);
        const fresh: RawRow = { ...r, cells: now };
        if (identity(post, fresh) !== key || !ours.some((values) => holds(post, fresh, values))) {
          deferred = true;
          continue;
        }
      }
      const hit = written.filter((w, i) => !holdsWire(cellsOf(post, r, w.key), previous[i]!));
      if (!reported.has(key)) {
        reported.add(key);
        const rowId = cellsOf(post, r, spec.idColumn);
        misplaced.push({
          row: r.row,
          ...(!isBlank(rowId) && { rowId: String(rowId) }),
          keys: hit.map((w) => w.key),
          restored: earlier.has(key) ? "earlier" : "emptied",
        });
      }
      for (const w of hit) {
        const value = previous[written.indexOf(w)]!;
        repairs.push(cellWrite(pre.sheet.title, post.header.index[w.key]!, r.row, value));
        expectations.push({ identity: key, key: w.key, value });
      }
      ours.push(previous);
    }
    if (repairs.length === 0) {
      if (deferred) continue;
      return false;
    }
    requests.counters.misplacedWrites++;
    // Checked like any write: a repair Google holds and lands late would otherwise undo what came after it.
    await requests.writeChecked<true>({
      attempt: async () => {
        await requests.write("spreadsheets.values.batchUpdate", (api, o) =>
          api.spreadsheets.values.batchUpdate({ spreadsheetId, requestBody: { valueInputOption: "RAW", data: repairs } }, o),
        );
        return true;
      },
      landed: async () => {
        const tab = await reader.readTab(spec, "all");
        if (!tab.ok) return undefined;
        const byIdentity = new Map(tab.rows.filter((r) => r.row > tab.header.row).map((r) => [identity(tab, r), r]));
        return expectations.every((e) => {
          const r = byIdentity.get(e.identity);
          return r !== undefined && holdsWire(cellsOf(tab, r, e.key), e.value);
        })
          ? true
          : undefined;
      },
    });
  }
  return false;
}
