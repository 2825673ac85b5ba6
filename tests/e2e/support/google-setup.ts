import { expect, test as setup } from "@playwright/test";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { ROLE_LABELS, signInWithPassword } from "./auth";
import { GOOGLE_E2E_ADMIN_STATE } from "./google-env";

// The Google server keeps its own accounts and session secret: sign in there once, as admin.
setup("sign in to the Google-backed server as admin", async ({ page }) => {
  await mkdir(path.dirname(GOOGLE_E2E_ADMIN_STATE), { recursive: true });
  await signInWithPassword(page, "admin");
  await expect(page.getByTestId("user-role")).toHaveText(ROLE_LABELS.admin);
  await page.context().storageState({ path: GOOGLE_E2E_ADMIN_STATE });
});
