import { itemsDependencies } from '../../shared/items/items-dependencies';
import {
  acceptSuggestion as acceptBody,
  classificationSettings as settingsBody,
  classificationSettingsView,
  itemParams,
  itemView,
  overrideSuggestion as overrideBody,
  taxCodeList,
} from '../../shared/items/schemas';
import { stripeTaxCodes, taxonomySource } from '../../shared/items/stripe-tax-codes';
import {
  acceptSuggestion,
  classificationSettings,
  overrideSuggestion,
  setClassificationEnabled,
} from '../../shared/items/suggestions';
import { defineRoute } from '../../shared/platform/http/route';

defineRoute({
  name: 'items-suggestion-accept',
  method: 'POST',
  route: 'items/{id}/tax-suggestion/accept',
  access: { resource: 'items', level: 'admin' },
  params: itemParams,
  body: acceptBody,
  response: itemView,
  handler: async ({ services, tenant }, { params, body }) => ({
    status: 200,
    body: await acceptSuggestion(itemsDependencies(services), tenant, params.id, body.code),
  }),
});

defineRoute({
  name: 'items-suggestion-override',
  method: 'POST',
  route: 'items/{id}/tax-suggestion/override',
  access: { resource: 'items', level: 'admin' },
  params: itemParams,
  body: overrideBody,
  response: itemView,
  handler: async ({ services, tenant }, { params, body }) => ({
    status: 200,
    body: await overrideSuggestion(itemsDependencies(services), tenant, params.id, body.taxCode),
  }),
});

defineRoute({
  name: 'items-tax-codes',
  method: 'GET',
  route: 'items/tax-codes',
  access: { resource: 'items', level: 'read' },
  response: taxCodeList,
  handler: async () => ({ status: 200, body: { items: [...stripeTaxCodes], source: { ...taxonomySource } } }),
});

defineRoute({
  name: 'items-classification-settings',
  method: 'GET',
  route: 'items/classification',
  access: { resource: 'items', level: 'read' },
  response: classificationSettingsView,
  handler: async ({ services, tenant }) => ({
    status: 200,
    body: await classificationSettings(itemsDependencies(services), tenant),
  }),
});

defineRoute({
  name: 'items-classification-switch',
  method: 'PUT',
  route: 'items/classification',
  access: { resource: 'items', level: 'admin' },
  body: settingsBody,
  response: classificationSettingsView,
  handler: async ({ services, tenant }, { body }) => ({
    status: 200,
    body: await setClassificationEnabled(itemsDependencies(services), tenant, body.enabled),
  }),
});
