import { createHash } from 'node:crypto';
import type { TenantContext } from '../platform/actor';
import type { Clock } from '../platform/clock';
import { ForbiddenError, NotFoundError, TooManyRequestsError } from '../platform/errors';
import { canonicalIp } from '../platform/http/ip-address';
import type { TenantIdentityDependencies } from './identity-dependencies';
import type { IpBlockStore, PlatformIdentityStore } from './identity-store';
import type { IpBlock, NewIpBlock } from './schemas';

/** Failed sign-ins from one address within the window that block it. */
export const failedSignInLimit = 10;
const failureWindowSeconds = 15 * 60;
export const automaticBlockSeconds = 15 * 60;

export const ipBlockType = 'ip-block';
/** Keyed by the address's one canonical spelling: `::ffff:203.0.113.9` and `203.0.113.9` are one key. */
export const addressDigest = (ip: string) => createHash('sha256').update(canonicalIp(ip)).digest('hex').slice(0, 32);
export const ipBlockId = (ip: string) => `ip-block-${addressDigest(ip)}`;

/**
 * Platform-wide, temporary: an address that keeps failing to sign in (password spraying,
 * token guessing) is turned away from the authentication routes for a while.
 */
export async function assertNotBlockedForSignIn(
  platform: PlatformIdentityStore,
  ip: string,
  clock: Clock,
): Promise<void> {
  const block = await platform.addressBlock(ip);
  const remaining = block?.until ? Math.ceil((Date.parse(block.until) - clock.now().getTime()) / 1000) : 0;
  if (remaining > 0)
    throw new TooManyRequestsError('Too many failed sign-ins from this address; try again later', remaining);
}

/** Counts a failed sign-in; the tenth in fifteen minutes blocks the address. Returns true when it did. */
export async function recordFailedSignIn(platform: PlatformIdentityStore, ip: string, clock: Clock): Promise<boolean> {
  const nowSeconds = Math.floor(clock.now().getTime() / 1000);
  const window = nowSeconds - (nowSeconds % failureWindowSeconds);
  const count = await platform.countFailedSignIn(ip, window, failureWindowSeconds);
  if (count < failedSignInLimit) return false;
  const block: IpBlock = {
    ip: canonicalIp(ip),
    until: new Date(clock.now().getTime() + automaticBlockSeconds * 1000).toISOString(),
    reason: `${count} failed sign-ins in 15 minutes`,
  };
  // The latest failure's block is the right one: upsert, not create.
  await platform.blockAddress(block, automaticBlockSeconds * 2);
  return true;
}

/** An organisation's own block list: its admins keep an address away from their data. */
export async function tenantBlock(store: IpBlockStore, ip: string, now: Date): Promise<IpBlock | undefined> {
  return blockInForce(await store.findBlock(ip), now);
}

/** The stored block of an address if it still holds at `now` (a timed one lapses by itself). */
export function blockInForce(block: IpBlock | undefined, now: Date): IpBlock | undefined {
  if (!block) return undefined;
  return block.until === null || Date.parse(block.until) > now.getTime() ? block : undefined;
}

export async function blockIp(
  deps: TenantIdentityDependencies,
  context: TenantContext,
  input: NewIpBlock,
): Promise<IpBlock> {
  const ip = canonicalIp(input.ip);
  if (ip === canonicalIp(context.actor.ip ?? ''))
    throw new ForbiddenError('You cannot block the address you are using');
  const store = deps.storeFor(context);
  const now = deps.clock.now();
  const block: IpBlock = {
    ip,
    reason: input.reason,
    until: input.minutes ? new Date(now.getTime() + input.minutes * 60_000).toISOString() : null,
  };
  await store.writeBlock(await store.findBlock(ip), block, {
    action: 'ip.blocked',
    target: { type: 'ip', id: ip },
    details: { reason: input.reason, until: block.until },
  });
  return block;
}

export async function unblockIp(deps: TenantIdentityDependencies, context: TenantContext, ip: string): Promise<void> {
  const store = deps.storeFor(context);
  const now = deps.clock.now();
  const existing = await store.findBlock(ip);
  if (!existing || !blockInForce(existing, now)) throw new NotFoundError('This address is not blocked');
  await store.writeBlock(
    existing,
    { ip: existing.ip, until: now.toISOString(), reason: `${existing.reason} (unblocked)` },
    { action: 'ip.unblocked', target: { type: 'ip', id: canonicalIp(ip) } },
  );
}

export async function listIpBlocks(deps: TenantIdentityDependencies, context: TenantContext): Promise<IpBlock[]> {
  const now = deps.clock.now();
  const blocks = await deps.storeFor(context).listBlocks();
  return blocks.filter((b) => blockInForce(b, now)).map(({ ip, until, reason }) => ({ ip, until, reason }));
}
