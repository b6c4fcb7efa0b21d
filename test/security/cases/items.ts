import { expect } from 'vitest';
import type { Probe, RouteCase } from '../route-case';
import type { World } from '../world';

/**
 * Items belong to the whole organisation: a restricted member lists none, finds none by id (404,
 * writes too) and adds none or switches nothing (403).
 */
async function outOfReach(probe: Probe): Promise<void> {
  const response = await probe.send(probe.world.restricted);
  const method = probe.route.methods![0];
  if (probe.route.route!.includes('{id}')) expect(response.status, 'a restricted member names an item').toBe(404);
  else if (method === 'GET') expect(await response.json(), 'a restricted member lists').toEqual({ items: [] });
  else expect(response.status, 'a restricted member adds or switches').toBe(403);
}

const noItemData = { unaffected: 'the taxonomy and the switch state are the same for every member' };

function itemBody(world: World) {
  return {
    sku: `RT-${world.unique()}`,
    name: 'Route-table item',
    description: 'Consulting hours',
    type: 'service',
    currency: 'USD',
    unitPrice: '10.00',
    revenueAccountId: world.a.accounts.revenue,
  };
}

/** A fresh item in A (the world runs with the platform's AI step off: no queue work changes it later). */
async function item(world: World): Promise<string> {
  return (await world.expectOk<{ id: string }>(world.a.admin, 'POST', 'items', itemBody(world))).id;
}

/** A fresh item with a suggestion stored beside it, as the queue step leaves one. */
async function suggestedItem(world: World): Promise<string> {
  const id = await item(world);
  const document = world.data.item(`classification-${id}`, world.a.tenantId);
  const { resource } = await document.read<Record<string, unknown>>();
  await document.replace({
    ...resource!,
    status: 'suggested',
    suggestion: {
      code: 'txcd_20030000',
      name: 'General - Services',
      confidence: 0.9,
      reason: 'Consulting is a service.',
      model: 'claude-haiku-4-5-20251001',
      at: new Date().toISOString(),
    },
  });
  return id;
}

/** Items, their tax-code suggestions, the taxonomy and the organisation's switch of the AI step. */
export const itemCases: Record<string, RouteCase> = {
  'items-list': { request: () => ({ query: { search: 'route', pageSize: '5' } }), restricted: outOfReach },
  'items-create': {
    // With B's token, A's revenue account is an unknown account (400), not A's.
    request: (world) => ({ body: itemBody(world) }),
    expect: 201,
    restricted: outOfReach,
  },
  'items-get': { request: async (world) => ({ params: { id: await item(world) } }), restricted: outOfReach },
  'items-update': {
    request: async (world) => ({
      params: { id: await item(world) },
      body: { name: 'Renamed item', unitPrice: '12.50' },
    }),
    restricted: outOfReach,
  },
  'items-delete': {
    request: async (world) => ({ params: { id: await item(world) } }),
    expect: 204,
    restricted: outOfReach,
  },
  'items-suggestion-accept': {
    request: async (world) => ({ params: { id: await suggestedItem(world) }, body: { code: 'txcd_20030000' } }),
    restricted: outOfReach,
  },
  'items-suggestion-override': {
    request: async (world) => ({ params: { id: await item(world) }, body: { taxCode: 'txcd_00000000' } }),
    restricted: outOfReach,
  },
  'items-tax-codes': { request: () => ({}), restricted: noItemData },
  'items-classification-settings': { request: () => ({}), restricted: noItemData },
  'items-classification-switch': {
    request: () => ({ body: { enabled: true } }),
    restricted: outOfReach,
  },
};
