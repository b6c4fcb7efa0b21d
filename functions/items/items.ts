import { createItem, deleteItem, getItem, listItems, updateItem } from '../../shared/items/items';
import { itemsDependencies } from '../../shared/items/items-dependencies';
import { itemChanges, itemListQuery, itemPage, itemParams, itemView, newItem } from '../../shared/items/schemas';
import { defineRoute } from '../../shared/platform/http/route';

defineRoute({
  name: 'items-list',
  method: 'GET',
  route: 'items',
  access: { resource: 'items', level: 'read' },
  query: itemListQuery,
  response: itemPage,
  handler: async ({ services, tenant }, { query }) => ({
    status: 200,
    body: await listItems(itemsDependencies(services), tenant, query),
  }),
});

defineRoute({
  name: 'items-create',
  method: 'POST',
  route: 'items',
  access: { resource: 'items', level: 'edit' },
  body: newItem,
  response: { 201: itemView },
  handler: async ({ services, tenant }, { body }) => ({
    status: 201,
    body: await createItem(itemsDependencies(services), tenant, body),
  }),
});

defineRoute({
  name: 'items-get',
  method: 'GET',
  route: 'items/{id}',
  access: { resource: 'items', level: 'read' },
  params: itemParams,
  response: itemView,
  handler: async ({ services, tenant }, { params }) => ({
    status: 200,
    body: await getItem(itemsDependencies(services), tenant, params.id),
  }),
});

defineRoute({
  name: 'items-update',
  method: 'PATCH',
  route: 'items/{id}',
  access: { resource: 'items', level: 'edit' },
  params: itemParams,
  body: itemChanges,
  response: itemView,
  handler: async ({ services, tenant }, { params, body }) => ({
    status: 200,
    body: await updateItem(itemsDependencies(services), tenant, params.id, body),
  }),
});

defineRoute({
  name: 'items-delete',
  method: 'DELETE',
  route: 'items/{id}',
  access: { resource: 'items', level: 'admin' },
  params: itemParams,
  response: { 204: null },
  handler: async ({ services, tenant }, { params }) => {
    await deleteItem(itemsDependencies(services), tenant, params.id);
    return { status: 204 };
  },
});
