/** Logins compare case-insensitively, ignoring full-width forms and surrounding spaces, as in 用户. */
export function normalizeLogin(login: string): string {
  return login.normalize("NFKC").trim().toLowerCase();
}
