import { expect, test as setup } from "./fixtures";
import { mkdir } from "node:fs/promises";
import { E2E_AUTH_DIR } from "../../../playwright.config";
import { ROLE_LABELS, ROLES, signInWithPassword, storageStateOf } from "./auth";

setup.beforeAll(async () => {
  await mkdir(E2E_AUTH_DIR, { recursive: true });
});

// Sign in once per role through the real sign-in page; tests reuse the cookies.
for (const role of ROLES) {
  setup(`sign in as ${role}`, async ({ page }) => {
    await signInWithPassword(page, role);
    await expect(page.getByTestId("user-role")).toHaveText(ROLE_LABELS[role]);
    await page.context().storageState({ path: storageStateOf(role) });
  });
}
