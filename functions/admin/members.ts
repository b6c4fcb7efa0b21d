import { tenantIdentityDependencies } from '../../shared/identity/identity-dependencies';
import { domainDependencies } from '../../shared/platform/domain-dependencies';
import {
  addMember,
  changePermissions,
  changeRestrictions,
  listMembers,
  lockMember,
  removeMember,
  unlockMember,
} from '../../shared/identity/members';
import {
  memberList,
  memberParams,
  memberView,
  newMember,
  permissionsInput,
  reasonInput,
  restrictionsInput,
} from '../../shared/identity/schemas';
import { defineRoute } from '../../shared/platform/http/route';

defineRoute({
  name: 'admin-members-list',
  method: 'GET',
  route: 'admin/members',
  access: { resource: 'members', level: 'read' },
  response: memberList,
  handler: async (ctx) => ({
    status: 200,
    body: { items: await listMembers(tenantIdentityDependencies(domainDependencies(ctx.services)), ctx.tenant) },
  }),
});

defineRoute({
  name: 'admin-members-add',
  method: 'POST',
  route: 'admin/members',
  access: { resource: 'members', level: 'admin' },
  sensitive: true,
  body: newMember,
  response: { 201: memberView },
  handler: async (ctx, { body }) => ({
    status: 201,
    body: await addMember(tenantIdentityDependencies(domainDependencies(ctx.services)), ctx.tenant, body),
  }),
});

defineRoute({
  name: 'admin-members-permissions',
  method: 'PUT',
  route: 'admin/members/{id}/permissions',
  access: { resource: 'members', level: 'admin' },
  sensitive: true,
  params: memberParams,
  body: permissionsInput,
  response: memberView,
  handler: async (ctx, { params, body }) => ({
    status: 200,
    body: await changePermissions(
      tenantIdentityDependencies(domainDependencies(ctx.services)),
      ctx.tenant,
      params.id,
      body.permissions,
    ),
  }),
});

defineRoute({
  name: 'admin-members-remove',
  method: 'DELETE',
  route: 'admin/members/{id}',
  access: { resource: 'members', level: 'admin' },
  sensitive: true,
  params: memberParams,
  response: { 204: null },
  handler: async (ctx, { params }) => {
    await removeMember(tenantIdentityDependencies(domainDependencies(ctx.services)), ctx.tenant, params.id);
    return { status: 204 };
  },
});

defineRoute({
  name: 'admin-members-restrictions',
  method: 'PUT',
  route: 'admin/members/{id}/restrictions',
  access: { resource: 'members', level: 'admin' },
  sensitive: true,
  params: memberParams,
  body: restrictionsInput,
  response: memberView,
  handler: async (ctx, { params, body }) => {
    const restrictions = {
      ...(body.facilities ? { facilities: body.facilities } : {}),
      ...(body.divisions ? { divisions: body.divisions } : {}),
    };
    return {
      status: 200,
      body: await changeRestrictions(
        tenantIdentityDependencies(domainDependencies(ctx.services)),
        ctx.tenant,
        params.id,
        restrictions,
      ),
    };
  },
});

defineRoute({
  name: 'admin-members-lock',
  method: 'POST',
  route: 'admin/members/{id}/lock',
  access: { resource: 'members', level: 'admin' },
  sensitive: true,
  lockdownExempt: 'containment: locking a member only takes access away, which an incident needs most',
  params: memberParams,
  body: reasonInput,
  response: memberView,
  handler: async (ctx, { params, body }) => ({
    status: 200,
    body: await lockMember(
      tenantIdentityDependencies(domainDependencies(ctx.services)),
      ctx.tenant,
      params.id,
      body.reason,
    ),
  }),
});

defineRoute({
  name: 'admin-members-unlock',
  method: 'POST',
  route: 'admin/members/{id}/unlock',
  access: { resource: 'members', level: 'admin' },
  sensitive: true,
  params: memberParams,
  response: memberView,
  handler: async (ctx, { params }) => ({
    status: 200,
    body: await unlockMember(tenantIdentityDependencies(domainDependencies(ctx.services)), ctx.tenant, params.id),
  }),
});
