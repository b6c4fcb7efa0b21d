import { ledgerDependencies } from '../../shared/ledger/ledger-dependencies';
import { domainDependencies } from '../../shared/platform/domain-dependencies';
import { approveReopen, requestReopen } from '../../shared/ledger/period-reopen';
import { closePeriod, lockPeriod } from '../../shared/ledger/period-close';
import { listPeriods } from '../../shared/ledger/periods';
import {
  monthParams,
  periodList,
  periodReopened,
  periodView,
  reopenAwaitingApproval,
} from '../../shared/ledger/schemas';
import { defineRoute } from '../../shared/platform/http/route';

defineRoute({
  name: 'ledger-periods-close',
  method: 'POST',
  route: 'ledger/periods/{month}/close',
  access: { resource: 'ledger', level: 'admin' },
  params: monthParams,
  response: periodView,
  handler: async ({ services, tenant }, { params }) => ({
    status: 200,
    body: await closePeriod(
      { ...ledgerDependencies(domainDependencies(services)), queues: services.queues },
      tenant,
      params.month,
    ),
  }),
});

defineRoute({
  name: 'ledger-periods-lock',
  method: 'POST',
  route: 'ledger/periods/{month}/lock',
  access: { resource: 'ledger', level: 'admin' },
  params: monthParams,
  response: periodView,
  handler: async ({ services, tenant }, { params }) => ({
    status: 200,
    body: await lockPeriod(ledgerDependencies(domainDependencies(services)), tenant, params.month),
  }),
});

defineRoute({
  name: 'ledger-periods-reopen',
  method: 'POST',
  route: 'ledger/periods/{month}/reopen',
  access: { resource: 'ledger', level: 'admin' },
  params: monthParams,
  response: { 200: periodReopened, 202: reopenAwaitingApproval },
  handler: async ({ services, tenant }, { params }) => {
    const outcome = await requestReopen(ledgerDependencies(domainDependencies(services)), tenant, params.month);
    return { status: outcome.state === 'reopened' ? 200 : 202, body: outcome };
  },
});

defineRoute({
  name: 'ledger-periods-reopen-approve',
  method: 'POST',
  route: 'ledger/periods/{month}/reopen/approve',
  access: { resource: 'ledger', level: 'admin' },
  params: monthParams,
  response: periodView,
  handler: async ({ services, tenant }, { params }) => ({
    status: 200,
    body: await approveReopen(ledgerDependencies(domainDependencies(services)), tenant, params.month),
  }),
});

defineRoute({
  name: 'ledger-periods-list',
  method: 'GET',
  route: 'ledger/periods',
  access: { resource: 'ledger', level: 'read' },
  response: periodList,
  handler: async ({ services, tenant }) => ({
    status: 200,
    body: { items: await listPeriods(ledgerDependencies(domainDependencies(services)), tenant) },
  }),
});
