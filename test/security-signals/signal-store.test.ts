import { beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../shared/platform/clock';
import { PlatformRepository } from '../../shared/platform/data/platform-repository';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { verifyAuditChain } from '../../shared/platform/audit/verify-chain';
import { createLogger } from '../../shared/platform/telemetry/json-logger';
import { raiseSignal } from '../../shared/security-signals/raise-signal';
import { signalStoreFor } from '../../shared/security-signals/security-signals-dependencies';
import { createTestDatabase, type TestDatabase } from '../harness/cosmos';

/** Signals under concurrency, on the emulator: no count is lost, and one burst is one signal. */
describe('signal store', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  const context = () => ({
    tenantId: `tenant-${Math.random().toString(36).slice(2)}`,
    actor: { id: 'system:security-signals', kind: 'system' as const },
  });
  const storeFor = (tenant: ReturnType<typeof context>) =>
    signalStoreFor(
      {
        tenantData: db.containers.tenantData,
        platform: new PlatformRepository(db.containers.platform),
        clock: systemClock,
      },
      tenant,
    );

  it('concurrent counts in one window are never lost', async () => {
    const store = storeFor(context());
    const counts = await Promise.all(Array.from({ length: 40 }, () => store.countInWindow('rapid:export:m', 600)));
    expect(counts.map((c) => c.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(await store.countOf('rapid:export:m', 600, counts[0]!.windowStart)).toBe(40);
    expect(await store.countOf('rapid:export:m', 600, counts[0]!.windowStart - 600)).toBe(0);
  });

  it('organisations count apart', async () => {
    const [a, b] = [storeFor(context()), storeFor(context())];
    await a.countInWindow('not-found:member-1', 600);
    expect((await b.countInWindow('not-found:member-1', 600)).count).toBe(1);
  });

  it('requests of one burst crossing the threshold together raise one signal with one audit record', async () => {
    const tenant = context();
    const store = storeFor(tenant);
    const events: string[] = [];
    const deps = {
      store,
      clock: systemClock,
      telemetry: { trackEvent: (name: string) => void events.push(name) },
      logger: createLogger({ level: 'error' }),
      tenantId: tenant.tenantId,
    };
    const signal = {
      kind: 'rapid-actions' as const,
      memberId: 'member-1',
      summary: 'burst',
      details: { action: 'export' },
    };
    const raised = await Promise.all(Array.from({ length: 12 }, () => raiseSignal(deps, 'member-1:w1', signal)));
    expect(raised.filter(Boolean)).toHaveLength(1);
    expect(events).toEqual(['SecuritySignal']);
    expect((await store.listSignals({}, {})).items).toHaveLength(1);
    // The same burst seen again in the next window is not a second signal.
    expect(await raiseSignal(deps, 'member-1:w2', signal, ['member-1:w1'])).toBe(false);
    const repository = new TenantRepository(db.containers.tenantData, tenant);
    const records = await repository.queryAll<{ action: string }>('audit-record');
    expect(records.map((r) => r.action)).toEqual(['security.signal-raised']);
    expect(await verifyAuditChain(repository)).toEqual({ ok: true, count: 1 });
  });
});
