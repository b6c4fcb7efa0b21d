import { expect } from 'vitest';
import type { Probe, RouteCase } from '../route-case';

/** A full export holds every facility's and division's records: out of a restricted member's reach. */
async function outOfReach(probe: Probe): Promise<void> {
  const response = await probe.send(probe.world.restricted);
  if (probe.route.methods![0] === 'POST') expect(response.status, 'a restricted member requests').toBe(403);
  else if (probe.route.route!.includes('{id}')) expect(response.status, 'a restricted member reads').toBe(404);
  else expect(await response.json(), 'a restricted member lists').toEqual({ items: [] });
}

/** Requests, status and downloads of full data exports. */
export const exportCases: Record<string, RouteCase> = {
  'admin-data-exports-request': {
    request: () => ({}),
    expect: 202,
    restricted: outOfReach,
    // The export runs in the background: let it finish before the next route's snapshot.
    after: (probe) => probe.world.settled(),
  },
  'admin-data-exports-list': { request: () => ({}), restricted: outOfReach },
  'admin-data-exports-get': {
    request: async (world) => ({ params: { id: await world.completedExport() } }),
    restricted: outOfReach,
  },
  'admin-data-exports-file': {
    request: async (world) => ({ params: { id: await world.completedExport(), name: 'manifest.json' } }),
    restricted: outOfReach,
  },
};
