import type { Container } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBooks, type Books } from '../harness/ledger-books';
import { manyRequests, type RunningHost, startTestApp } from '../harness/local-host';
import { testSecrets } from '../harness/test-secrets';

const { secrets, tokens } = testSecrets();
const admin = { ledger: 'admin', 'journal-entries': 'admin', settings: 'admin' } as const;

interface Entry {
  id: string;
  status: string;
  number: number | null;
  version: string;
  drafters: string[];
  submittedBy: string | null;
  reversalOf: string | null;
  reversedBy: string | null;
  postedBy: string | null;
}

/**
 * Dual control as an attacker tries it: every way the review found to post with one person
 * (rewrite then approve, approve a changed draft, switch the control off alone, approve what
 * the author never submitted) is refused, and every step is in the audit log.
 */
describe('dual control over HTTP', () => {
  let host: RunningHost;
  let data: Container;
  let books: Books;
  let day = 0;

  const as = (member: string, method: string, path: string, body?: unknown) => books.as(member, method, path, body);
  const entry = async (id: string) => (await (await as('alice', 'GET', `/journal-entries/${id}`)).json()) as Entry;
  const sale = (amount = '10.00') => ({
    date: `2026-03-${String((day += 1)).padStart(2, '0')}`,
    memo: 'Sale',
    currency: 'USD',
    lines: [
      { accountId: books.accounts['1000'], side: 'debit', amount },
      { accountId: books.accounts['4000'], side: 'credit', amount },
    ],
  });
  async function draftBy(member: string, amount?: string): Promise<Entry> {
    const response = await as(member, 'POST', '/journal-entries', sale(amount));
    expect(response.status).toBe(201);
    return (await response.json()) as Entry;
  }
  async function submit(member: string, id: string): Promise<Entry> {
    const response = await as(member, 'POST', `/journal-entries/${id}/submit`);
    expect(response.status, await response.clone().text()).toBe(200);
    return (await response.json()) as Entry;
  }
  const approve = (member: string, id: string, version: string) =>
    as(member, 'POST', `/journal-entries/${id}/approve`, { version });
  async function auditActions(targetId: string): Promise<string[]> {
    const { resources } = await data.items
      .query<string>({
        query:
          "SELECT VALUE c.action FROM c WHERE c.tenantId = @t AND c.type = 'audit-record' AND c.target.id = @id ORDER BY c.sequence",
        parameters: [
          { name: '@t', value: books.tenantId },
          { name: '@id', value: targetId },
        ],
      })
      .fetchAll();
    return resources;
  }

  beforeAll(async () => {
    host = await startTestApp(secrets, manyRequests);
    data = host.containers.tenantData;
    books = await openBooks({
      url: host.url,
      data,
      tokens,
      members: { alice: admin, bob: admin, carol: admin },
      accounts: [
        ['1000', 'asset'],
        ['4000', 'revenue'],
      ],
    });
    expect((await as('alice', 'PUT', '/settings/dual-control', { enabled: true })).status).toBe(200);
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('under dual control nobody posts directly, and only a submitted draft can be approved', async () => {
    const draft = await draftBy('alice');
    expect(draft).toMatchObject({ status: 'draft', drafters: ['alice'], submittedBy: null });
    expect((await as('alice', 'POST', `/journal-entries/${draft.id}/post`)).status).toBe(409);
    expect((await as('bob', 'POST', `/journal-entries/${draft.id}/post`)).status).toBe(409);
    const unsubmitted = await approve('bob', draft.id, draft.version);
    expect(unsubmitted.status).toBe(409);
    expect(((await unsubmitted.json()) as { detail: string }).detail).toMatch(/submitted/);
    expect((await entry(draft.id)).status).toBe('draft');

    const submitted = await submit('alice', draft.id);
    expect(submitted).toMatchObject({ status: 'submitted', submittedBy: 'alice', version: draft.version });
    expect((await as('bob', 'POST', `/journal-entries/${draft.id}/post`)).status).toBe(409);
    const approved = await approve('bob', draft.id, submitted.version);
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({ status: 'posted', postedBy: 'bob', drafters: ['alice'] });
    expect(await auditActions(draft.id)).toEqual(['ledger.entry-submitted', 'ledger.entry-approved']);
  });

  it('only a member who drafted it submits a draft', async () => {
    const draft = await draftBy('alice');
    expect((await as('bob', 'POST', `/journal-entries/${draft.id}/submit`)).status).toBe(403);
    expect((await entry(draft.id)).status).toBe('draft');
  });

  it('an admin who rewrote a draft counts as a drafter and cannot approve it', async () => {
    const draft = await draftBy('alice');
    await submit('alice', draft.id);
    const rewritten = await as('bob', 'PUT', `/journal-entries/${draft.id}`, sale('9999.00'));
    expect(rewritten.status).toBe(200);
    const afterEdit = (await rewritten.json()) as Entry;
    // Editing a submitted draft withdraws it: it goes back to its drafters.
    expect(afterEdit).toMatchObject({ status: 'draft', submittedBy: null, drafters: ['alice', 'bob'] });
    expect(afterEdit.version).not.toBe(draft.version);
    expect((await approve('carol', draft.id, afterEdit.version)).status).toBe(409);

    const resubmitted = await submit('bob', draft.id);
    expect((await approve('bob', draft.id, resubmitted.version)).status).toBe(403);
    expect((await approve('alice', draft.id, resubmitted.version)).status).toBe(403);
    expect((await entry(draft.id)).status).toBe('submitted');
    expect((await approve('carol', draft.id, resubmitted.version)).status).toBe(200);
    expect(await auditActions(draft.id)).toEqual([
      'ledger.entry-submitted',
      'ledger.entry-submission-withdrawn',
      'ledger.entry-submitted',
      'ledger.entry-approved',
    ]);
  });

  it('an approval names the version reviewed and is refused if the draft changed since', async () => {
    const draft = await draftBy('alice', '100.00');
    const reviewed = await submit('alice', draft.id);
    const changed = await as('alice', 'PUT', `/journal-entries/${draft.id}`, sale('100000.00'));
    expect(changed.status).toBe(200);
    const current = await submit('alice', draft.id);
    expect(current.version).not.toBe(reviewed.version);

    const stale = await approve('bob', draft.id, reviewed.version);
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { detail: string }).detail).toMatch(/changed since/);
    expect((await as('bob', 'POST', `/journal-entries/${draft.id}/approve`, {})).status).toBe(400);
    expect((await as('bob', 'POST', `/journal-entries/${draft.id}/approve`, { version: 'x' })).status).toBe(400);
    expect((await entry(draft.id)).status).toBe('submitted');
    expect((await approve('bob', draft.id, current.version)).status).toBe(200);
  });

  it('a reversal drafted under dual control waits for someone other than who asked for it', async () => {
    const original = await draftBy('alice');
    await submit('alice', original.id);
    expect((await approve('bob', original.id, original.version)).status).toBe(200);

    const asked = await as('carol', 'POST', `/journal-entries/${original.id}/reverse`, { date: '2026-03-28' });
    expect(asked.status).toBe(201);
    const reversal = (await asked.json()) as Entry;
    expect(reversal).toMatchObject({
      status: 'submitted',
      reversalOf: original.id,
      drafters: ['carol'],
      submittedBy: 'carol',
    });
    expect((await as('carol', 'POST', `/journal-entries/${reversal.id}/post`)).status).toBe(409);
    expect((await approve('carol', reversal.id, reversal.version)).status).toBe(403);
    expect((await approve('bob', reversal.id, 'f'.repeat(64))).status).toBe(409);
    expect((await approve('bob', reversal.id, reversal.version)).status).toBe(200);
    expect((await entry(original.id)).reversedBy).toBe(reversal.id);
    expect(await auditActions(reversal.id)).toEqual(['ledger.entry-submitted', 'ledger.entry-approved']);
  });

  it('reopening a month needs a member who did not ask, for the month as it was when asked', async () => {
    expect((await as('alice', 'POST', '/periods/2026-01/close')).status).toBe(200);
    expect((await as('alice', 'POST', '/periods/2026-02/close')).status).toBe(200);
    expect((await as('alice', 'POST', '/periods/2026-02/reopen')).status).toBe(202);
    expect((await as('bob', 'POST', '/periods/2026-02/reopen')).status).toBe(202);
    expect((await as('alice', 'POST', '/periods/2026-02/reopen/approve')).status).toBe(403);
    expect((await as('bob', 'POST', '/periods/2026-02/reopen/approve')).status).toBe(403);
    expect(await (await as('carol', 'POST', '/periods/2026-02/reopen/approve')).json()).toMatchObject({
      status: 'open',
    });
    expect(await auditActions('2026-02')).toEqual([
      'ledger.period-closed',
      'ledger.period-reopen-requested',
      'ledger.period-reopen-requested',
      'ledger.period-reopened',
    ]);

    // A request is for the closed month as it was: once the month closed again, it reopens nothing.
    expect((await as('alice', 'POST', '/periods/2026-02/close')).status).toBe(200);
    expect((await as('alice', 'POST', '/periods/2026-02/reopen')).status).toBe(202);
    expect((await as('alice', 'PUT', '/settings/dual-control', { enabled: false })).status).toBe(202);
    expect((await as('bob', 'POST', '/settings/dual-control/approve')).status).toBe(200);
    expect((await as('bob', 'POST', '/periods/2026-02/reopen')).status).toBe(200);
    expect((await as('bob', 'POST', '/periods/2026-02/close')).status).toBe(200);
    expect((await as('bob', 'PUT', '/settings/dual-control', { enabled: true })).status).toBe(200);
    const stale = await as('carol', 'POST', '/periods/2026-02/reopen/approve');
    expect(stale.status).toBe(409);
    const { items } = (await (await as('carol', 'GET', '/periods')).json()) as {
      items: Array<{ month: string; status: string }>;
    };
    expect(items.find((p) => p.month === '2026-02')?.status).toBe('closed');
  });

  it('turning dual control off needs a second admin; turning it on is immediate', async () => {
    // The attack: one admin switches it off, posts alone, switches it back on.
    const asked = await as('alice', 'PUT', '/settings/dual-control', { enabled: false });
    expect(asked.status).toBe(202);
    expect(await asked.json()).toEqual({ dualControl: true, pendingChange: { enabled: false, requestedBy: 'alice' } });
    const draft = await draftBy('alice');
    expect((await as('alice', 'POST', `/journal-entries/${draft.id}/post`)).status).toBe(409);
    expect((await as('alice', 'POST', '/settings/dual-control/approve')).status).toBe(403);

    const approved = await as('bob', 'POST', '/settings/dual-control/approve');
    expect(approved.status).toBe(200);
    expect(await approved.json()).toEqual({ dualControl: false, pendingChange: null });
    expect((await as('bob', 'POST', '/settings/dual-control/approve')).status).toBe(409);
    expect((await as('alice', 'POST', `/journal-entries/${draft.id}/post`)).status).toBe(200);

    expect(await (await as('alice', 'PUT', '/settings/dual-control', { enabled: true })).json()).toEqual({
      dualControl: true,
      pendingChange: null,
    });
    const next = await draftBy('alice');
    expect((await as('alice', 'POST', `/journal-entries/${next.id}/post`)).status).toBe(409);

    // A request can be withdrawn by turning the control on again.
    expect((await as('carol', 'PUT', '/settings/dual-control', { enabled: false })).status).toBe(202);
    expect((await as('carol', 'PUT', '/settings/dual-control', { enabled: true })).status).toBe(200);
    expect((await as('bob', 'POST', '/settings/dual-control/approve')).status).toBe(409);

    const { resources } = await data.items
      .query<{ action: string; actor: { id: string } }>({
        query:
          "SELECT c.action, c.actor FROM c WHERE c.tenantId = @t AND c.type = 'audit-record' AND STARTSWITH(c.action, 'ledger.dual-control') ORDER BY c.sequence",
        parameters: [{ name: '@t', value: books.tenantId }],
      })
      .fetchAll();
    expect(resources.slice(-5).map((r) => `${r.action} by ${r.actor.id}`)).toEqual([
      'ledger.dual-control-off-requested by alice',
      'ledger.dual-control-off-approved by bob',
      'ledger.dual-control-on by alice',
      'ledger.dual-control-off-requested by carol',
      'ledger.dual-control-off-withdrawn by carol',
    ]);
  });
});
