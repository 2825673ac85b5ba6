/**
 * A real OpenID Connect issuer on loopback for the end-to-end tests
 * (oidc-provider, with its development sign-in page: any login, any password).
 * The login typed there becomes the `sub`; the e-mail claim is the login when
 * it looks like one, else `login@sso.example`.
 */
import { createServer, type Server } from "node:http";
import Provider, { type Account, type OidcContext } from "oidc-provider";

export interface TestIssuerOptions {
  port: number;
  clientId: string;
  clientSecret: string;
  /** Each Next server's next-auth callback, e.g. http://127.0.0.1:3100/api/auth/callback/oidc (one issuer serves every e2e instance). */
  redirectUris: string[];
}

export function issuerUrl(port: number): string {
  return `http://127.0.0.1:${port}`;
}

export async function startTestIssuer(opts: TestIssuerOptions): Promise<{ issuer: string; close(): Promise<void> }> {
  const issuer = issuerUrl(opts.port);
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: opts.clientId,
        client_secret: opts.clientSecret,
        redirect_uris: opts.redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "preferred_username"] },
    // next-auth reads the profile from the ID token (idToken: true), so put the scope's claims there.
    conformIdTokenClaims: false,
    cookies: { keys: ["dutyboard-e2e-issuer-cookie-key"] },
    findAccount(_ctx: unknown, id: string): Account {
      const email = id.includes("@") ? id : `${id}@sso.example`;
      return {
        accountId: id,
        claims: () => ({ sub: id, email, email_verified: true, name: `统一认证 ${id.split("@")[0] ?? id}`, preferred_username: id }),
      };
    },
    // A first-party client: no consent screen.
    async loadExistingGrant(ctx: OidcContext) {
      const { oidc } = ctx;
      const grantId = oidc.result?.consent?.grantId ?? oidc.session.grantIdFor(oidc.client.clientId);
      if (grantId) return oidc.provider.Grant.find(grantId);
      const grant = new oidc.provider.Grant({ accountId: oidc.session.accountId, clientId: oidc.client.clientId });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
    features: { devInteractions: { enabled: true } },
  });
  provider.on("server_error", (_ctx, err) => console.error("[test issuer]", err));
  const server: Server = createServer(provider.callback());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, "127.0.0.1", resolve);
  });
  return {
    issuer,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
