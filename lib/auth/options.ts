import "server-only";
import type { NextAuthOptions, Session, User } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GoogleProvider from "next-auth/providers/google";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { env } from "../env";
import { verifyLocalLogin } from "./accounts";
import { normalizeLogin } from "./normalize";
import { authSecret } from "./secret";
import { addressKey, clientAddress, loginKey, SignInLimiter } from "./sign-in-limiter";

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

/** One limiter per server process, however many bundles load this module. */
export function signInLimiter(): SignInLimiter {
  const g = globalThis as { [LIMITER]?: SignInLimiter };
  g[LIMITER] ??= new SignInLimiter({ maxFailures: env().SIGN_IN_MAX_FAILURES, windowMs: env().SIGN_IN_WINDOW_SECONDS * 1000 });
  return g[LIMITER];
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
      const keys = [loginKey(login), addressKey(clientAddress(req.headers ?? {}))];
      const locked = () => {
        const wait = limiter.retryAfterMs(keys);
        return wait > 0 ? new Error(`${LOCKED_ERROR}:${Math.ceil(wait / 1000)}`) : undefined;
      };
      const before = locked();
      if (before) throw before;
      const signedIn = await verifyLocalLogin(login, password);
      if (!signedIn) {
        limiter.recordFailure(keys);
        const after = locked();
        if (after) throw after;
        return null;
      }
      limiter.recordSuccess(loginKey(login));
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
      jwt({ token, user }) {
        // At sign-in: keep only who this is. Nothing about roles, ever.
        if (user) return { login: normalizeLogin(user.id), ...(user.name && { name: user.name }) };
        return token;
      },
      session({ session, token }) {
        const login = typeof token.login === "string" ? token.login : undefined;
        const name = typeof token.name === "string" ? token.name : undefined;
        return { expires: session.expires, user: { login, ...(name && { name }) } } as unknown as Session;
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
