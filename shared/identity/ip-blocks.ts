import { createHash } from 'node:crypto';
import type { TenantContext } from '../platform/actor';
import { stageAuditRecord } from '../platform/audit/audit-log';
import type { Clock } from '../platform/clock';
import type { PlatformRepository } from '../platform/data/platform-repository';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { TenantRepository } from '../platform/data/tenant-repository';
import { ForbiddenError, NotFoundError, TooManyRequestsError } from '../platform/errors';
import { canonicalIp } from '../platform/http/ip-address';
import type { IpBlock, NewIpBlock } from './schemas';

/** Failed sign-ins from one address within the window that block it. */
export const failedSignInLimit = 10;
const failureWindowSeconds = 15 * 60;
export const automaticBlockSeconds = 15 * 60;

export const ipBlockType = 'ip-block';
/** Keyed by the address's one canonical spelling: `::ffff:203.0.113.9` and `203.0.113.9` are one key. */
const digest = (ip: string) => createHash('sha256').update(canonicalIp(ip)).digest('hex').slice(0, 32);
export const ipBlockId = (ip: string) => `ip-block-${digest(ip)}`;

const platformBlockType = 'platform-ip-block';
const platformBlockId = (ip: string) => `platform-${ipBlockId(ip)}`;

/**
 * Platform-wide, temporary: an address that keeps failing to sign in (password spraying,
 * token guessing) is turned away from the authentication routes for a while.
 */
export async function assertNotBlockedForSignIn(platform: PlatformRepository, ip: string, clock: Clock): Promise<void> {
  const block = await platform.find<IpBlock>(platformBlockId(ip));
  const remaining = block?.until ? Math.ceil((Date.parse(block.until) - clock.now().getTime()) / 1000) : 0;
  if (remaining > 0)
    throw new TooManyRequestsError('Too many failed sign-ins from this address; try again later', remaining);
}

/** Counts a failed sign-in; the tenth in fifteen minutes blocks the address. Returns true when it did. */
export async function recordFailedSignIn(platform: PlatformRepository, ip: string, clock: Clock): Promise<boolean> {
  const nowSeconds = Math.floor(clock.now().getTime() / 1000);
  const window = nowSeconds - (nowSeconds % failureWindowSeconds);
  const count = await platform.countInWindow(
    'failed-sign-ins',
    `failed-sign-ins-${digest(ip)}-${window}`,
    failureWindowSeconds,
  );
  if (count < failedSignInLimit) return false;
  const block: IpBlock = {
    ip: canonicalIp(ip),
    until: new Date(clock.now().getTime() + automaticBlockSeconds * 1000).toISOString(),
    reason: `${count} failed sign-ins in 15 minutes`,
  };
  // The latest failure's block is the right one: upsert, not create.
  await platform.upsert(platformBlockType, platformBlockId(ip), block, { ttlSeconds: automaticBlockSeconds * 2 });
  return true;
}

/** An organisation's own block list: its admins keep an address away from their data. */
export async function tenantBlock(repository: TenantRepository, ip: string, now: Date): Promise<IpBlock | undefined> {
  return blockInForce(await repository.find<IpBlock>(ipBlockType, ipBlockId(ip)), now);
}

/** The stored block of an address if it still holds at `now` (a timed one lapses by itself). */
export function blockInForce(block: IpBlock | undefined, now: Date): IpBlock | undefined {
  if (!block) return undefined;
  return block.until === null || Date.parse(block.until) > now.getTime() ? block : undefined;
}

export async function assertNotBlockedByTenant(repository: TenantRepository, ip: string, now: Date): Promise<void> {
  if (await tenantBlock(repository, ip, now))
    throw new ForbiddenError('Access from this address is blocked by your organisation');
}

export async function blockIp(deps: DomainDependencies, context: TenantContext, input: NewIpBlock): Promise<IpBlock> {
  const ip = canonicalIp(input.ip);
  if (ip === canonicalIp(context.actor.ip ?? ''))
    throw new ForbiddenError('You cannot block the address you are using');
  const repository = new TenantRepository(deps.container, context, deps.clock);
  const now = deps.clock.now();
  const block: IpBlock = {
    ip,
    reason: input.reason,
    until: input.minutes ? new Date(now.getTime() + input.minutes * 60_000).toISOString() : null,
  };
  const existing = await repository.find<IpBlock>(ipBlockType, ipBlockId(ip));
  const transaction = repository.transaction();
  if (existing) transaction.replace(existing, block);
  else transaction.create(ipBlockType, ipBlockId(ip), block);
  await stageAuditRecord(
    repository,
    transaction,
    context,
    {
      action: 'ip.blocked',
      target: { type: 'ip', id: ip },
      details: { reason: input.reason, until: block.until },
    },
    now,
  );
  await transaction.commit();
  return block;
}

export async function unblockIp(deps: DomainDependencies, context: TenantContext, ip: string): Promise<void> {
  const repository = new TenantRepository(deps.container, context, deps.clock);
  const existing = await repository.find<IpBlock>(ipBlockType, ipBlockId(ip));
  if (!existing || (existing.until !== null && Date.parse(existing.until) <= deps.clock.now().getTime()))
    throw new NotFoundError('This address is not blocked');
  const now = deps.clock.now();
  const transaction = repository
    .transaction()
    .replace(existing, { ...existing, until: now.toISOString(), reason: `${existing.reason} (unblocked)` });
  await stageAuditRecord(
    repository,
    transaction,
    context,
    { action: 'ip.unblocked', target: { type: 'ip', id: canonicalIp(ip) } },
    now,
  );
  await transaction.commit();
}

export async function listIpBlocks(deps: DomainDependencies, context: TenantContext): Promise<IpBlock[]> {
  const now = deps.clock.now().getTime();
  const blocks = await new TenantRepository(deps.container, context, deps.clock).queryAll<IpBlock>(ipBlockType);
  return blocks
    .filter((b) => b.until === null || Date.parse(b.until) > now)
    .map(({ ip, until, reason }) => ({ ip, until, reason }));
}
