import { platformDependencies } from '../../shared/platform/domain-dependencies';
import { portfolioDependencies } from '../../shared/portfolio/portfolio-dependencies';
import { defineRoute } from '../../shared/platform/http/route';
import { grantShare, listGrants, previewGrant, revokeGrant } from '../../shared/portfolio/share-grants';
import { requestShare } from '../../shared/portfolio/share-requests';
import { endShare, listShares, sharedBalances } from '../../shared/portfolio/shares';
import {
  balancesQuery,
  codeInput,
  grantInput,
  grantList,
  grantParams,
  grantPreview,
  grantView,
  shareList,
  shareParams,
  shareRequestCreated,
  sharedBalances as sharedBalancesView,
  shareView,
} from '../../shared/portfolio/schemas';

defineRoute({
  name: 'portfolio-share-requests-create',
  method: 'POST',
  route: 'portfolio/share-requests',
  access: { resource: 'portfolio', level: 'admin' },
  response: { 201: shareRequestCreated },
  handler: async ({ services, tenant }) => ({
    status: 201,
    body: await requestShare(portfolioDependencies(platformDependencies(services)), tenant),
  }),
});

defineRoute({
  name: 'portfolio-grants-preview',
  method: 'POST',
  route: 'portfolio/grants/preview',
  access: { resource: 'portfolio', level: 'admin' },
  sensitive: true,
  body: codeInput,
  response: grantPreview,
  handler: async ({ services, tenant }, { body }) => ({
    status: 200,
    body: await previewGrant(portfolioDependencies(platformDependencies(services)), tenant, body),
  }),
});

defineRoute({
  name: 'portfolio-grants-create',
  method: 'POST',
  route: 'portfolio/grants',
  access: { resource: 'portfolio', level: 'admin' },
  sensitive: true,
  body: grantInput,
  response: { 201: grantView },
  handler: async ({ services, tenant, principal }, { body }) => ({
    status: 201,
    body: await grantShare(portfolioDependencies(platformDependencies(services)), tenant, principal.signedIn?.at, body),
  }),
});

defineRoute({
  name: 'portfolio-grants-list',
  method: 'GET',
  route: 'portfolio/grants',
  access: { resource: 'portfolio', level: 'read' },
  response: grantList,
  handler: async ({ services, tenant }) => ({
    status: 200,
    body: await listGrants(portfolioDependencies(platformDependencies(services)), tenant),
  }),
});

defineRoute({
  name: 'portfolio-grants-revoke',
  method: 'POST',
  route: 'portfolio/grants/{id}/revoke',
  access: { resource: 'portfolio', level: 'admin' },
  params: grantParams,
  response: grantView,
  handler: async ({ services, tenant }, { params }) => ({
    status: 200,
    body: await revokeGrant(portfolioDependencies(platformDependencies(services)), tenant, params.id),
  }),
});

defineRoute({
  name: 'portfolio-shares-list',
  method: 'GET',
  route: 'portfolio/shares',
  access: { resource: 'portfolio', level: 'read' },
  response: shareList,
  handler: async ({ services, tenant }) => ({
    status: 200,
    body: await listShares(portfolioDependencies(platformDependencies(services)), tenant),
  }),
});

defineRoute({
  name: 'portfolio-shares-end',
  method: 'POST',
  route: 'portfolio/shares/{id}/end',
  access: { resource: 'portfolio', level: 'admin' },
  params: shareParams,
  response: shareView,
  handler: async ({ services, tenant }, { params }) => ({
    status: 200,
    body: await endShare(portfolioDependencies(platformDependencies(services)), tenant, params.id),
  }),
});

defineRoute({
  name: 'portfolio-shares-balances',
  method: 'GET',
  route: 'portfolio/shares/{id}/balances',
  access: { resource: 'portfolio', level: 'read' },
  params: shareParams,
  query: balancesQuery,
  response: sharedBalancesView,
  handler: async ({ services, tenant }, { params, query }) => ({
    status: 200,
    body: await sharedBalances(portfolioDependencies(platformDependencies(services)), tenant, params.id, query.month),
  }),
});
