import { isIP } from 'node:net';
import { sessionDependencies } from '../../shared/identity/sessions';
import { z } from 'zod';
import { blockIp, listIpBlocks, unblockIp } from '../../shared/identity/ip-blocks';
import { ipBlockList, ipBlockView } from '../../shared/identity/schemas';
import { defineRoute } from '../../shared/platform/http/route';

const ipAddress = z.string().refine((value) => isIP(value) !== 0, 'an IPv4 or IPv6 address');

defineRoute({
  name: 'admin-ip-blocks-list',
  method: 'GET',
  route: 'admin/ip-blocks',
  access: { resource: 'settings', level: 'admin' },
  sensitive: true,
  response: ipBlockList,
  handler: async (ctx) => ({
    status: 200,
    body: { items: await listIpBlocks(sessionDependencies(ctx.services), ctx.tenant) },
  }),
});

defineRoute({
  name: 'admin-ip-blocks-add',
  method: 'POST',
  route: 'admin/ip-blocks',
  access: { resource: 'settings', level: 'admin' },
  sensitive: true,
  body: z.object({
    ip: ipAddress,
    reason: z.string().trim().min(3).max(200),
    minutes: z.number().int().positive().max(525_600).optional(),
  }),
  response: { 201: ipBlockView },
  handler: async (ctx, { body }) => ({
    status: 201,
    body: await blockIp(sessionDependencies(ctx.services), ctx.tenant, body),
  }),
});

defineRoute({
  name: 'admin-ip-blocks-remove',
  method: 'DELETE',
  route: 'admin/ip-blocks/{ip}',
  access: { resource: 'settings', level: 'admin' },
  sensitive: true,
  params: z.object({ ip: ipAddress }),
  response: { 204: null },
  handler: async (ctx, { params }) => {
    await unblockIp(sessionDependencies(ctx.services), ctx.tenant, params.ip);
    return { status: 204 };
  },
});
