import type { RouteCase } from '../route-case';
import type { World } from '../world';

const noDimensions = { unaffected: 'the security contact, lockdowns and locks carry no facility or division' };
const reason = { reason: 'route-table suite' };

/** Lifts a lockdown if one is on (B's admin starts one in B when sending A's request). */
async function liftIfLocked(world: World, authorization: string): Promise<void> {
  const lifted = await world.call(authorization, 'DELETE', 'admin/security/lockdown');
  if (![200, 409].includes(lifted.status)) throw new Error(`lifting a lockdown: ${lifted.status}`);
}

/**
 * Security contact, organisation lockdown (admins and platform operators), member locks. Once A
 * names a security contact, every lockdown started emails it: the suite lets that email go out
 * (`settled`) before it compares A's documents again.
 */
export const lockdownCases: Record<string, RouteCase> = {
  'admin-security-state': { request: () => ({}), restricted: noDimensions },
  'admin-security-contact': { request: () => ({ body: { email: 'soc@a.example' } }), restricted: noDimensions },
  'admin-lockdown-start': {
    request: () => ({ body: reason }),
    restricted: noDimensions,
    // Started by each organisation's first admin; lifted by its second (whoever starts one cannot lift it).
    after: async ({ world }) => {
      await liftIfLocked(world, world.a.admin2);
      await liftIfLocked(world, world.b.admin2);
      await world.settled();
    },
  },
  'admin-lockdown-lift': {
    request: async (world) => {
      await world.expectOk(world.a.admin2, 'POST', 'admin/security/lockdown', reason);
      await world.settled();
      return {};
    },
    restricted: noDimensions,
  },
  'operator-lockdown-start': {
    request: () => ({ body: reason }),
    restricted: noDimensions,
    after: async ({ world }) => {
      await world.expectOk(world.operator, 'DELETE', 'operator/lockdown');
      await world.settled();
    },
  },
  'operator-lockdown-lift': {
    request: async (world) => {
      await world.expectOk(world.operator, 'POST', 'operator/lockdown', reason);
      await world.settled();
      return {};
    },
    restricted: noDimensions,
  },
  'admin-members-lock': {
    request: async (world) => ({ params: { id: await world.member() }, body: reason }),
    restricted: noDimensions,
  },
  'admin-members-unlock': {
    request: async (world) => {
      const id = await world.member();
      await world.expectOk(world.a.admin2, 'POST', `admin/members/${id}/lock`, reason);
      return { params: { id } };
    },
    restricted: noDimensions,
  },
};
