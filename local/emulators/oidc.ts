import type { OAuth2Server } from 'oauth2-mock-server';

/**
 * A person in the local identity provider's directory. `google` makes their tokens look like
 * Google Workspace's (`hd`), `entra` like Microsoft Entra ID's (`tid`, `oid`).
 */
export interface DirectoryUser {
  readonly email: string;
  readonly name: string;
  readonly emailVerified?: boolean;
  readonly google?: { readonly hd: string };
  readonly entra?: { readonly tid: string; readonly oid: string };
  /** A disabled user cannot sign in, and their provider refresh tokens stop working. */
  disabled?: boolean;
  /** The provider asserts multi-factor authentication (amr contains "mfa"). */
  readonly mfa?: boolean;
  /** Claims forced into this user's tokens, for tests of what a relying party must refuse. */
  readonly tokenOverrides?: Readonly<Record<string, unknown>>;
}

export interface OidcDirectory {
  add(user: DirectoryUser): void;
  disable(email: string): void;
}

export interface OidcProvider {
  readonly issuerUrl: string;
  readonly directory: OidcDirectory;
  /** The underlying oauth2-mock-server instance, for tests that shape its tokens. */
  readonly server: OAuth2Server;
  stop(): Promise<void>;
}

interface TokenRequest {
  readonly body?: { grant_type?: string; code?: string; refresh_token?: string };
}

/**
 * The local OpenID Connect provider: real signed tokens, discovery and JWKS on loopback. It
 * signs in whoever `login_hint` names (no login page, so scripts and tests can sign in
 * without a browser) if that person is in its directory and not disabled, and refuses
 * refresh for a user disabled since, as a real directory would.
 */
export async function startOidcProvider(
  options: {
    port?: number;
    host?: string;
    users?: readonly DirectoryUser[];
    tls?: { keyFile: string; certFile: string };
  } = {},
): Promise<OidcProvider> {
  const { OAuth2Server } = await import('oauth2-mock-server');
  const server = options.tls ? new OAuth2Server(options.tls.keyFile, options.tls.certFile) : new OAuth2Server();
  await server.issuer.keys.generate('RS256');
  const users = new Map<string, DirectoryUser>();
  const byCode = new Map<string, string>();
  const byRefreshToken = new Map<string, string>();
  const directory: OidcDirectory = {
    add: (user) => users.set(user.email.toLowerCase(), { ...user }),
    disable: (email) => {
      const user = users.get(email.toLowerCase());
      if (user) user.disabled = true;
    },
  };
  for (const user of options.users ?? []) directory.add(user);

  server.service.on('beforeAuthorizeRedirect', (redirect: { url: URL }, req: { query: Record<string, unknown> }) => {
    const hint = typeof req.query.login_hint === 'string' ? req.query.login_hint.toLowerCase() : '';
    const code = redirect.url.searchParams.get('code');
    const user = users.get(hint);
    if (!code || !user || user.disabled) {
      redirect.url.searchParams.delete('code');
      redirect.url.searchParams.set('error', 'access_denied');
      redirect.url.searchParams.set(
        'error_description',
        user ? 'The account is disabled' : 'Unknown account: pass login_hint',
      );
      return;
    }
    byCode.set(code, user.email.toLowerCase());
  });

  const userOf = (req: TokenRequest): DirectoryUser | undefined => {
    const email =
      req.body?.grant_type === 'refresh_token'
        ? byRefreshToken.get(req.body.refresh_token ?? '')
        : byCode.get(req.body?.code ?? '');
    return email ? users.get(email) : undefined;
  };

  server.service.on('beforeTokenSigning', (token: { payload: Record<string, unknown> }, req: TokenRequest) => {
    const user = userOf(req);
    if (!user) return;
    Object.assign(token.payload, {
      sub: user.entra?.oid ?? `google-${Buffer.from(user.email).toString('hex').slice(0, 20)}`,
      email: user.email,
      email_verified: user.emailVerified ?? true,
      name: user.name,
      ...(user.google ? { hd: user.google.hd } : {}),
      ...(user.entra ? { tid: user.entra.tid, oid: user.entra.oid, preferred_username: user.email } : {}),
      amr: user.mfa ? ['pwd', 'mfa'] : ['pwd'],
      ...(user.tokenOverrides ?? {}),
    });
  });

  server.service.on(
    'beforeResponse',
    (response: { body: Record<string, unknown>; statusCode: number }, req: TokenRequest) => {
      const user = userOf(req);
      if (req.body?.grant_type === 'refresh_token' && (!user || user.disabled)) {
        response.statusCode = 400;
        response.body = {
          error: 'invalid_grant',
          error_description: 'The account is disabled or the grant was revoked',
        };
        return;
      }
      if (user && typeof response.body.refresh_token === 'string')
        byRefreshToken.set(response.body.refresh_token, user.email.toLowerCase());
      if (req.body?.grant_type === 'authorization_code') byCode.delete(req.body.code ?? '');
    },
  );

  await server.start(options.port ?? 0, options.host ?? (options.tls ? 'localhost' : '127.0.0.1'));
  const issuerUrl = server.issuer.url;
  if (!issuerUrl) throw new Error('the local OIDC provider did not report its issuer URL');
  return { issuerUrl, directory, server, stop: () => server.stop() };
}
