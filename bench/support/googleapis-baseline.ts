/**
 * The full `googleapis` package, the baseline the Google benchmarks compare
 * against. It is not a dependency of the app: it is found in the project's
 * node_modules if someone added it, else in .tmp/baseline (git-ignored).
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const BASELINE_DIR = path.join(ROOT, ".tmp/baseline");
/** The version the recorded figures were measured with. */
export const GOOGLEAPIS_SPEC = "googleapis@188.0.0";
export const INSTALL_HINT = `npm install --prefix .tmp/baseline --no-audit --no-fund ${GOOGLEAPIS_SPEC}`;

/** The few calls the tutorial pattern makes, typed here since the package may be absent at type-check time. */
export interface TutorialSheets {
  spreadsheets: {
    values: {
      get(params: {
        spreadsheetId: string;
        range: string;
        valueRenderOption?: string;
        dateTimeRenderOption?: string;
      }): Promise<{ data: { values?: unknown[][] | null } }>;
    };
  };
}

export interface GoogleapisModule {
  google: { sheets(options: { version: "v4"; rootUrl?: string; auth?: unknown }): TutorialSheets };
}

/** Directory of the `googleapis` package to use, or undefined when it is nowhere. */
export function googleapisDir(): string | undefined {
  for (const base of [ROOT, BASELINE_DIR]) {
    const dir = path.join(base, "node_modules/googleapis");
    if (existsSync(path.join(dir, "package.json"))) return dir;
  }
  return undefined;
}

export function requireGoogleapisDir(): string {
  const dir = googleapisDir();
  if (!dir) throw new Error(`The baseline needs the full googleapis package, which is not installed. Run:\n  ${INSTALL_HINT}`);
  return dir;
}

export function loadGoogleapis(): GoogleapisModule {
  return createRequire(import.meta.url)(requireGoogleapisDir()) as GoogleapisModule;
}

export function googleapisVersion(): string | undefined {
  const dir = googleapisDir();
  if (!dir) return undefined;
  return (createRequire(import.meta.url)(path.join(dir, "package.json")) as { version: string }).version;
}
