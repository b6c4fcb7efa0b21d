import { z } from 'zod';
import { sessionDependencies } from '../../shared/identity/sessions';
import {
  addMember,
  changePermissions,
  changeRestrictions,
  listMembers,
  removeMember,
} from '../../shared/identity/members';
import { permissionLevels, resources } from '../../shared/platform/auth/principal';
import { memberList, memberView } from '../../shared/identity/schemas';
import { defineRoute } from '../../shared/platform/http/route';

const memberId = z.object({ id: z.string().regex(/^[A-Za-z0-9._:-]{1,200}$/, 'not a valid id') });
const permissions = z.partialRecord(z.enum(resources), z.enum(permissionLevels));

defineRoute({
  name: 'admin-members-list',
  method: 'GET',
  route: 'admin/members',
  access: { resource: 'members', level: 'read' },
  response: memberList,
  handler: async (ctx) => ({
    status: 200,
    body: { items: await listMembers(sessionDependencies(ctx.services), ctx.tenant) },
  }),
});

defineRoute({
  name: 'admin-members-add',
  method: 'POST',
  route: 'admin/members',
  access: { resource: 'members', level: 'admin' },
  sensitive: true,
  body: z.object({ email: z.email(), displayName: z.string().trim().min(1).max(200), permissions }),
  response: { 201: memberView },
  handler: async (ctx, { body }) => ({
    status: 201,
    body: await addMember(sessionDependencies(ctx.services), ctx.tenant, body),
  }),
});

defineRoute({
  name: 'admin-members-permissions',
  method: 'PUT',
  route: 'admin/members/{id}/permissions',
  access: { resource: 'members', level: 'admin' },
  sensitive: true,
  params: memberId,
  body: z.object({ permissions }),
  response: memberView,
  handler: async (ctx, { params, body }) => ({
    status: 200,
    body: await changePermissions(sessionDependencies(ctx.services), ctx.tenant, params.id, body.permissions),
  }),
});

defineRoute({
  name: 'admin-members-remove',
  method: 'DELETE',
  route: 'admin/members/{id}',
  access: { resource: 'members', level: 'admin' },
  sensitive: true,
  params: memberId,
  response: { 204: null },
  handler: async (ctx, { params }) => {
    await removeMember(sessionDependencies(ctx.services), ctx.tenant, params.id);
    return { status: 204 };
  },
});

const dimension = z.array(z.string().trim().min(1).max(100)).max(500).optional();

defineRoute({
  name: 'admin-members-restrictions',
  method: 'PUT',
  route: 'admin/members/{id}/restrictions',
  access: { resource: 'members', level: 'admin' },
  sensitive: true,
  params: memberId,
  body: z.object({ facilities: dimension, divisions: dimension }),
  response: memberView,
  handler: async (ctx, { params, body }) => {
    const restrictions = {
      ...(body.facilities ? { facilities: body.facilities } : {}),
      ...(body.divisions ? { divisions: body.divisions } : {}),
    };
    return {
      status: 200,
      body: await changeRestrictions(sessionDependencies(ctx.services), ctx.tenant, params.id, restrictions),
    };
  },
});
