import "server-only";
import type { NextAuthOptions, Session, User } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GoogleProvider from "next-auth/providers/google";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { env } from "../env";
import { verifyLocalLogin } from "./accounts";
import { normalizeLogin } from "./normalize";
import path from "node:path";
import { isSessionRevoked, newSessionId, revokeSession } from "./revoked-sessions";
import { authSecret } from "./secret";
import { sharedState } from "../state/shared";
import type { SharedState } from "./shared-state";
import { addressKey, clientAddress, loginKey, SignInLimiter, trustedProxies, type FailureCounters } from "./sign-in-limiter";

export const CREDENTIALS_PROVIDER_ID = "credentials";
export const GOOGLE_PROVIDER_ID = "google";
export const OIDC_PROVIDER_ID = "oidc";

/** The error code the sign-in page turns into "too many attempts, try again in N minutes". */
export const LOCKED_ERROR = "SignInLocked";

export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 3600;

export interface SignInMethods {
  credentials: true;
  google: boolean;
  oidc: { name: string } | false;
}

/** Which sign-in methods the environment enables (local accounts always; the page hides them when none exist). */
export function signInMethods(e = env()): SignInMethods {
  return {
    credentials: true,
    google: Boolean(e.GOOGLE_CLIENT_ID && e.GOOGLE_CLIENT_SECRET),
    oidc: e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET ? { name: e.OIDC_NAME } : false,
  };
}

const LIMITER = Symbol.for("dutyboard.signInLimiter");

/** `data/.sign-in-failures.json` when ACCOUNTS_FILE is `data/accounts.json`. */
function _signInCountersFile(accountsFile = env().ACCOUNTS_FILE): string {
  return path.join(path.dirname(path.resolve(/*turbopackIgnore: true*/ accountsFile)), ".sign-in-failures.json");
}

/**
 * The limiter, its counters in the shared state (lib/state/shared.ts): Redis
 * with REDIS_URL, so N instances allow no more attempts than one; else a file
 * beside the accounts file, so every process (and the next one) shares them.
 */
export function signInLimiter(): SignInLimiter {
  const g = globalThis as { [LIMITER]?: { store: SharedState<FailureCounters>; limiter: SignInLimiter } };
  const e = env();
  const store = sharedState<FailureCounters>("sign-in-failures", () => ({}), { ttlMs: e.SIGN_IN_WINDOW_SECONDS * 1000 * 2 });
  if (g[LIMITER]?.store !== store) {
    g[LIMITER] = { store, limiter: new SignInLimiter(store, { maxFailures: e.SIGN_IN_MAX_FAILURES, windowMs: e.SIGN_IN_WINDOW_SECONDS * 1000 }) };
  }
  return g[LIMITER].limiter;
}

/** The session ID a token carries; tokens from before session IDs have none and are refused. */
function sessionIdOf(token: Record<string, unknown>): string | undefined {
  return typeof token.sid === "string" && token.sid ? token.sid : undefined;
}

/** Thrown in the jwt callback: next-auth then clears the cookie and answers with no session. */
export class RevokedSessionError extends Error {
  constructor() {
    super("SessionRevoked");
    this.name = "RevokedSessionError";
  }
}

interface OidcProfile extends Record<string, unknown> {
  sub: string;
  email?: string;
  email_verified?: boolean;
  preferred_username?: string;
  name?: string;
}

/** The login an OpenID Connect identity signs in as: a verified e-mail, else the user name. */
export function oidcLogin(profile: OidcProfile): string | undefined {
  const email = profile.email_verified !== false ? profile.email : undefined;
  const login = email ?? profile.preferred_username;
  return login ? normalizeLogin(login) : undefined;
}

function oidcProvider(e = env()): OAuthConfig<OidcProfile> {
  const issuer = (e.OIDC_ISSUER ?? "").replace(/\/+$/u, "");
  return {
    id: OIDC_PROVIDER_ID,
    name: e.OIDC_NAME,
    type: "oauth",
    wellKnown: `${issuer}/.well-known/openid-configuration`,
    clientId: e.OIDC_CLIENT_ID,
    clientSecret: e.OIDC_CLIENT_SECRET,
    authorization: { params: { scope: "openid email profile" } },
    idToken: true,
    checks: ["pkce", "state"],
    profile(profile) {
      const login = oidcLogin(profile) ?? "";
      return { id: login, name: profile.name ?? profile.preferred_username ?? login };
    },
  };
}

function credentialsProvider() {
  return CredentialsProvider({
    id: CREDENTIALS_PROVIDER_ID,
    name: "账号密码",
    credentials: { login: { label: "账号", type: "text" }, password: { label: "密码", type: "password" } },
    async authorize(credentials, req): Promise<User | null> {
      const login = normalizeLogin(credentials?.login ?? "");
      const password = credentials?.password ?? "";
      if (!login || !password) return null;
      const limiter = signInLimiter();
      const keys = [loginKey(login), addressKey(clientAddress(req.headers ?? {}, trustedProxies(env().TRUSTED_PROXIES)))];
      const locked = async () => {
        const wait = await limiter.retryAfterMs(keys);
        return wait > 0 ? new Error(`${LOCKED_ERROR}:${Math.ceil(wait / 1000)}`) : undefined;
      };
      const before = await locked();
      if (before) throw before;
      const signedIn = await verifyLocalLogin(login, password);
      if (!signedIn) {
        await limiter.recordFailure(keys);
        const after = await locked();
        if (after) throw after;
        return null;
      }
      await limiter.recordSuccess(loginKey(login));
      return { id: signedIn };
    },
  });
}

/**
 * next-auth's configuration. Built on demand, not at import, so `next build`
 * never needs the secret. The session is a JWT carrying only the login and
 * name: roles are read from the 用户 tab on every request.
 */
export function authOptions(): NextAuthOptions {
  const e = env();
  const methods = signInMethods(e);
  const providers: NextAuthOptions["providers"] = [credentialsProvider()];
  if (methods.google) {
    providers.push(
      GoogleProvider({
        clientId: e.GOOGLE_CLIENT_ID ?? "",
        clientSecret: e.GOOGLE_CLIENT_SECRET ?? "",
        profile(profile) {
          return { id: normalizeLogin(profile.email ?? ""), name: profile.name ?? profile.email };
        },
      }),
    );
  }
  if (methods.oidc) providers.push(oidcProvider(e));

  return {
    secret: authSecret(),
    providers,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    useSecureCookies: (e.NEXTAUTH_URL ?? "").startsWith("https://"),
    pages: { signIn: "/login", error: "/login" },
    callbacks: {
      signIn({ user, account, profile }) {
        if (!user.id) return false;
        // Google: only an address Google has verified.
        if (account?.provider === GOOGLE_PROVIDER_ID && (profile as { email_verified?: boolean } | undefined)?.email_verified !== true) return false;
        return true;
      },
      async jwt({ token, user }) {
        // At sign-in: keep only who this is, and a session ID sign-out can revoke. Nothing about roles, ever.
        if (user) return { login: normalizeLogin(user.id), sid: newSessionId(), ...(user.name && { name: user.name }) };
        const sid = sessionIdOf(token);
        if (!sid || (await isSessionRevoked(sid))) throw new RevokedSessionError();
        return token;
      },
      async session({ session, token }) {
        const sid = sessionIdOf(token);
        if (!sid || (await isSessionRevoked(sid))) return { expires: session.expires } as unknown as Session;
        const login = typeof token.login === "string" ? token.login : undefined;
        const name = typeof token.name === "string" ? token.name : undefined;
        return { expires: session.expires, user: { login, ...(name && { name }) } } as unknown as Session;
      },
    },
    events: {
      async signOut({ token }) {
        const sid = token ? sessionIdOf(token) : undefined;
        const exp = typeof token?.exp === "number" ? token.exp * 1000 : Date.now() + SESSION_MAX_AGE_SECONDS * 1000;
        if (sid) await revokeSession(sid, exp);
      },
    },
    logger: {
      error(code, metadata) {
        console.error(`[auth] ${code}`, metadata instanceof Error ? metadata.message : "");
      },
      warn(code) {
        if (code !== "DEBUG_ENABLED") console.warn(`[auth] ${code}`);
      },
      debug() {},
    },
  };
}
