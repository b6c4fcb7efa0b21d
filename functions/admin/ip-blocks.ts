import { isIP } from 'node:net';
import { z } from 'zod';
import { blockIp, listIpBlocks, unblockIp } from '../../shared/identity/ip-blocks';
import { defineRoute, type RouteContext } from '../../shared/platform/http/route';

const deps = ({ services }: RouteContext) => ({ container: services.containers.tenantData, clock: services.clock, ids: services.ids });
const ipAddress = z.string().refine((value) => isIP(value) !== 0, 'an IPv4 or IPv6 address');

defineRoute({
  name: 'admin-ip-blocks-list',
  method: 'GET',
  route: 'admin/ip-blocks',
  access: { resource: 'settings', level: 'admin' },
  sensitive: true,
  handler: async (ctx) => ({ status: 200, body: { items: await listIpBlocks(deps(ctx), ctx.tenant) } }),
});

defineRoute({
  name: 'admin-ip-blocks-add',
  method: 'POST',
  route: 'admin/ip-blocks',
  access: { resource: 'settings', level: 'admin' },
  sensitive: true,
  body: z.object({ ip: ipAddress, reason: z.string().trim().min(3).max(200), minutes: z.number().int().positive().max(525_600).optional() }),
  handler: async (ctx, { body }) => ({ status: 201, body: await blockIp(deps(ctx), ctx.tenant, body) }),
});

defineRoute({
  name: 'admin-ip-blocks-remove',
  method: 'DELETE',
  route: 'admin/ip-blocks/{ip}',
  access: { resource: 'settings', level: 'admin' },
  sensitive: true,
  params: z.object({ ip: ipAddress }),
  handler: async (ctx, { params }) => {
    await unblockIp(deps(ctx), ctx.tenant, params.ip);
    return { status: 204 };
  },
});
