import { randomUUID } from 'node:crypto';
import { QueueServiceClient } from '@azure/storage-queue';
import { beforeAll, describe, expect, it } from 'vitest';
import { provisionStorage } from '../../local/provision';
import {
  checkOrganisation,
  integrityMessage,
  lastIntegrityResults,
  sendIntegrityChecks,
} from '../../shared/integrity/integrity-monitor';
import { createAccount } from '../../shared/ledger/accounts';
import { snapshotPartType } from '../../shared/ledger/balance-snapshots';
import { createAndPostEntry } from '../../shared/ledger/journal-posting';
import { closePeriod } from '../../shared/ledger/period-close';
import { onboardingDependencies } from '../../shared/onboarding/onboarding-dependencies';
import { createOrganization } from '../../shared/onboarding/organizations';
import { suspendOrganization } from '../../shared/onboarding/suspension';
import { platformAdministrationTenant } from '../../shared/platform/auth/principal';
import { randomIds, systemClock } from '../../shared/platform/clock';
import { PlatformRepository } from '../../shared/platform/data/platform-repository';
import { auditRecordType, type AuditRecord } from '../../shared/platform/audit/audit-record';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { createLogger } from '../../shared/platform/telemetry/json-logger';
import type { Telemetry } from '../../shared/platform/telemetry/telemetry';
import { issueInvoice } from '../../shared/receivables/invoice-issue';
import { recordReceipt } from '../../shared/receivables/receipts';
import { withReceivablesStores, type ReceivablesDependencies } from '../../shared/receivables/receivables-dependencies';
import { createTestDatabase } from '../harness/cosmos';
import { queueSenderFor } from '../harness/outbox';
import { storageConnectionString } from '../harness/storage';
import { openReceivablesBooks, receivablesDependencies } from '../receivables/receivables-books';
import { ledgerDependencies } from '../../shared/ledger/ledger-dependencies';
import { withIntegrityStores } from '../../shared/integrity/integrity-dependencies';
import type { DomainDependencies } from '../../shared/platform/domain-dependencies';

/** Application Insights at the port: what the app would send, kept to be read. */
function recordingTelemetry(): Telemetry & {
  events: Array<{ name: string; properties?: Readonly<Record<string, string>> }>;
} {
  const events: Array<{ name: string; properties?: Readonly<Record<string, string>> }> = [];
  return {
    events,
    trackEvent: (name, properties) => void events.push({ name, ...(properties ? { properties } : {}) }),
    trackException: () => undefined,
    flush: async () => undefined,
  };
}

const logger = createLogger({ level: 'error', sink: () => undefined });

/** What the queue function gives the monitor: its stores over the suite's database, and telemetry to read. */
function monitorOf(deps: DomainDependencies) {
  const telemetry = recordingTelemetry();
  return { monitor: withIntegrityStores({ ...deps, telemetry, logger }), telemetry };
}

describe('the nightly integrity monitor', () => {
  let deps: ReceivablesDependencies;
  beforeAll(async () => {
    deps = await receivablesDependencies();
  });

  it('passes healthy books, then finds each break made on purpose: AP and AR subledgers, a closed month, the trial balance, the audit chain', async () => {
    const books = await openReceivablesBooks(deps);
    const customer = await books.customer();
    const invoice = await issueInvoice(deps, books.context, await books.draft(customer, { issueDate: '2026-01-15' }));
    await recordReceipt(deps, books.context, {
      customerId: customer,
      date: '2026-01-20',
      amount: '100.00',
      applications: [],
    });
    const february = await issueInvoice(deps, books.context, await books.draft(customer, { issueDate: '2026-02-15' }));
    await closePeriod(ledgerDependencies(deps), books.context, '2026-01');
    const data = deps.container;
    const tenant = books.context.tenantId;
    const tamper = async (id: string, change: (document: Record<string, unknown>) => Record<string, unknown>) => {
      const { resource } = await data.item(id, tenant).read<Record<string, unknown>>();
      await data.item(id, tenant).replace(change(resource!));
    };
    const { monitor, telemetry } = monitorOf(deps);
    const run = async () => {
      const results = await checkOrganisation(monitor, { tenantId: books.context.tenantId, asOf: '2026-03-31' });
      return Object.fromEntries(results.map((r) => [r.check, r.status]));
    };
    expect(await run()).toEqual({
      'trial-balance': 'ok',
      'ar-subledger': 'ok',
      'ap-subledger': 'not-applicable',
      'period-snapshots': 'ok',
      'audit-chain': 'ok',
    });
    expect(telemetry.events).toEqual([]);

    // AP set up with no bills: fine; then a manual posting straight to the AP control account breaks it.
    const apControl = (
      await createAccount(ledgerDependencies(deps), books.context, {
        code: '2000',
        name: 'AP control',
        type: 'liability',
      })
    ).id;
    await tamper(tenant, (d) => ({ ...d, payables: { apControlAccountId: apControl } }));
    expect(await run()).toMatchObject({ 'ap-subledger': 'ok' });
    await createAndPostEntry(ledgerDependencies(deps), books.context, {
      date: '2026-03-01',
      memo: 'Posted to the control account by hand',
      currency: 'USD',
      lines: [
        { accountId: books.accounts.cash, side: 'debit', amount: '5.00' },
        { accountId: apControl, side: 'credit', amount: '5.00' },
      ],
    });
    expect(await run()).toMatchObject({ 'ap-subledger': 'break', 'trial-balance': 'ok', 'ar-subledger': 'ok' });

    // An invoice whose total was changed behind the ledger's back: the subledger no longer matches AR control.
    await tamper(invoice.id, (d) => ({ ...d, totalMinor: '9999' }));
    expect(await run()).toMatchObject({ 'ar-subledger': 'break', 'trial-balance': 'ok', 'audit-chain': 'ok' });

    // One side of an entry after the closed month altered: the trial balance no longer sums to zero.
    await tamper(february.journalEntryId!, (d) => {
      const lines = d.lines as Array<Record<string, unknown>>;
      return { ...d, lines: lines.map((l, i) => (i === lines.length - 1 ? { ...l, amountMinor: '1' } : l)) };
    });
    expect(await run()).toMatchObject({ 'trial-balance': 'break', 'period-snapshots': 'ok', 'audit-chain': 'ok' });

    // A closed month's snapshot row altered: it no longer equals its postings.
    const [part] = await new TenantRepository(data, books.context).queryAll<{ rows: Array<{ amountMinor: string }> }>(
      snapshotPartType,
    );
    await tamper(part!.id, (d) => ({
      ...d,
      rows: part!.rows.map((row, i) => (i === 0 ? { ...row, amountMinor: '1' } : row)),
    }));
    expect(await run()).toMatchObject({ 'period-snapshots': 'break', 'audit-chain': 'ok' });

    // An audit record rewritten: its hash no longer matches.
    const [record] = await new TenantRepository(data, books.context).queryAll<AuditRecord>(auditRecordType, {
      where: 'c.sequence = 1',
    });
    await tamper(record!.id, (d) => ({ ...d, action: 'nothing.happened' }));
    expect(await run()).toMatchObject({ 'audit-chain': 'break' });

    const raised = telemetry.events.filter((e) => e.name === 'IntegrityBreak').map((e) => e.properties!.check);
    expect(new Set(raised)).toEqual(
      new Set(['ap-subledger', 'ar-subledger', 'period-snapshots', 'trial-balance', 'audit-chain']),
    );
    const audited = await new TenantRepository(data, books.context).queryAll<AuditRecord>(auditRecordType, {
      where: "c.action = 'integrity.break'",
    });
    expect(new Set(audited.map((r) => r.target.id))).toEqual(new Set(raised));
    const shown = await lastIntegrityResults(monitorOf(deps).monitor, books.context);
    expect(shown.map((r) => [r.check, r.status])).toEqual([
      ['trial-balance', 'break'],
      ['ar-subledger', 'break'],
      ['ap-subledger', 'break'],
      ['period-snapshots', 'break'],
      ['audit-chain', 'break'],
    ]);
  });
});

describe('the nightly fan-out', () => {
  it('reaches every organisation on the platform register, suspended ones too; without books the audit chain is checked and the rest is not applicable', async () => {
    const db = await createTestDatabase();
    const prefix = `i${randomUUID().slice(0, 6)}-`;
    await provisionStorage(storageConnectionString(), prefix);
    const deps = withReceivablesStores({
      container: db.containers.tenantData,
      platform: new PlatformRepository(db.containers.platform),
      clock: systemClock,
      ids: randomIds,
      blobs: (await receivablesDependencies()).blobs,
      queues: queueSenderFor(prefix),
    });
    const onboarding = onboardingDependencies(deps);
    const operator = { tenantId: platformAdministrationTenant, actor: { id: 'system:test', kind: 'system' as const } };
    const onboard = (slug: string) =>
      createOrganization(onboarding, operator, {
        slug,
        legalName: `Legal ${slug}`,
        baseCurrency: 'USD',
        fiscalYearStartMonth: 1,
        booksStartMonth: '2026-01',
        signIn: { googleDomains: [`${slug}.example`] },
        firstAdminEmail: `admin@${slug}.example`,
      });
    const fresh = await onboard(`fresh-${randomUUID().slice(0, 6)}`);
    const paused = await onboard(`paused-${randomUUID().slice(0, 6)}`);
    await suspendOrganization(onboarding, operator, paused.id, 'contract ended');

    expect(await sendIntegrityChecks({ ...onboarding, queues: deps.queues, logger })).toBe(2);
    const queue = QueueServiceClient.fromConnectionString(storageConnectionString()).getQueueClient(
      `${prefix}integrity-checks`,
    );
    const { receivedMessageItems } = await queue.receiveMessages({ numberOfMessages: 32 });
    const messages = receivedMessageItems.map((item) =>
      integrityMessage.parse(JSON.parse(Buffer.from(item.messageText, 'base64').toString('utf8'))),
    );
    expect(messages.map((m) => m.tenantId).sort()).toEqual([fresh.id, paused.id].sort());

    const { monitor, telemetry } = monitorOf(deps);
    for (const message of messages) {
      const results = await checkOrganisation(monitor, message);
      expect(Object.fromEntries(results.map((r) => [r.check, r.status]))).toEqual({
        'trial-balance': 'not-applicable',
        'ar-subledger': 'not-applicable',
        'ap-subledger': 'not-applicable',
        'period-snapshots': 'not-applicable',
        'audit-chain': 'ok',
      });
      // Onboarding's record, and the suspension's for the suspended one, are in the chain checked.
      expect(results.find((r) => r.check === 'audit-chain')!.detail).toMatch(
        message.tenantId === paused.id ? /^2 records/ : /^1 records/,
      );
      const context = { tenantId: message.tenantId, actor: operator.actor };
      expect((await lastIntegrityResults(monitor, context)).map((r) => r.status)).toEqual([
        'not-applicable',
        'not-applicable',
        'not-applicable',
        'not-applicable',
        'ok',
      ]);
    }
    expect(telemetry.events).toEqual([]);

    // The chain of an organisation without books still finds a rewritten record.
    const [record] = await new TenantRepository(deps.container, {
      tenantId: fresh.id,
      actor: operator.actor,
    }).queryAll<AuditRecord>(auditRecordType);
    await deps.container.item(record!.id, fresh.id).replace({ ...record!, action: 'nothing.happened' });
    const again = await checkOrganisation(monitor, { tenantId: fresh.id, asOf: messages[0]!.asOf });
    expect(again.find((r) => r.check === 'audit-chain')!.status).toBe('break');
  });
});
