/**
 * One app instance per Playwright worker (issue 13): scripts/e2e-server.ts
 * starts E2E_INSTANCES `next start`s, instance i on E2E_PORT + 10·i with its
 * own copy of the seeded workbook and of the accounts file in .tmp/e2e/w{i}/,
 * so no spec sees another worker's writes. Worker i (its `parallelIndex`)
 * talks to instance i: the specs get it from the `instance` fixture
 * (fixtures.ts), the support modules from `workerInstance()`. The instances
 * share the session secret and the accounts (copied, hashes and all), so a
 * browser state signed in on one is signed in on every one — the cookies of
 * 127.0.0.1 are the same whatever the port.
 *
 * No imports of the app here, so playwright.config.ts can load it first.
 */
import path from "node:path";

/** How many instances (and at most how many workers): E2E_INSTANCES, else 2. */
export const E2E_INSTANCES = Number(process.env.E2E_INSTANCES ?? 2);
/** Instance 0's port; instance i listens on E2E_PORT + INSTANCE_PORT_STEP·i. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
const INSTANCE_PORT_STEP = 10;
/** Every instance's directory lives under here (.tmp/e2e/w0, .tmp/e2e/w1, …). */
export const E2E_ROOT = path.resolve(".tmp/e2e");

export interface E2eInstance {
  index: number;
  port: number;
  baseURL: string;
  /** .tmp/e2e/w{i}: the workbook, its journal and backups, the accounts, the secret, screen links, reminder channels. */
  dir: string;
  dataFile: string;
  accountsFile: string;
  /** A port for a spec's own extra server (own-server.ts, a server that must fail to start): E2E_OWN_PORT + i. */
  ownPort: number;
}

export function e2eInstance(index: number): E2eInstance {
  if (!Number.isInteger(index) || index < 0 || index >= E2E_INSTANCES) {
    throw new Error(`no e2e instance ${index}: the server starts E2E_INSTANCES=${E2E_INSTANCES}; run with at most that many workers`);
  }
  const port = E2E_PORT + INSTANCE_PORT_STEP * index;
  const dir = path.join(E2E_ROOT, `w${index}`);
  return {
    index,
    port,
    baseURL: `http://127.0.0.1:${port}`,
    dir,
    dataFile: path.join(dir, "dutyboard.xlsx"),
    accountsFile: path.join(dir, "accounts.json"),
    ownPort: Number(process.env.E2E_OWN_PORT ?? 4450) + index,
  };
}

/** The instance of this worker process (Playwright sets TEST_PARALLEL_INDEX in each worker before it loads a spec). */
export function workerInstance(): E2eInstance {
  return e2eInstance(Number(process.env.TEST_PARALLEL_INDEX ?? 0));
}

export function allInstances(): E2eInstance[] {
  return Array.from({ length: E2E_INSTANCES }, (_, i) => e2eInstance(i));
}
