import type { Container } from '@azure/cosmos';
import { TenantRepository } from '../shared/platform/data/tenant-repository';

export const benchTenant = { tenantId: 'bench-tenant', actor: { id: 'system:bench', kind: 'system' as const } };

/** The read both servers do: one point read through the tenant repository. */
export async function readBenchAccount(container: Container, id: string) {
  const account = await new TenantRepository(container, benchTenant).get<{ code: string; name: string }>('account', id);
  return { id: account.id, code: account.code, name: account.name };
}
