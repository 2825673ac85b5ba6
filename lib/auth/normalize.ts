/** Logins compare case-insensitively, ignoring full-width forms and surrounding spaces, as in 用户. */
export function normalizeLogin(login: string): string {
  return login.normalize("NFKC").trim().toLowerCase();
}

/**
 * Characters that make a name or ID look like another: bidi embeddings,
 * overrides and isolates (U+202A–202E, U+2066–2069) reorder what is shown,
 * and zero-width characters (U+200B–200D, U+2060, U+FEFF) are not shown at all.
 */
const DECEPTIVE = /[\u200B-\u200D\u2060\uFEFF\u202A-\u202E\u2066-\u2069]/u;

/** The first invisible or direction-changing character in a name or ID, as U+XXXX; undefined when there is none. */
export function deceptiveCharacter(text: string): string | undefined {
  const hit = DECEPTIVE.exec(text)?.[0];
  return hit === undefined ? undefined : codePointName(hit);
}

/** U+FFFF, U+0007, U+D800: how a message names a character a person cannot see. */
export function codePointName(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}
