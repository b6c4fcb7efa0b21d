import { createHash, randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecordType, type AuditRecord } from '../../shared/platform/audit/audit-record';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { startHostedApp, type RunningHost } from '../harness/local-host';
import { addTestMember, openTestSession } from '../harness/members';
import { appEntry, eventually, fastQueuesRoot } from '../harness/outbox';
import { testSecrets } from '../harness/test-secrets';

const { secrets, tokens } = testSecrets();

interface ExportBody {
  id: string;
  status: string;
  files: Array<{ name: string; sha256: string; bytes: number; records: number | null }>;
}

describe('data exports over HTTP', () => {
  let host: RunningHost;
  let data: Container;
  const org = `org-${randomUUID().slice(0, 8)}`;
  const other = `org-${randomUUID().slice(0, 8)}`;
  const people: Record<string, string> = {};

  beforeAll(async () => {
    host = await startHostedApp({ appRoot: fastQueuesRoot, entry: appEntry, env: { ...secrets } });
    data = host.containers.tenantData;
    await addTestMember(data, org, 'admin', { settings: 'admin' });
    await addTestMember(data, org, 'clerk', { settings: 'edit', ledger: 'admin' });
    await addTestMember(data, other, 'stranger', { settings: 'admin' });
    for (const [tenantId, member] of [
      [org, 'admin'],
      [org, 'clerk'],
      [other, 'stranger'],
    ] as const)
      people[member] = (await openTestSession(data, tokens, tenantId, member)).authorization;
  });
  afterAll(async () => {
    await host?.stop();
  });

  const call = (who: string, method: string, path: string) =>
    fetch(`${host.url}/api/admin/data-exports${path}`, { method, headers: { authorization: people[who]! } });

  it('exports on request, serves each file as its manifest hashes it, audits request and downloads, and tells the requester', async () => {
    const requested = await call('admin', 'POST', '');
    expect(requested.status).toBe(202);
    const { id } = (await requested.json()) as ExportBody;
    const done = await eventually(async () => {
      const current = (await (await call('admin', 'GET', `/${id}`)).json()) as ExportBody;
      return current.status === 'completed' ? current : undefined;
    });
    const manifest = await call('admin', 'GET', `/${id}/files/manifest.json`);
    expect(manifest.headers.get('content-type')).toBe('application/json');
    const listed = JSON.parse(Buffer.from(await manifest.arrayBuffer()).toString()) as {
      files: Array<{ name: string; sha256: string; recordType: string }>;
    };
    expect(listed.files.map((f) => f.recordType)).toEqual(
      expect.arrayContaining(['member', 'audit-record', 'data-export']),
    );
    for (const file of done.files.filter((f) => f.name !== 'manifest.json')) {
      const response = await call('admin', 'GET', `/${id}/files/${file.name}`);
      expect(response.headers.get('content-type')).toBe('application/x-ndjson');
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.sha256);
      expect(listed.files.find((f) => f.name === file.name)?.sha256).toBe(file.sha256);
    }
    const audit = await new TenantRepository(data, {
      tenantId: org,
      actor: { id: 'test', kind: 'system' },
    }).queryAll<AuditRecord>(auditRecordType);
    const actions = audit.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['data-export.requested', 'data-export.completed']));
    expect(audit.filter((r) => r.action === 'document.downloaded' && r.actor.id === 'admin')).toHaveLength(
      done.files.length,
    );
    const notice = await eventually(async () =>
      host.postmark!.sent().find((m) => m.Subject === 'Your data export is ready'),
    );
    expect(notice.To).toEqual(['admin@x.example']);
  });

  it('refuses members below settings admin, and answers 404 to another organisation', async () => {
    expect((await call('clerk', 'POST', '')).status).toBe(403);
    const { id } = (await (await call('admin', 'POST', '')).json()) as ExportBody;
    expect((await call('clerk', 'GET', `/${id}`)).status).toBe(403);
    expect((await call('stranger', 'GET', `/${id}`)).status).toBe(404);
    expect((await call('stranger', 'GET', `/${id}/files/manifest.json`)).status).toBe(404);
    expect((await call('admin', 'GET', `/${id}/files/..%2F..%2Fetc%2Fpasswd`)).status).toBe(400);
  });
});
