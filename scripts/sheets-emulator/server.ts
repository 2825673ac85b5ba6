/**
 * An in-memory Google Sheets API v4 server for loopback tests and benchmarks.
 * The real `@googleapis/sheets` client talks to it with
 * `rootUrl: emulator.url + "/"` and no credentials.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ApiError, invalidArgument, notFound, unimplemented } from "./api-error";
import { applyFieldMask, parseFieldMask } from "./field-mask";
import { applyHandEdit, dumpSpreadsheet, spreadsheetFromSeed, type HandEdit, type SpreadsheetDump, type SpreadsheetSeed } from "./hand-edits";
import type { Spreadsheet } from "./spreadsheet-model";
import { batchUpdateSpreadsheet, createSpreadsheet, getSpreadsheet, requireSpreadsheet, spreadsheetJson } from "./spreadsheets-api";
import { TrafficControl, type ConfigPatch, type EmulatorConfig, type RequestKind, type RequestStats } from "./traffic-control";
import { appendValues, batchClearValues, batchGetValues, batchUpdateValues, clearValues, getValues, updateValues } from "./values-api";

export type { ConfigPatch, EmulatorConfig, RequestStats } from "./traffic-control";
export type { HandEdit, SpreadsheetDump, SpreadsheetSeed } from "./hand-edits";

export interface EmulatorState {
  spreadsheets: Map<string, Spreadsheet>;
  traffic: TrafficControl;
}

/** The in-process twins of the `/__emulator/` endpoints. */
export interface EmulatorControl {
  configure(patch: ConfigPatch): EmulatorConfig;
  config(): EmulatorConfig;
  stats(): RequestStats;
  resetStats(): RequestStats;
  /** Drops every spreadsheet. */
  reset(): void;
  /** Stores a spreadsheet as given (replacing one with the same ID) and returns its ID. */
  loadSpreadsheet(seed: SpreadsheetSeed): string;
  listSpreadsheets(): { spreadsheetId: string; title: string }[];
  dumpSpreadsheet(spreadsheetId: string): SpreadsheetDump;
  /** Changes the spreadsheet as a person in the browser would; not counted as an API request. */
  edit(spreadsheetId: string, edit: HandEdit | HandEdit[]): { revision: number };
}

export interface SheetsEmulator extends EmulatorControl {
  url: string;
  /** `127.0.0.1:PORT`, the value for SHEETS_EMULATOR_HOST. */
  host: string;
  port: number;
  state: EmulatorState;
  close(): Promise<void>;
}

export interface EmulatorOptions {
  port?: number;
  host?: string;
  latencyMs?: number;
  quotaPerMinute?: number | null;
}

interface ApiRoute {
  /** Google's method name, e.g. `spreadsheets.values.get`. */
  method: string;
  kind: RequestKind;
  handle(body: unknown): unknown;
}

const SPREADSHEET_VERBS = ["batchUpdate", "getByDataFilter"];
const VALUES_COLLECTION_VERBS = ["batchGet", "batchUpdate", "batchClear", "batchGetByDataFilter", "batchUpdateByDataFilter", "batchClearByDataFilter"];
const RANGE_VERBS = ["append", "clear"];

/** `{range}:append` → ["{range}", "append"]; a colon inside an unencoded range (`A1:B2`) is not a verb. */
function splitVerb(raw: string, verbs: string[]): [string, string | undefined] {
  const colon = raw.lastIndexOf(":");
  if (colon < 0) return [raw, undefined];
  const verb = raw.slice(colon + 1);
  return verbs.includes(verb) ? [raw.slice(0, colon), verb] : [raw, undefined];
}

function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw invalidArgument(`Invalid URL encoding: ${raw}`);
  }
}

function asRecord(body: unknown): Record<string, unknown> {
  return body !== null && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

function routeApi(state: EmulatorState, httpMethod: string, pathname: string, query: URLSearchParams): ApiRoute | undefined {
  const segments = pathname.split("/");
  if (segments[1] !== "v4" || segments[2] !== "spreadsheets") return undefined;
  const spreadsheets = state.spreadsheets;
  if (segments.length === 3) {
    if (httpMethod !== "POST") return undefined;
    return {
      method: "spreadsheets.create",
      kind: "write",
      handle: (body) => {
        const spreadsheet = createSpreadsheet(body);
        spreadsheets.set(spreadsheet.spreadsheetId, spreadsheet);
        return spreadsheetJson(spreadsheet);
      },
    };
  }
  const [idRaw = "", spreadsheetVerb] = splitVerb(segments[3] ?? "", SPREADSHEET_VERBS);
  const id = decodeSegment(idRaw);
  const open = () => requireSpreadsheet(spreadsheets, id);
  if (segments.length === 4) {
    if (httpMethod === "GET" && !spreadsheetVerb) {
      return { method: "spreadsheets.get", kind: "read", handle: () => getSpreadsheet(open(), query) };
    }
    if (httpMethod === "POST" && spreadsheetVerb === "batchUpdate") {
      return { method: "spreadsheets.batchUpdate", kind: "write", handle: (body) => batchUpdateSpreadsheet(open(), body) };
    }
    if (httpMethod === "POST" && spreadsheetVerb === "getByDataFilter") {
      return {
        method: "spreadsheets.getByDataFilter",
        kind: "read",
        handle: () => {
          throw unimplemented("spreadsheets.getByDataFilter");
        },
      };
    }
    return undefined;
  }
  const [collection, valuesVerb] = splitVerb(segments[4] ?? "", VALUES_COLLECTION_VERBS);
  if (collection !== "values") return undefined;
  if (segments.length === 5) {
    if (httpMethod === "GET" && valuesVerb === "batchGet") {
      return { method: "spreadsheets.values.batchGet", kind: "read", handle: () => batchGetValues(open(), query) };
    }
    if (httpMethod === "POST" && valuesVerb === "batchUpdate") {
      return { method: "spreadsheets.values.batchUpdate", kind: "write", handle: (body) => batchUpdateValues(open(), query, asRecord(body)) };
    }
    if (httpMethod === "POST" && valuesVerb === "batchClear") {
      return { method: "spreadsheets.values.batchClear", kind: "write", handle: (body) => batchClearValues(open(), asRecord(body)) };
    }
    if (httpMethod === "POST" && valuesVerb?.endsWith("ByDataFilter")) {
      const method = `spreadsheets.values.${valuesVerb}`;
      return {
        method,
        kind: valuesVerb.startsWith("batchGet") ? "read" : "write",
        handle: () => {
          throw unimplemented(method);
        },
      };
    }
    return undefined;
  }
  if (valuesVerb) return undefined;
  // An encoded range never holds a raw "/", but a hand-written URL might.
  const [rangeRaw, rangeVerb] = splitVerb(segments.slice(5).join("/"), RANGE_VERBS);
  const range = decodeSegment(rangeRaw);
  if (httpMethod === "GET" && !rangeVerb) {
    return { method: "spreadsheets.values.get", kind: "read", handle: () => getValues(open(), range, query) };
  }
  if (httpMethod === "PUT" && !rangeVerb) {
    return { method: "spreadsheets.values.update", kind: "write", handle: (body) => updateValues(open(), range, query, asRecord(body)) };
  }
  if (httpMethod === "POST" && rangeVerb === "append") {
    return { method: "spreadsheets.values.append", kind: "write", handle: (body) => appendValues(open(), range, query, asRecord(body)) };
  }
  if (httpMethod === "POST" && rangeVerb === "clear") {
    return { method: "spreadsheets.values.clear", kind: "write", handle: () => clearValues(open(), range) };
  }
  return undefined;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalidArgument(`Invalid JSON payload received. ${(error as Error).message}`);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, pretty = true): void {
  if (res.destroyed || res.headersSent) return;
  // Google pretty-prints unless the caller passes prettyPrint=false.
  const text = pretty ? JSON.stringify(body, null, 2) : JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=UTF-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res: ServerResponse, error: unknown): void {
  const apiError = error instanceof ApiError ? error : new ApiError(500, "INTERNAL", `Internal error encountered. ${(error as Error)?.message ?? ""}`.trim());
  if (!(error instanceof ApiError)) console.error("[sheets-emulator]", error);
  sendJson(res, apiError.code, apiError.toJSON());
}

export async function startSheetsEmulator(options: EmulatorOptions = {}): Promise<SheetsEmulator> {
  const state: EmulatorState = { spreadsheets: new Map(), traffic: new TrafficControl() };
  state.traffic.configure({ latencyMs: options.latencyMs ?? 0, quotaPerMinute: options.quotaPerMinute ?? null });
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const control: EmulatorControl = {
    configure: (patch) => state.traffic.configure(patch),
    config: () => state.traffic.currentConfig(),
    stats: () => state.traffic.currentStats(),
    resetStats: () => {
      state.traffic.resetStats();
      return state.traffic.currentStats();
    },
    reset: () => state.spreadsheets.clear(),
    loadSpreadsheet: (seed) => {
      const spreadsheet = spreadsheetFromSeed(seed);
      state.spreadsheets.set(spreadsheet.spreadsheetId, spreadsheet);
      return spreadsheet.spreadsheetId;
    },
    listSpreadsheets: () => [...state.spreadsheets.values()].map((s) => ({ spreadsheetId: s.spreadsheetId, title: s.title })),
    dumpSpreadsheet: (id) => dumpSpreadsheet(requireSpreadsheet(state.spreadsheets, id)),
    edit: (id, edit) => {
      const spreadsheet = requireSpreadsheet(state.spreadsheets, id);
      const edits = Array.isArray(edit) ? edit : [edit];
      // All edits or none, like one person's undoable change.
      const draft = spreadsheet.clone();
      for (const one of edits) applyHandEdit(draft, one);
      Object.assign(spreadsheet, draft);
      return { revision: spreadsheet.revision };
    },
  };

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const bodyText = await readBody(req);
    const route = routeApi(state, req.method ?? "GET", url.pathname, url.searchParams);
    if (!route) {
      sendJson(res, 404, new ApiError(404, "NOT_FOUND", `Method not found: ${req.method} ${url.pathname}`).toJSON());
      return;
    }
    const traffic = state.traffic;
    traffic.record(route.method, route.kind);
    const hangMs = traffic.takeHang(route.kind);
    // A hung request is still handled afterwards, even if the client gave up, as a slow Google write would be.
    if (hangMs) await sleep(hangMs);
    if (traffic.config.latencyMs > 0) await sleep(traffic.config.latencyMs);
    const refusal = traffic.takeFailure(route.kind) ?? traffic.takeQuota(route.kind);
    if (refusal) {
      sendError(res, refusal);
      return;
    }
    const fields = url.searchParams.get("fields");
    // Parsed before handling so a bad mask changes nothing.
    const mask = fields ? parseFieldMask(fields) : undefined;
    const result = route.handle(parseJson(bodyText));
    sendJson(res, 200, mask ? applyFieldMask(result, mask) : result, url.searchParams.get("prettyPrint") !== "false");
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const body = parseJson(await readBody(req));
    const method = req.method ?? "GET";
    const path = url.pathname.slice("/__emulator".length);
    const spreadsheetPath = /^\/spreadsheets\/([^/]+)(\/edit)?$/.exec(path);
    if (path === "/config" && method === "POST") return sendJson(res, 200, control.configure(body as ConfigPatch));
    if (path === "/config" && method === "GET") return sendJson(res, 200, control.config());
    if (path === "/stats" && method === "GET") return sendJson(res, 200, control.stats());
    if (path === "/stats/reset" && method === "POST") return sendJson(res, 200, control.resetStats());
    if (path === "/reset" && method === "POST") {
      control.reset();
      return sendJson(res, 200, {});
    }
    if (path === "/spreadsheets" && method === "POST") {
      return sendJson(res, 200, { spreadsheetId: control.loadSpreadsheet(body as SpreadsheetSeed) });
    }
    if (path === "/spreadsheets" && method === "GET") return sendJson(res, 200, { spreadsheets: control.listSpreadsheets() });
    if (spreadsheetPath) {
      const id = decodeSegment(spreadsheetPath[1] ?? "");
      if (!spreadsheetPath[2] && method === "GET") return sendJson(res, 200, control.dumpSpreadsheet(id));
      if (spreadsheetPath[2] && method === "POST") return sendJson(res, 200, control.edit(id, body as HandEdit | HandEdit[]));
    }
    throw notFound(`No emulator control endpoint ${method} ${url.pathname}`);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    const handler = url.pathname.startsWith("/__emulator/") ? handleControl : handleApi;
    handler(req, res, url).catch((error: unknown) => sendError(res, error));
  });
  // Keep-alive sockets from the client must not hold close() open.
  server.keepAliveTimeout = 1000;

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const hostPort = `${host.includes(":") ? `[${host}]` : host}:${port}`;

  return {
    ...control,
    url: `http://${hostPort}`,
    host: hostPort,
    port,
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
