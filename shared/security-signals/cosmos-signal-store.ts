import type { DomainDependencies } from '../platform/domain-dependencies';
import { createHash } from 'node:crypto';
import type { TenantContext } from '../platform/actor';
import type { AuditEntry } from '../platform/audit/audit-record';
import { randomIds, type Clock } from '../platform/clock';
import type { PlatformRepository } from '../platform/data/platform-repository';
import { TenantRepository } from '../platform/data/tenant-repository';
import { cosmosIdentityStore } from '../identity/cosmos-identity-store';
import { signInHistory } from '../identity/sign-in-history';
import type { PostingStatistics, SecuritySignal, SignalStore, ThresholdsDocument } from './signal-store';

export const securitySignalType = 'security-signal';
export const thresholdsType = 'security-signal-settings';
const thresholdsId = 'security-signal-settings';
export const postingStatisticsType = 'posting-statistics';
const postingStatisticsId = 'posting-statistics';

interface PostedEntryDocument {
  readonly number: number;
  readonly postedBy: string | null;
  readonly currency: string;
  readonly reversalOf: string | null;
  readonly closing?: true;
  readonly lines: ReadonlyArray<{ readonly accountId: string; readonly amountMinor: string }>;
}

interface Window {
  readonly count: number;
}

/**
 * Signals and their thresholds live in the organisation's partition (listed and audited with
 * its other records); the per-window counts in the platform container, keyed for point writes
 * and expiring by TTL like the rate-limit windows.
 */
export function createCosmosSignalStore(deps: {
  readonly tenantData: DomainDependencies['container'];
  readonly platform: PlatformRepository;
  readonly clock: Clock;
  readonly context: TenantContext;
}): SignalStore {
  const { clock, context, platform } = deps;
  const repository = new TenantRepository(deps.tenantData, context, clock);

  const windowId = (key: string, windowSeconds: number, windowStart: number) => {
    const digest = createHash('sha256').update(`${context.tenantId}\n${key}\n${windowSeconds}`).digest('hex');
    return `signal-window-${digest.slice(0, 40)}-${windowStart}`;
  };

  return {
    readThresholds: () => repository.find<ThresholdsDocument>(thresholdsType, thresholdsId),

    async writeThresholds(current, next, audit) {
      const transaction = repository.transaction();
      if (current) transaction.replace(current, { thresholds: next });
      else transaction.create<ThresholdsDocument>(thresholdsType, thresholdsId, { thresholds: next });
      await transaction.commitWithAudit(audit);
    },

    async countInWindow(key, windowSeconds) {
      const nowSeconds = Math.floor(clock.now().getTime() / 1000);
      const windowStart = nowSeconds - (nowSeconds % windowSeconds);
      // Kept two windows past its end: the next window reads it (see countOf).
      const id = windowId(key, windowSeconds, windowStart);
      const count = await platform.countInWindow('signal-window', id, windowSeconds, windowSeconds * 3);
      return { count, windowStart };
    },

    async countOf(key, windowSeconds, windowStart) {
      return (await platform.find<Window>(windowId(key, windowSeconds, windowStart)))?.count ?? 0;
    },

    async hasSignal(id) {
      return (await repository.find<SecuritySignal>(securitySignalType, id)) !== undefined;
    },

    async recordSignal(id, signal, audit: AuditEntry) {
      const transaction = repository.transaction();
      transaction.create<SecuritySignal>(securitySignalType, id, signal, { immutable: true });
      await transaction.commitWithAudit(audit);
    },

    async listSignals(filter, page) {
      return repository.query<SecuritySignal>(securitySignalType, {
        ...(filter.kind ? { where: 'c.kind = @kind', parameters: [{ name: '@kind', value: filter.kind }] } : {}),
        orderBy: 'c.detectedAt DESC',
        maxItemCount: 50,
        continuationToken: page.continuationToken,
      });
    },

    readPostingStatistics: () => repository.find<PostingStatistics>(postingStatisticsType, postingStatisticsId),

    async writePostingStatistics(current, next) {
      if (current) await repository.replace(current, next);
      else await repository.create<PostingStatistics>(postingStatisticsType, postingStatisticsId, next);
    },

    async postedEntriesAfter(number, limit) {
      const page = await repository.query<PostedEntryDocument>('journal-entry', {
        where: "c.status = 'posted' AND c.number > @after",
        parameters: [{ name: '@after', value: number }],
        orderBy: 'c.number',
        maxItemCount: limit,
      });
      return page.items.map((entry) => ({
        id: entry.id,
        number: entry.number,
        postedBy: entry.postedBy ?? 'unknown',
        currency: entry.currency,
        reversalOf: entry.reversalOf,
        closing: entry.closing === true,
        lines: entry.lines.map(({ accountId, amountMinor }) => ({ accountId, amountMinor })),
      }));
    },

    async recentSignIns(memberId, limit) {
      const identity = { container: deps.tenantData, clock, ids: randomIds };
      const history = await signInHistory(
        { storeFor: (c) => cosmosIdentityStore(identity, c) },
        context,
        memberId,
        limit,
      );
      return history.filter((event) => event.result === 'signed-in').map(({ at, ip }) => ({ at, ip }));
    },
  };
}
