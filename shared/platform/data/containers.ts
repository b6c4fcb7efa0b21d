/**
 * Every Cosmos container the app uses. Business documents of an organisation share one
 * container partitioned by /tenantId, so one business operation (an invoice, its journal
 * entry, its audit record) can be a single transactional batch. Platform documents that
 * are looked up by their own key live in containers partitioned by /id.
 */
export interface ContainerDefinition {
  readonly name: string;
  readonly partitionKeyPath: '/tenantId' | '/id';
  /** -1 turns on per-document `ttl` (rate-limit windows expire) without expiring anything else. */
  readonly defaultTtl?: -1;
}

export const containers = {
  tenantData: { name: 'tenant-data', partitionKeyPath: '/tenantId' },
  platform: { name: 'platform', partitionKeyPath: '/id', defaultTtl: -1 },
} satisfies Record<string, ContainerDefinition>;

export const allContainers: readonly ContainerDefinition[] = Object.values(containers);
