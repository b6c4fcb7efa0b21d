import { beforeEach, describe, expect, it } from 'vitest';
import type { TenantContext } from '../../shared/platform/actor';
import { appendAuditRecord } from '../../shared/platform/audit/audit-log';
import { auditRecordId, hashAuditContent, type AuditRecord } from '../../shared/platform/audit/audit-record';
import { verifyAuditChain } from '../../shared/platform/audit/verify-chain';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { createTestDatabase, type TestDatabase } from '../harness/cosmos';

describe('audit chain', () => {
  let db: TestDatabase;
  let repository: TenantRepository;
  let context: TenantContext;

  beforeEach(async () => {
    db ??= await createTestDatabase();
    context = {
      tenantId: `tenant-${Math.random().toString(36).slice(2)}`,
      actor: { id: 'member-1', kind: 'member', ip: '198.51.100.4', userAgent: 'vitest' },
    };
    repository = new TenantRepository(db.containers.tenantData, context);
  });

  async function appendMany(count: number): Promise<void> {
    for (let i = 1; i <= count; i += 1) {
      await appendAuditRecord(repository, context, {
        action: 'member.permission-changed',
        target: { type: 'member', id: `m-${i}` },
        details: { level: 'edit' },
      });
    }
  }

  /** Tampering goes straight to the container, as an attacker with database access would. */
  async function rawRecord(sequence: number) {
    const { resource } = await db.containers.tenantData
      .item(auditRecordId(sequence), context.tenantId)
      .read<AuditRecord & { id: string }>();
    return resource!;
  }

  it('chains records with gap-free sequence numbers and verifies', async () => {
    await appendMany(5);
    const third = await rawRecord(3);
    expect(third).toMatchObject({
      sequence: 3,
      previousHash: (await rawRecord(2)).hash,
      actor: { id: 'member-1' },
      ip: '198.51.100.4',
      userAgent: 'vitest',
    });
    expect(await verifyAuditChain(repository)).toEqual({ ok: true, count: 5 });
  });

  it('catches a tampered record', async () => {
    await appendMany(4);
    const record = await rawRecord(2);
    await db.containers.tenantData
      .item(record.id, context.tenantId)
      .replace({ ...record, details: { level: 'admin' } });
    expect(await verifyAuditChain(repository)).toEqual({ ok: false, sequence: 2, problem: 'hash-mismatch' });
  });

  it('catches a tampered record whose hash was recomputed, at the next link', async () => {
    await appendMany(4);
    const record = await rawRecord(2);
    const forged = { ...record, action: 'nothing-to-see' };
    await db.containers.tenantData
      .item(record.id, context.tenantId)
      .replace({ ...forged, hash: hashAuditContent(forged) });
    expect(await verifyAuditChain(repository)).toEqual({ ok: false, sequence: 3, problem: 'broken-link' });
  });

  it('catches a deleted record', async () => {
    await appendMany(4);
    await db.containers.tenantData.item(auditRecordId(3), context.tenantId).delete();
    expect(await verifyAuditChain(repository)).toEqual({ ok: false, sequence: 3, problem: 'gap' });
  });

  it('catches the deletion of the newest record', async () => {
    await appendMany(3);
    await db.containers.tenantData.item(auditRecordId(3), context.tenantId).delete();
    expect(await verifyAuditChain(repository)).toMatchObject({ ok: false, problem: 'head-mismatch' });
  });

  it('catches two records swapped', async () => {
    await appendMany(4);
    const second = await rawRecord(2);
    const third = await rawRecord(3);
    const container = db.containers.tenantData;
    await container.item(second.id, context.tenantId).replace({ ...third, id: second.id, sequence: 2 });
    await container.item(third.id, context.tenantId).replace({ ...second, id: third.id, sequence: 3 });
    const verdict = await verifyAuditChain(repository);
    expect(verdict).toMatchObject({ ok: false, sequence: 2 });
  });

  it('thirty concurrent appends never fork the chain or reuse a number', async () => {
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        appendAuditRecord(repository, context, {
          action: 'session.revoked',
          target: { type: 'session', id: `s-${i}` },
        }),
      ),
    );
    const records = await repository.queryAll<AuditRecord>('audit-record', { orderBy: 'c.sequence ASC' });
    expect(records.map((r) => r.sequence)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(new Set(records.map((r) => r.previousHash)).size).toBe(30);
    expect(await verifyAuditChain(repository)).toEqual({ ok: true, count: 30 });
  });
});
