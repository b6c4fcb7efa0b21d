export interface OidcProvider {
  readonly issuerUrl: string;
  /** The underlying oauth2-mock-server instance, for tests that shape its tokens. */
  readonly server: import('oauth2-mock-server').OAuth2Server;
  stop(): Promise<void>;
}

/** The local OpenID Connect provider: real signed tokens, discovery and JWKS on loopback. */
export async function startOidcProvider(options: { port?: number; host?: string } = {}): Promise<OidcProvider> {
  const { OAuth2Server } = await import('oauth2-mock-server');
  const server = new OAuth2Server();
  await server.issuer.keys.generate('RS256');
  await server.start(options.port ?? 0, options.host ?? '127.0.0.1');
  const issuerUrl = server.issuer.url;
  if (!issuerUrl) throw new Error('the local OIDC provider did not report its issuer URL');
  return { issuerUrl, server, stop: () => server.stop() };
}
