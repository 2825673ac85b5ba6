/**
 * What an end-to-end server needs for sign-in: the demo's local accounts, a
 * session secret in a file beside them (the tests read it to sign screen
 * links), and the environment pointing next-auth at them.
 */
import { createDemoAccounts } from "../../../lib/auth/demo-accounts";
import { ensureLocalSecret, localSecretFile } from "../../../lib/auth/secret";

export async function prepareE2eAuth(opts: { accountsFile: string; baseUrl: string }): Promise<Record<string, string>> {
  // Cheap hashes: these passwords are public anyway, and the server starts faster.
  await createDemoAccounts({ file: opts.accountsFile, hashParams: { N: 1024, r: 8, p: 1 } });
  const secret = ensureLocalSecret(localSecretFile(opts.accountsFile));
  return { ACCOUNTS_FILE: opts.accountsFile, NEXTAUTH_SECRET: secret, NEXTAUTH_URL: opts.baseUrl };
}
