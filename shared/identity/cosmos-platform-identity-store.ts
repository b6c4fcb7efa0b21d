import type { PlatformRepository } from '../platform/data/platform-repository';
import type { PlatformIdentityStore, StoredPendingSignIn } from './identity-store';
import { addressDigest, ipBlockId } from './ip-blocks';
import type { OperatorRecord } from './operator-sign-in';
import { slugDocumentId } from './organization';
import type { IpBlock } from './schemas';
import type { PendingSignIn } from './sign-in-transaction';

const pendingId = (state: string) => `pending-sign-in-${state}`;
const addressBlockId = (ip: string) => `platform-${ipBlockId(ip)}`;

/** Identity's documents in the platform container: the only identity file that touches the platform repository. */
export function cosmosPlatformIdentityStore(platform: PlatformRepository): PlatformIdentityStore {
  return {
    tenantOfSlug: async (slug) => (await platform.find<{ tenantId: string }>(slugDocumentId(slug)))?.tenantId,
    findOperator: (operatorId) => platform.find<OperatorRecord>(operatorId),
    openPendingSignIn: (state, pending, ttlSeconds) =>
      platform.create('pending-sign-in', pendingId(state), pending, { ttlSeconds }),
    findPendingSignIn: (state): Promise<StoredPendingSignIn | undefined> =>
      platform.find<PendingSignIn>(pendingId(state)),
    usePendingSignIn: (current) => platform.replace(current, { used: true }),
    addressBlock: (ip) => platform.find<IpBlock>(addressBlockId(ip)),
    countFailedSignIn: (ip, windowStart, windowSeconds) =>
      platform.countInWindow('failed-sign-ins', `failed-sign-ins-${addressDigest(ip)}-${windowStart}`, windowSeconds),
    blockAddress: (block, ttlSeconds) =>
      platform.upsert('platform-ip-block', addressBlockId(block.ip), block, { ttlSeconds }),
    recordSecurityEvent: (id, event, ttlSeconds) => platform.create('security-event', id, event, { ttlSeconds }),
  };
}
