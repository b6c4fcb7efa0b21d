import type { TenantContext } from '../actor';
import type { Container } from '@azure/cosmos';
import { TenantRepository } from '../data/tenant-repository';
import type { Stored } from '../data/stored-document';
import { outboxType, type OutboxRecord, type OutboxState, type OutboxWork } from './outbox-record';

interface EmailSummary {
  readonly to?: readonly string[];
  readonly subject?: string;
  readonly purpose?: string;
}

/** What admins see of outbox work: its state and why, never the bodies or attachments. */
export function outboxView(record: Stored<OutboxRecord>) {
  const payload = (record.payload ?? {}) as EmailSummary;
  return {
    id: record.id,
    work: record.work,
    state: record.state,
    attempts: record.attempts,
    lastError: record.lastError,
    result: record.result,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    finishedAt: record.finishedAt,
    ...(record.work === 'email'
      ? { email: { to: payload.to ?? [], subject: payload.subject ?? '', purpose: payload.purpose ?? '' } }
      : {}),
  };
}

/** Outbox work of the organisation, newest first, by state and kind: undeliverable and poisoned mail shows here. */
export async function listOutbox(
  container: Container,
  context: TenantContext,
  filter: { readonly state?: OutboxState; readonly work?: OutboxWork; readonly continuationToken?: string },
) {
  const conditions = [...(filter.state ? ['c.state = @state'] : []), ...(filter.work ? ['c.work = @work'] : [])];
  const page = await new TenantRepository(container, context).query<OutboxRecord>(outboxType, {
    ...(conditions.length > 0 ? { where: conditions.join(' AND ') } : {}),
    parameters: [
      ...(filter.state ? [{ name: '@state', value: filter.state }] : []),
      ...(filter.work ? [{ name: '@work', value: filter.work }] : []),
    ],
    orderBy: 'c.createdAt DESC',
    maxItemCount: 100,
    continuationToken: filter.continuationToken,
  });
  return {
    items: page.items.map(outboxView),
    ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
  };
}
