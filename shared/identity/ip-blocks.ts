import { createHash } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import type { TenantContext } from '../platform/actor';
import { stageAuditRecord } from '../platform/audit/audit-log';
import type { Clock, IdGenerator } from '../platform/clock';
import { statusOf } from '../platform/data/cosmos-errors';
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

interface PlatformBlock extends IpBlock {
  readonly id: string;
  readonly type: 'platform-ip-block';
  readonly ttl: number;
}

/**
 * Platform-wide, temporary: an address that keeps failing to sign in (password spraying,
 * token guessing) is turned away from the authentication routes for a while.
 */
export async function assertNotBlockedForSignIn(platform: Container, ip: string, clock: Clock): Promise<void> {
  try {
    const { resource } = await platform
      .item(`platform-${ipBlockId(ip)}`, `platform-${ipBlockId(ip)}`)
      .read<PlatformBlock>();
    const remaining = resource?.until ? Math.ceil((Date.parse(resource.until) - clock.now().getTime()) / 1000) : 0;
    if (remaining > 0)
      throw new TooManyRequestsError('Too many failed sign-ins from this address; try again later', remaining);
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
}

/** Counts a failed sign-in; the tenth in fifteen minutes blocks the address. Returns true when it did. */
export async function recordFailedSignIn(platform: Container, ip: string, clock: Clock): Promise<boolean> {
  const nowSeconds = Math.floor(clock.now().getTime() / 1000);
  const window = nowSeconds - (nowSeconds % failureWindowSeconds);
  const id = `failed-sign-ins-${digest(ip)}-${window}`;
  let count: number;
  try {
    const { resource } = await platform
      .item(id, id)
      .patch<{ count: number }>([{ op: 'incr', path: '/count', value: 1 }]);
    count = resource!.count;
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
    await platform.items.upsert({ id, type: 'failed-sign-ins', count: 1, ttl: failureWindowSeconds * 2 });
    count = 1;
  }
  if (count < failedSignInLimit) return false;
  const block: PlatformBlock = {
    id: `platform-${ipBlockId(ip)}`,
    type: 'platform-ip-block',
    ip: canonicalIp(ip),
    until: new Date(clock.now().getTime() + automaticBlockSeconds * 1000).toISOString(),
    reason: `${count} failed sign-ins in 15 minutes`,
    ttl: automaticBlockSeconds * 2,
  };
  await platform.items.upsert(block);
  return true;
}

/** An organisation's own block list: its admins keep an address away from their data. */
export async function tenantBlock(repository: TenantRepository, ip: string, now: Date): Promise<IpBlock | undefined> {
  const block = await repository.find<IpBlock>(ipBlockType, ipBlockId(ip));
  if (!block) return undefined;
  return block.until === null || Date.parse(block.until) > now.getTime() ? block : undefined;
}

export async function assertNotBlockedByTenant(repository: TenantRepository, ip: string, now: Date): Promise<void> {
  if (await tenantBlock(repository, ip, now))
    throw new ForbiddenError('Access from this address is blocked by your organisation');
}

export async function blockIp(
  deps: { container: Container; clock: Clock; ids: IdGenerator },
  context: TenantContext,
  input: NewIpBlock,
): Promise<IpBlock> {
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

export async function unblockIp(
  deps: { container: Container; clock: Clock },
  context: TenantContext,
  ip: string,
): Promise<void> {
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

export async function listIpBlocks(
  deps: { container: Container; clock: Clock },
  context: TenantContext,
): Promise<IpBlock[]> {
  const now = deps.clock.now().getTime();
  const blocks = await new TenantRepository(deps.container, context, deps.clock).queryAll<IpBlock>(ipBlockType);
  return blocks
    .filter((b) => b.until === null || Date.parse(b.until) > now)
    .map(({ ip, until, reason }) => ({ ip, until, reason }));
}
