import { randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAuditRecord } from '../../shared/platform/audit/audit-log';
import { auditRecordId } from '../../shared/platform/audit/audit-record';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { manyRequests, type RunningHost, startTestApp } from '../harness/local-host';
import { addTestMember, openTestSession } from '../harness/members';
import { testSecrets } from '../harness/test-secrets';

const { secrets, tokens } = testSecrets();

interface Row {
  sequence: number;
  action: string;
  actor: { id: string };
  target: { type: string; id: string };
  timestamp: string;
  details: Record<string, unknown> | null;
}
interface Page {
  items: Row[];
  continuationToken: string | null;
}

describe('audit review for admins over HTTP', () => {
  let host: RunningHost;
  let data: Container;
  const org = `org-${randomUUID().slice(0, 8)}`;
  const auth: Record<string, { authorization: string; sessionId: string }> = {};

  /** The log as the organisation's own members wrote it, on known days. */
  const history = [
    { day: '2026-03-01', actor: 'member-ann', action: 'member.added', target: { type: 'member', id: 'member-x' } },
    { day: '2026-03-02', actor: 'member-bob', action: 'ledger.account-created', target: { type: 'account', id: 'a1' } },
    {
      day: '2026-03-03',
      actor: 'member-ann',
      action: 'member.permissions-changed',
      target: { type: 'member', id: 'member-x' },
    },
    { day: '2026-03-04', actor: 'member-ann', action: 'member.added', target: { type: 'member', id: 'member-y' } },
    { day: '2026-03-05', actor: 'member-bob', action: 'member.added', target: { type: 'member', id: 'member-z' } },
    { day: '2026-03-06', actor: 'member-ann', action: 'member.added', target: { type: 'member', id: 'member-w' } },
  ];

  beforeAll(async () => {
    host = await startTestApp(secrets, manyRequests);
    data = host.containers.tenantData;
    for (const entry of history) {
      const context = {
        tenantId: org,
        actor: {
          id: entry.actor,
          kind: 'member' as const,
          ip: '198.51.100.7',
          userAgent: '=HYPERLINK("http://evil.example")',
        },
      };
      await appendAuditRecord(
        new TenantRepository(data, context),
        context,
        { action: entry.action, target: entry.target, details: { note: `on ${entry.day}` } },
        () => new Date(`${entry.day}T12:00:00.000Z`),
      );
    }
    for (const [memberId, permissions] of [
      ['member-auditor', { audit: 'read' }],
      ['member-admin', { members: 'admin', ledger: 'admin', settings: 'admin' }],
    ] as const) {
      await addTestMember(data, org, memberId, permissions);
      auth[memberId] = await openTestSession(data, tokens, org, memberId);
    }
  });
  afterAll(async () => {
    await host?.stop();
  });

  const get = (path: string, memberId = 'member-auditor') =>
    fetch(`${host.url}/api/admin/audit${path}`, { headers: { authorization: auth[memberId]!.authorization } });
  const page = async (path: string) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    return (await response.json()) as Page;
  };

  it('filters by action, actor, target and day range, newest first', async () => {
    const added = await page('?action=member.added&actor=member-ann');
    expect(added.items.map((r) => r.target.id)).toEqual(['member-w', 'member-y', 'member-x']);
    expect(added.items[0]).toMatchObject({ actor: { id: 'member-ann' }, details: { note: 'on 2026-03-06' } });
    const target = await page('?targetType=member&targetId=member-x');
    expect(target.items.map((r) => r.action)).toEqual(['member.permissions-changed', 'member.added']);
    const days = await page('?from=2026-03-02&to=2026-03-04');
    expect(days.items.map((r) => r.timestamp.slice(0, 10))).toEqual(['2026-03-04', '2026-03-03', '2026-03-02']);
    expect(JSON.stringify(days)).not.toMatch(/tenantId|etag|"type":"audit-record"/);
  });

  it('pages with a continuation token, never skipping or repeating a record', async () => {
    const seen: number[] = [];
    let token: string | null = null;
    do {
      const next: Page = await page(`?action=member.added&pageSize=3${token ? `&continuationToken=${token}` : ''}`);
      expect(next.items.length).toBeLessThanOrEqual(3);
      seen.push(...next.items.map((r) => r.sequence));
      token = next.continuationToken;
    } while (token);
    expect(seen).toEqual([6, 5, 4, 1]);
  });

  it('refuses a forged or malformed continuation token, and unknown parameters, with a 400', async () => {
    const forged = Buffer.from(JSON.stringify({ before: 3, balance: '1000000.00' })).toString('base64url');
    for (const token of ['not-a-token', forged, Buffer.from('{"before":-4}').toString('base64url'), '%%%']) {
      const response = await get(`?continuationToken=${encodeURIComponent(token)}`);
      expect(response.status, token).toBe(400);
      expect(await response.json()).toMatchObject({ errors: [{ field: 'continuationToken' }] });
    }
    expect((await get('?from=2026-03-05&to=2026-03-01')).status).toBe(400);
    expect((await get('?from=0000-01-01')).status).toBe(400);
    expect((await get('?acton=member.added')).status).toBe(400);
  });

  it('exports CSV with formulas escaped, the next token in a header, and records the export', async () => {
    const response = await get('?format=csv&pageSize=2&action=member.added');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('x-continuation-token')).toMatch(/^[A-Za-z0-9_-]+$/);
    const lines = (await response.text()).trim().split('\n');
    expect(lines[0]).toBe(
      'sequence,timestamp,actorId,actorKind,ip,userAgent,action,targetType,targetId,details,previousHash,hash',
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`'=HYPERLINK`);
    const exports = (await page('?action=audit.exported')).items;
    expect(exports).toHaveLength(1);
    expect(exports[0]).toMatchObject({ actor: { id: 'member-auditor' }, details: { rows: 2 } });
  });

  it('verify says "intact through N", and names the first break once a record is tampered with', async () => {
    const intact = await get('/verify');
    expect(intact.status).toBe(200);
    const report = (await intact.json()) as { intact: boolean; verifiedThrough: number; summary: string };
    expect(report).toMatchObject({ intact: true, brokenAt: null, problem: null });
    expect(report.summary).toBe(`intact through ${report.verifiedThrough}`);
    expect(report.verifiedThrough).toBeGreaterThanOrEqual(history.length);

    const { resource } = await data.item(auditRecordId(2), org).read<Record<string, unknown>>();
    await data.item(auditRecordId(2), org).replace({ ...resource!, action: 'nothing-to-see' });
    const broken = await get('/verify');
    expect(await broken.json()).toEqual({
      intact: false,
      verifiedThrough: 1,
      brokenAt: 2,
      problem: 'hash-mismatch',
      summary: 'broken at 2: hash-mismatch',
    });
    const verifications = (await page('?action=audit.verified')).items;
    expect(verifications.map((r) => r.details)).toEqual([
      { intact: false, verifiedThrough: 1, brokenAt: 2 },
      { intact: true, verifiedThrough: report.verifiedThrough, brokenAt: null },
    ]);
  });

  it('needs audit:read: an admin of everything else is refused (and that is audited); no token is a 401', async () => {
    expect((await get('', 'member-admin')).status).toBe(403);
    expect((await get('/verify', 'member-admin')).status).toBe(403);
    const refused = (await page('?action=access.refused&actor=member-admin')).items;
    expect(refused.map((r) => r.target.id).sort()).toEqual(['admin-audit-list', 'admin-audit-verify']);
    expect((await fetch(`${host.url}/api/admin/audit`)).status).toBe(401);
  });

  it('is a sensitive area: after 10 idle minutes it refuses while an ordinary route still answers', async () => {
    const auditor = await openTestSession(data, tokens, org, 'member-auditor');
    const { resource: session } = await data.item(auditor.sessionId, org).read<Record<string, unknown>>();
    await data
      .item(auditor.sessionId, org)
      .replace({ ...session!, lastActivityAt: new Date(Date.now() - 11 * 60_000).toISOString() });
    const headers = { authorization: auditor.authorization };
    expect((await fetch(`${host.url}/api/admin/audit`, { headers })).status).toBe(401);
    expect((await fetch(`${host.url}/api/admin/audit/verify`, { headers })).status).toBe(401);
    expect((await fetch(`${host.url}/api/me`, { headers })).status).toBe(200);
  });
});
