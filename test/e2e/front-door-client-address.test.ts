import { randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostedApp, type RunningHost } from '../harness/local-host';
import { addTestMember, openTestSession } from '../harness/members';
import { testSecrets } from '../harness/test-secrets';

const { secrets, tokens } = testSecrets();
const frontDoorId = randomUUID();
const attacker = '198.51.100.66';

/**
 * The address the app acts on, seen from outside: an organisation blocks one address, and a
 * member's request is refused exactly when the app took that address as the client's.
 */
describe('client address behind Azure Front Door (through the local host)', () => {
  let host: RunningHost;
  let data: Container;
  const org = `org-${randomUUID().slice(0, 8)}`;
  let member: string;

  beforeAll(async () => {
    host = await startHostedApp({ entry: 'functions/index.ts', env: { ...secrets, FRONT_DOOR_ID: frontDoorId } });
    data = host.containers.tenantData;
    await addTestMember(data, org, 'member-admin', { settings: 'admin', members: 'read' });
    const admin = await openTestSession(data, tokens, org, 'member-admin');
    member = admin.authorization;
    const block = await fetch(`${host.url}/api/admin/ip-blocks`, {
      method: 'POST',
      headers: { authorization: member, 'content-type': 'application/json' },
      body: JSON.stringify({ ip: attacker, reason: 'seen probing other organisations' }),
    });
    expect(block.status).toBe(201);
  });
  afterAll(async () => {
    await host?.stop();
  });

  const members = (headers: Record<string, string>) =>
    fetch(`${host.url}/api/admin/members`, { headers: { authorization: member, ...headers } }).then((r) => r.status);

  it('takes the address from X-Azure-SocketIP when the request carries our Front Door id', async () => {
    expect(await members({ 'x-azure-fdid': frontDoorId, 'x-azure-socketip': attacker })).toBe(403);
    expect(await members({ 'x-azure-fdid': frontDoorId, 'x-azure-socketip': '198.51.100.67' })).toBe(200);
  });

  it('ignores the Front Door address without our id: a caller cannot pick its own address', async () => {
    expect(await members({ 'x-azure-socketip': attacker })).toBe(200);
    expect(await members({ 'x-azure-fdid': randomUUID(), 'x-azure-socketip': attacker })).toBe(200);
  });

  it('ignores a forged X-Azure-ClientIP and the caller-written part of X-Forwarded-For', async () => {
    expect(
      await members({ 'x-azure-fdid': frontDoorId, 'x-azure-clientip': '203.0.113.1', 'x-azure-socketip': attacker }),
    ).toBe(403);
    expect(
      await members({ 'x-azure-fdid': frontDoorId, 'x-azure-clientip': attacker, 'x-azure-socketip': '203.0.113.1' }),
    ).toBe(200);
    expect(await members({ 'x-forwarded-for': attacker })).toBe(200);
  });
});
