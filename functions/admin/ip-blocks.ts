import { tenantIdentityDependencies } from '../../shared/identity/identity-dependencies';
import { domainDependencies } from '../../shared/platform/domain-dependencies';
import { blockIp, listIpBlocks, unblockIp } from '../../shared/identity/ip-blocks';
import { ipBlockList, ipBlockView, ipParams, newIpBlock } from '../../shared/identity/schemas';
import { defineRoute } from '../../shared/platform/http/route';

defineRoute({
  name: 'admin-ip-blocks-list',
  method: 'GET',
  route: 'admin/ip-blocks',
  access: { resource: 'settings', level: 'admin' },
  sensitive: true,
  response: ipBlockList,
  handler: async (ctx) => ({
    status: 200,
    body: { items: await listIpBlocks(tenantIdentityDependencies(domainDependencies(ctx.services)), ctx.tenant) },
  }),
});

defineRoute({
  name: 'admin-ip-blocks-add',
  method: 'POST',
  route: 'admin/ip-blocks',
  access: { resource: 'settings', level: 'admin' },
  sensitive: true,
  body: newIpBlock,
  response: { 201: ipBlockView },
  handler: async (ctx, { body }) => ({
    status: 201,
    body: await blockIp(tenantIdentityDependencies(domainDependencies(ctx.services)), ctx.tenant, body),
  }),
});

defineRoute({
  name: 'admin-ip-blocks-remove',
  method: 'DELETE',
  route: 'admin/ip-blocks/{ip}',
  access: { resource: 'settings', level: 'admin' },
  sensitive: true,
  params: ipParams,
  response: { 204: null },
  handler: async (ctx, { params }) => {
    await unblockIp(tenantIdentityDependencies(domainDependencies(ctx.services)), ctx.tenant, params.ip);
    return { status: 204 };
  },
});
