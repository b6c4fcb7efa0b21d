import { expect } from 'vitest';
import { onRecord, type Probe, type RouteCase } from '../route-case';
import type { World } from '../world';
import { restrictedOutOfReach } from '../out-of-reach';

/**
 * Customers, invoices and what follows them carry a facility and division; the ones seeded here
 * have none, so they belong to the whole organisation and are out of the restricted member's
 * reach (F1, D1): by id they do not exist (404, writes too), lists leave them out, and adding an
 * untagged one or changing the organisation's settings is refused (403).
 */
const outOfReach = restrictedOutOfReach([403]);

/** A restricted member drafting for a customer out of their reach names no customer at all (400). */
async function unknownCustomer(probe: Probe): Promise<void> {
  const response = await probe.send(probe.world.restricted);
  expect(response.status, await response.text()).toBe(400);
}

const prepared = new WeakMap<World, Promise<ReceivablesSettings>>();
type ReceivablesSettings = Record<string, string | number | boolean>;

/** A's receivables settings body, with its own AR control, tax and cash accounts (created once). */
export function settingsOf(world: World): Promise<ReceivablesSettings> {
  let settings = prepared.get(world);
  if (!settings) {
    settings = (async () => {
      const body = {
        arControlAccountId: await world.account('asset'),
        salesTaxAccountId: await world.account('liability'),
        cashAccountId: world.a.accounts.cash,
        statementDay: 1,
        statementOverdueOnly: false,
      };
      await world.expectOk(world.a.admin, 'PUT', 'receivables/settings', body);
      return body;
    })();
    prepared.set(world, settings);
  }
  return settings;
}

export async function customer(world: World): Promise<string> {
  const body = { name: `Customer ${world.unique()}`, billingEmails: ['ap@customer.example'] };
  return (await world.expectOk<{ id: string }>(world.a.admin, 'POST', 'receivables/customers', body)).id;
}

export async function invoiceBody(world: World) {
  return {
    customerId: await customer(world),
    issueDate: world.today,
    lines: [
      { description: 'Consulting', quantity: '2', unitPrice: '50.00', revenueAccountId: world.a.accounts.revenue },
    ],
  };
}

export async function draftInvoice(world: World): Promise<string> {
  await settingsOf(world);
  return (await world.expectOk<{ id: string }>(world.a.admin, 'POST', 'receivables/invoices', await invoiceBody(world)))
    .id;
}

export async function issuedInvoice(world: World): Promise<string> {
  const id = await draftInvoice(world);
  await world.expectOk(world.a.admin, 'POST', `receivables/invoices/${id}/issue`);
  await world.settled();
  return id;
}

/** An issued invoice's PDF, as issuing stores it. */
export async function invoicePdf(world: World): Promise<string> {
  const id = await issuedInvoice(world);
  return (await world.expectOk<{ documentId: string }>(world.a.admin, 'GET', `receivables/invoices/${id}`)).documentId;
}

/** A receipt of 10.00 in A, unapplied: a customer's credit to apply or refund. */
export async function unappliedReceipt(world: World, customerId?: string): Promise<string> {
  await settingsOf(world);
  const body = { customerId: customerId ?? (await customer(world)), date: world.today, amount: '10.00' };
  return (await world.expectOk<{ id: string }>(world.a.admin, 'POST', 'receivables/receipts', body)).id;
}

async function creditNote(world: World): Promise<string> {
  await settingsOf(world);
  const body = { ...(await invoiceBody(world)), date: world.today, reason: 'Goodwill' };
  const { issueDate: _issueDate, ...note } = body;
  return (await world.expectOk<{ id: string }>(world.a.admin, 'POST', 'receivables/credit-notes', note)).id;
}

/** Naming a customer or credit out of reach: it does not exist for a restricted member (404). */
async function notFoundForRestricted(probe: Probe): Promise<void> {
  const response = await probe.send(probe.world.restricted);
  expect(response.status, await response.text()).toBe(404);
}

/** The aging a restricted member sees holds none of the organisation's untagged customers. */
async function agingInReach(probe: Probe): Promise<void> {
  const response = await probe.send(probe.world.restricted);
  expect(response.status).toBe(200);
  expect(((await response.json()) as { customers: unknown[] }).customers).toEqual([]);
}

/** Statement runs speak for every customer: a restricted member neither starts nor reads them (403). */
async function forbiddenForRestricted(probe: Probe): Promise<void> {
  const response = await probe.send(probe.world.restricted);
  expect(response.status, await response.text()).toBe(403);
}

interface RunReport {
  run: { id: string; state: string };
  deliveries: Array<{ documentId: string | null }>;
}

/** Until every statement run of A has sent what it sends, and its emails are done. */
async function runsFinished(world: World): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { items } = await world.expectOk<{ items: Array<{ state: string }> }>(
      world.a.admin,
      'GET',
      'receivables/statement-runs',
    );
    if (items.every((run) => run.state === 'completed')) break;
    if (Date.now() > deadline) throw new Error('statement runs did not finish');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await world.settled();
}

const monthRange = (world: World) => ({ from: `${world.today.slice(0, 7)}-01`, to: world.today });

/** A finished statement run of A, with at least one statement sent. */
export async function statementRun(world: World): Promise<RunReport> {
  await issuedInvoice(world);
  const { id } = await world.expectOk<{ id: string }>(
    world.a.admin,
    'POST',
    'receivables/statement-runs',
    monthRange(world),
  );
  await runsFinished(world);
  return world.expectOk<RunReport>(world.a.admin, 'GET', `receivables/statement-runs/${id}`);
}

/** A statement PDF as a run stores it. */
export async function statementPdf(world: World): Promise<string> {
  const report = await statementRun(world);
  return report.deliveries.find((d) => d.documentId)!.documentId!;
}

const settled = (probe: Probe) => probe.world.settled();

/** Receivables: settings, customers and invoices. */
export const receivableCases: Record<string, RouteCase> = {
  'receivables-settings-get': {
    request: async (world) => {
      await settingsOf(world);
      return {};
    },
    restricted: { unaffected: 'the settings are the organisation’s and carry no facility or division' },
  },
  'receivables-settings-update': {
    request: async (world) => ({ body: await settingsOf(world) }),
    restricted: outOfReach,
  },
  'receivables-customers-list': { request: () => ({}), restricted: outOfReach },
  'receivables-customers-create': {
    request: (world) => ({ body: { name: `Customer ${world.unique()}`, billingEmails: ['ap@customer.example'] } }),
    expect: 201,
    restricted: outOfReach,
  },
  'receivables-customers-get': {
    request: onRecord(customer),
    restricted: outOfReach,
  },
  'receivables-customers-update': {
    request: onRecord(customer, { name: 'Renamed' }),
    restricted: outOfReach,
  },
  'receivables-customers-delete': {
    request: onRecord(customer),
    expect: 204,
    restricted: outOfReach,
  },
  'receivables-invoices-list': { request: () => ({ query: { status: 'draft' } }), restricted: outOfReach },
  'receivables-invoices-create': {
    request: async (world) => ({ body: await invoiceBody(world) }),
    expect: 201,
    restricted: unknownCustomer,
  },
  'receivables-invoices-get': {
    request: onRecord(draftInvoice),
    restricted: outOfReach,
  },
  'receivables-invoices-update': {
    request: onRecord(draftInvoice, invoiceBody),
    restricted: outOfReach,
  },
  'receivables-invoices-issue': {
    request: onRecord(draftInvoice),
    restricted: outOfReach,
    after: settled,
  },
  'receivables-invoices-void': {
    request: onRecord(issuedInvoice, (world: World) => ({ date: world.today, reason: 'Issued in error' })),
    restricted: outOfReach,
  },
  'receivables-receipts-list': { request: () => ({}), restricted: outOfReach },
  'receivables-receipts-create': {
    request: async (world) => {
      const invoiceId = await issuedInvoice(world);
      const { customerId } = await world.expectOk<{ customerId: string }>(
        world.a.admin,
        'GET',
        `receivables/invoices/${invoiceId}`,
      );
      return {
        body: { customerId, date: world.today, amount: '150.00', applications: [{ invoiceId, amount: '100.00' }] },
      };
    },
    expect: 201,
    restricted: notFoundForRestricted,
  },
  'receivables-receipts-get': {
    request: onRecord(unappliedReceipt),
    restricted: outOfReach,
  },
  'receivables-receipts-refund': {
    request: onRecord(unappliedReceipt, (world: World) => ({ date: world.today, amount: '4.00' })),
    restricted: outOfReach,
  },
  'receivables-credit-notes-list': { request: () => ({}), restricted: outOfReach },
  'receivables-credit-notes-create': {
    request: async (world) => {
      await settingsOf(world);
      const { issueDate: _issueDate, ...body } = await invoiceBody(world);
      return { body: { ...body, date: world.today, reason: 'Returned goods' } };
    },
    expect: 201,
    restricted: notFoundForRestricted,
  },
  'receivables-credit-notes-get': {
    request: onRecord(creditNote),
    restricted: outOfReach,
  },
  'receivables-credits-apply': {
    request: async (world) => {
      const invoiceId = await issuedInvoice(world);
      const { customerId } = await world.expectOk<{ customerId: string }>(
        world.a.admin,
        'GET',
        `receivables/invoices/${invoiceId}`,
      );
      const sourceId = await unappliedReceipt(world, customerId);
      return {
        body: { source: 'receipt', sourceId, date: world.today, applications: [{ invoiceId, amount: '10.00' }] },
      };
    },
    restricted: notFoundForRestricted,
  },
  'receivables-aging': { request: (world) => ({ query: { asOf: world.today } }), restricted: agingInReach },
  'receivables-customers-statement': {
    request: async (world) => {
      const invoiceId = await issuedInvoice(world);
      const { customerId } = await world.expectOk<{ customerId: string }>(
        world.a.admin,
        'GET',
        `receivables/invoices/${invoiceId}`,
      );
      return { params: { id: customerId }, query: { ...monthRange(world), format: 'pdf' } };
    },
    restricted: outOfReach,
  },
  'receivables-statement-runs-list': { request: () => ({}), restricted: forbiddenForRestricted },
  'receivables-statement-runs-create': {
    request: (world) => ({ body: { ...monthRange(world), overdueOnly: true } }),
    expect: 202,
    restricted: forbiddenForRestricted,
    after: (probe) => runsFinished(probe.world),
  },
  'receivables-statement-runs-get': {
    request: async (world) => ({ params: { id: (await statementRun(world)).run.id } }),
    restricted: forbiddenForRestricted,
  },
  'admin-integrity': {
    request: () => ({}),
    restricted: {
      unaffected: 'the last result of each organisation-wide check, the same for every member allowed to read it',
    },
  },
};
