import type { RouteCase } from '../route-case';

const noDimensions = { unaffected: 'members, sessions and addresses carry no facility or division' };
const own = { unaffected: "the caller's own account, whatever their restrictions" };

/** Sign-in, tokens, members, sessions, address blocks and the caller's own account. */
export const identityCases: Record<string, RouteCase> = {
  'auth-login': {
    public: true,
    request: (world) => ({ query: { provider: 'google', organization: world.a.slug } }),
    expect: 302,
  },
  'auth-callback': {
    public: true,
    request: () => ({ query: { state: 'a-state-nobody-issued', code: 'a-code' } }),
    expect: 302,
    acceptsUnnamedQuery: 'identity providers append parameters of their own (session_state, scope, hd...)',
  },
  'auth-refresh': {
    public: true,
    request: () => ({ headers: { origin: 'http://localhost:5173' } }),
    expect: 401,
  },
  'auth-logout': {
    public: true,
    request: () => ({ headers: { origin: 'http://localhost:5173' } }),
    expect: 204,
  },

  'admin-sessions-list': { request: () => ({}), restricted: noDimensions },
  'admin-sessions-revoke': {
    request: async (world) => ({ params: { id: await world.session(await world.member()) } }),
    expect: 204,
    restricted: noDimensions,
  },
  'admin-members-revoke-sessions': {
    request: async (world) => {
      const memberId = await world.member();
      await world.session(memberId);
      return { params: { id: memberId } };
    },
    restricted: noDimensions,
  },
  'admin-members-list': { request: () => ({}), restricted: noDimensions },
  'admin-members-add': {
    request: (world) => ({
      body: { email: `added-${world.unique()}@a.example`, displayName: 'Added', permissions: { ledger: 'read' } },
    }),
    expect: 201,
    restricted: noDimensions,
  },
  'admin-members-permissions': {
    request: async (world) => ({ params: { id: await world.member() }, body: { permissions: { ledger: 'edit' } } }),
    restricted: noDimensions,
  },
  'admin-members-remove': {
    request: async (world) => ({ params: { id: await world.member() } }),
    expect: 204,
    restricted: noDimensions,
  },
  'admin-members-restrictions': {
    request: async (world) => ({ params: { id: await world.member() }, body: { facilities: ['F1'] } }),
    restricted: noDimensions,
  },
  'admin-ip-blocks-list': { request: () => ({}), restricted: noDimensions },
  'admin-ip-blocks-add': {
    request: (world) => ({ body: { ip: `198.51.100.${world.unique()}`, reason: 'route-table suite' } }),
    expect: 201,
    restricted: noDimensions,
  },
  'admin-ip-blocks-remove': {
    request: async (world) => ({ params: { ip: await world.blockedIp() } }),
    expect: 204,
    restricted: noDimensions,
  },

  'me-profile': { request: () => ({}), restricted: own },
  'me-sessions-list': { request: () => ({}), restricted: own },
  'me-sessions-revoke': {
    request: async (world) => ({ params: { id: await world.session('a-admin') } }),
    expect: 204,
    restricted: own,
  },
  'me-sign-ins': { request: () => ({}), restricted: own },
};
