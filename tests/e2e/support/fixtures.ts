/**
 * `test` for the specs of the setup and chromium projects: each worker talks
 * to its own app instance (instances.ts) — `baseURL` is that instance's, and
 * the worker-scoped `instance` fixture names its port, workbook and accounts
 * file. Import `test` and `expect` from here, not from @playwright/test.
 * (The support modules, which have no fixtures, use `workerInstance()`:
 * the same instance, by the worker's TEST_PARALLEL_INDEX.)
 */
import { test as base } from "@playwright/test";
import { e2eInstance, type E2eInstance } from "./instances";

export const test = base.extend<Record<never, never>, { instance: E2eInstance }>({
  instance: [async ({}, use, workerInfo) => use(e2eInstance(workerInfo.parallelIndex)), { scope: "worker" }],
  baseURL: async ({ instance }, use) => use(instance.baseURL),
});

// Everything else as @playwright/test has it (expect, the types), so a spec changes only its import's source.
export * from "@playwright/test";
export type { E2eInstance };
