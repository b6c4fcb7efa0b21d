import type { Organisation, World } from './world';

/**
 * Shares between the route-table's organisations, made through the API as two admins would: the
 * requester asks for a code, the owner grants it. The world keeps A and B sharing both ways for
 * the whole suite, so every route of A is attacked by B while B holds an active grant of A's.
 */
export interface WorldShares {
  /** A's grant to B (in A's partition) and B's share of A (in B's). */
  aToB: { grantId: string; shareId: string };
  /** B's grant to A and A's share of B: what A's admin reads in the balances case. */
  bToA: { grantId: string; shareId: string };
}

export async function requestCode(world: World, requester: Organisation): Promise<string> {
  return (await world.expectOk<{ code: string }>(requester.admin, 'POST', 'portfolio/share-requests')).code;
}

/** `owner` shares its balances with `requester`; both sides' ids. Admin sign-ins must be fresh. */
export async function share(
  world: World,
  owner: Organisation,
  requester: Organisation,
  allowMonthToDate = false,
): Promise<{ grantId: string; shareId: string }> {
  const code = await requestCode(world, requester);
  const grant = await world.expectOk<{ id: string }>(owner.admin, 'POST', 'portfolio/grants', {
    code,
    allowMonthToDate,
    confirm: true,
  });
  const shares = await world.expectOk<{ items: Array<{ id: string; owner: { name: string }; status: string }> }>(
    requester.admin,
    'GET',
    'portfolio/shares',
  );
  const ownerName = `Organisation ${owner.slug.split('-')[0]!.toUpperCase()}`;
  const found = shares.items.find((s) => s.status === 'active' && s.owner.name === ownerName);
  if (!found) throw new Error(`no active share of ${ownerName} for ${requester.slug}`);
  return { grantId: grant.id, shareId: found.id };
}
