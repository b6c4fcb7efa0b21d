import type { Container } from '@azure/cosmos';

/** The organisation's audit records with `action`, in the log's order. */
export async function auditRecordsOf<T>(data: Container, tenantId: string, action: string): Promise<T[]> {
  const { resources } = await data.items
    .query<T>({
      query: 'SELECT * FROM c WHERE c.tenantId = @t AND c.type = @r AND c.action = @a ORDER BY c.sequence',
      parameters: [
        { name: '@t', value: tenantId },
        { name: '@r', value: 'audit-record' },
        { name: '@a', value: action },
      ],
    })
    .fetchAll();
  return resources;
}
