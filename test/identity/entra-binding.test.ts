import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDimension } from '../../shared/dimensions/dimensions';
import { dimensionsDependencies } from '../../shared/dimensions/dimensions-dependencies';
import { holdToEntraIdentity } from '../../shared/identity/entra-binding';
import { memberType, type Member } from '../../shared/identity/member';
import { changePermissions, changeRestrictions } from '../../shared/identity/members';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import {
  tenantIdentityDependencies,
  type TenantIdentityDependencies,
} from '../../shared/identity/identity-dependencies';
import { createTestDatabase, type TestDatabase } from '../harness/cosmos';

describe("a member's Entra binding", () => {
  let db: TestDatabase;
  const clock = { now: () => new Date('2026-11-24T10:00:05Z') };

  let identity: TenantIdentityDependencies;

  beforeAll(async () => {
    db = await createTestDatabase();
    identity = tenantIdentityDependencies({
      container: db.containers.tenantData,
      clock,
      ids: { newId: () => randomUUID() },
    });
  });

  async function organisationWithMembers() {
    const tenantId = `org-${randomUUID()}`;
    const system = { tenantId, actor: { id: 'system:test', kind: 'system' as const } };
    const repository = new TenantRepository(db.containers.tenantData, system, clock);
    for (const id of ['member-admin', 'member-kit'])
      await repository.create<Member>(memberType, id, {
        email: `${id}@x.example`,
        displayName: id,
        status: 'active',
        permissions: { members: 'admin' },
      });
    return { tenantId, repository, system };
  }

  it('two first sign-ins racing with different object ids bind one; the other is a mismatch', async () => {
    const { repository, system } = await organisationWithMembers();
    const member = await repository.get<Member>(memberType, 'member-kit');
    const outcomes = await Promise.all(
      ['oid-a', 'oid-b'].map((objectId) =>
        holdToEntraIdentity(identity.storeFor(system), member, { tenantId: 't', objectId }),
      ),
    );
    expect(outcomes.sort()).toEqual(['bound', 'mismatch']);
  });

  it('survives an admin changing the member’s permissions and restrictions', async () => {
    const { tenantId, repository, system } = await organisationWithMembers();
    await holdToEntraIdentity(identity.storeFor(system), await repository.get<Member>(memberType, 'member-kit'), {
      tenantId: 't',
      objectId: 'oid-kit',
    });
    const deps = { container: db.containers.tenantData, clock, ids: { newId: () => randomUUID() } };
    const admin = { tenantId, actor: { id: 'member-admin', kind: 'member' as const } };
    await createDimension(dimensionsDependencies(deps), admin, 'facility', { code: 'F1', name: 'Plant one' });
    await changePermissions(identity, admin, 'member-kit', { ledger: 'read' });
    await changeRestrictions(identity, admin, 'member-kit', { facilities: ['F1'] });
    expect((await repository.get<Member>(memberType, 'member-kit')).entraIdentity).toEqual({
      tenantId: 't',
      objectId: 'oid-kit',
    });
  });
});
