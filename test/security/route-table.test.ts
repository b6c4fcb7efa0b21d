/**
 * The route-table security suite: every HTTP route the app declares, attacked the same way.
 *
 * The routes come from the app itself (`functions/index.ts`, as the host registers it), so a
 * route cannot hide from this suite; one without a case in `cases/` fails it, and so does a
 * case whose route is gone. For each protected route, over HTTP against the local host, with
 * organisations A (the target) and B (the attacker) seeded once:
 *   - no token, a forged token (bad signature), an expired token, a revoked session: 401;
 *   - a session idle 11 minutes on a sensitive route: 401;
 *   - B's admin sending A's request: 404 when A's ids are in the path, and never anything of A
 *     in the answer;
 *   - a member of A one level below the route's: 403, recorded as `access.refused`;
 *   - a platform operator's impersonation session: every write 403, recorded (the operator-only
 *     routes turn this round: there every member, A's admin included, is refused 403);
 *   - an unknown query parameter: 400; for JSON bodies, malformed 400, too large 413, another
 *     content type 415;
 *   - after all of that, A's documents are exactly as before (sessions and the audit log
 *     aside), and A's audit log gained exactly the records those refusals owe it;
 *   - facility and division restrictions, as the case says (`RestrictedCheck`);
 *   - finally A's admin sends the same request and it works: each refusal above was a refusal
 *     of a valid request, not of a broken one.
 * Public routes answer their request without credentials, refuse unknown query parameters and
 * leave A untouched. Then, with A in read-only lockdown, every protected route gets its valid
 * request again: reads answer as before, every write not declared `lockdownExempt` is refused
 * (423) and changes nothing.
 *
 * ADDING A ROUTE: add an entry under its name to the area's file in `test/security/cases/`
 * (or a new file there, listed in `cases` below). `request` builds a valid request of A's
 * admin: path params, query, JSON body, seeding in A what it needs through `World`'s helpers
 * (a fresh draft, member, account...). Say how restrictions apply (`restricted`), and add
 * `expect`, `otherOrganisation` or `extra` only when the defaults do not fit.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PermissionLevel, Resource } from '../../shared/platform/auth/principal';
import { listRegistrations, type Registration } from '../harness/registrations';
import { dimensionCases } from './cases/dimensions';
import { documentCases } from './cases/documents';
import { emailCases } from './cases/email';
import { exportCases } from './cases/exports';
import { identityCases } from './cases/identity';
import { itemCases } from './cases/items';
import { ledgerCases } from './cases/ledger';
import { lockdownCases } from './cases/lockdown';
import { payablesCases } from './cases/payables';
import { paymentRunCases } from './cases/payment-runs';
import { onboardingCases } from './cases/onboarding';
import { platformCases } from './cases/platform';
import { portfolioCases } from './cases/portfolio';
import { receivableCases } from './cases/receivables';
import { securitySignalCases } from './cases/security-signals';
import { isPublicCase, type Probe, type ProtectedRouteCase, type PublicRouteCase, type RouteCase } from './route-case';
import { World, type RouteRequest } from './world';

const root = resolve(__dirname, '../..');
const cases: Record<string, RouteCase> = {
  ...identityCases,
  ...ledgerCases,
  ...documentCases,
  ...emailCases,
  ...exportCases,
  ...itemCases,
  ...platformCases,
  ...receivableCases,
  ...lockdownCases,
  ...securitySignalCases,
  ...payablesCases,
  ...portfolioCases,
  ...paymentRunCases,
  ...dimensionCases,
  ...onboardingCases,
};
const routes = listRegistrations(join(root, 'functions/index.ts')).functions.filter((f) => f.trigger === 'httpTrigger');

/** What a document looked like (its ETag), and which audit records exist, in A's partition. */
interface Snapshot {
  readonly documents: ReadonlyMap<string, string>;
  readonly audit: ReadonlyArray<{ sequence: number; action: string; target: { id: string } }>;
}
/**
 * Sessions record activity, the audit log records refusals, and the outlier review moves its
 * statistics on in the background after any posting: everything else must stay.
 */
const volatile = new Set(['session', 'audit-record', 'audit-head', 'posting-statistics']);

async function snapshot(world: World): Promise<Snapshot> {
  const { resources } = await world.data.items
    .query<{ id: string; _etag: string; type: string; sequence?: number; action?: string; target?: { id: string } }>(
      {
        query: 'SELECT c.id, c._etag, c.type, c.sequence, c.action, c.target FROM c WHERE c.tenantId = @t',
        parameters: [{ name: '@t', value: world.a.tenantId }],
      },
      { partitionKey: world.a.tenantId },
    )
    .fetchAll();
  return {
    documents: new Map(resources.filter((d) => !volatile.has(d.type)).map((d) => [d.id, d._etag])),
    audit: resources
      .filter((d) => d.type === 'audit-record')
      .map((d) => ({ sequence: d.sequence!, action: d.action!, target: d.target! })),
  };
}

function changes(before: Snapshot, after: Snapshot): string[] {
  const ids = new Set([...before.documents.keys(), ...after.documents.keys()]);
  return [...ids].filter((id) => before.documents.get(id) !== after.documents.get(id)).sort();
}

const newAudit = (before: Snapshot, after: Snapshot) => {
  const known = new Set(before.audit.map((r) => r.sequence));
  return (
    after.audit
      .filter((r) => !known.has(r.sequence))
      // A refused credential names the session it claimed; the rest name the route refused.
      .map((r) => (r.action === 'auth.credential-refused' ? r.action : `${r.action} ${r.target.id}`))
      .sort()
  );
};

/** Strings only A's data contains: its id, its members' ids, every generated record id. */
function traceOfA(world: World, state: Snapshot): string[] {
  const generated = [...state.documents.keys()].filter((id) => /[0-9a-f]{8}-[0-9a-f]{4}/.test(id));
  return [world.a.tenantId, 'a-admin', 'a-restricted', ...generated];
}

async function expectStatus(response: Promise<Response> | Response, status: number | number[], what: string) {
  const answered = await response;
  const text = await answered.text();
  const allowed = Array.isArray(status) ? status : [status];
  expect(allowed, `${what}: answered ${answered.status} ${text.slice(0, 300)}`).toContain(answered.status);
  return text;
}

const oneLevelBelow = (access: Registration['access']) =>
  access?.resource && access.level
    ? { resource: access.resource as Resource, level: access.level as Exclude<PermissionLevel, 'none'> }
    : undefined;

async function refusesBadInput(
  world: World,
  route: Registration,
  request: RouteRequest,
  who: string | undefined,
  looseQuery = false,
) {
  if (!looseQuery) {
    const unknown = world.send(who, route, request, { query: { 'zz-unknown': '1' } });
    expect(await expectStatus(unknown, 400, 'unknown query parameter')).toContain('zz-unknown');
  }
  if (route.body !== 'json') return;
  await expectStatus(world.send(who, route, request, { body: '{"not json' }), 400, 'malformed JSON');
  const huge = JSON.stringify({ padding: 'x'.repeat(20_000) });
  await expectStatus(world.send(who, route, request, { body: huge }), 413, 'a body over the limit');
  const asText = JSON.stringify(request.body ?? {});
  await expectStatus(
    world.send(who, route, request, { body: asText, headers: { 'content-type': 'text/plain' } }),
    415,
    'another content type',
  );
}

async function attackProtected(world: World, route: Registration, routeCase: ProtectedRouteCase) {
  const request = await routeCase.request(world);
  const level = oneLevelBelow(route.access);
  const belowLevel = level ? await world.belowLevelFor(level.resource, level.level) : undefined;
  const probe: Probe = { world, route, request, send: (who, change) => world.send(who, route, request, change) };
  const before = await snapshot(world);
  const owed: string[] = [];

  await expectStatus(probe.send(undefined), 401, 'without a token');
  await expectStatus(probe.send(world.refused.forged), 401, 'a forged token');
  await expectStatus(probe.send(world.refused.expired), 401, 'an expired token');
  await expectStatus(probe.send(world.refused.revoked), 401, 'a revoked session');
  // The forged one verifies nothing, so it goes to the platform's security log, not A's.
  owed.push('auth.credential-refused', 'auth.credential-refused');
  if (route.sensitive) {
    await expectStatus(probe.send(world.idle), 401, 'a session idle 11 minutes on a sensitive route');
    owed.push('auth.credential-refused');
  }

  const pathNamesA = /\{/.test(route.route!);
  const otherOrganisation = routeCase.otherOrganisation ?? (pathNamesA ? 'not-found' : 'own-data');
  const operatorRoute = route.access?.operator === true;
  const platformRoute = route.access?.platform === true;
  // The caller whose valid request works: A's admin, the operator on an operator-only route, or
  // on a platform-administration route an operator signed in for it.
  const allowed = platformRoute ? world.platformOperator : operatorRoute ? world.operator : world.a.admin;
  const fromB = await expectStatus(
    probe.send(world.b.admin),
    operatorRoute || platformRoute
      ? 403
      : otherOrganisation === 'not-found'
        ? 404
        : [200, 201, 202, 204, 400, 404, 409],
    "organisation B's admin with A's request",
  );
  owed.push(...(routeCase.auditedInA?.(world) ?? []));
  // B may hear back the ids it sent; nothing else of A.
  const sent = JSON.stringify(request);
  for (const trace of traceOfA(world, before).filter((t) => !sent.includes(t)))
    expect(fromB, `B's answer names ${trace}`).not.toContain(trace);

  if (level && belowLevel) {
    await expectStatus(probe.send(belowLevel), 403, 'a level below');
    owed.push(`access.refused ${route.name}`);
  }
  if (operatorRoute || platformRoute) {
    await expectStatus(probe.send(world.a.admin), 403, 'a member on an operator-only route');
    owed.push(`access.refused ${route.name}`);
  }
  if (platformRoute) {
    const write = route.methods![0] !== 'GET';
    await expectStatus(
      probe.send(world.operator),
      403,
      "an operator's impersonation session on platform administration",
    );
    owed.push(`${write ? 'operator.write-refused' : 'access.refused'} ${route.name}`);
  } else if (!operatorRoute && route.methods![0] !== 'GET') {
    await expectStatus(probe.send(world.operator), 403, "an operator's write");
    owed.push(`operator.write-refused ${route.name}`);
  }
  if (route.body === 'raw' && !routeCase.extra)
    throw new Error(`${route.name} takes an upload: give its case an extra check of its body handling`);
  await refusesBadInput(world, route, request, allowed);

  const after = await snapshot(world);
  expect(changes(before, after), "A's documents changed by refused requests").toEqual([]);
  expect(newAudit(before, after), "A's audit log after the refusals").toEqual(owed.sort());

  if (typeof routeCase.restricted === 'function') await routeCase.restricted(probe);
  if (routeCase.extra) await routeCase.extra(probe);

  const works = routeCase.expect ?? (route.methods![0] === 'GET' ? 200 : [200, 201, 202, 204]);
  await expectStatus(probe.send(allowed), works, "A's admin with the valid request");
  if (routeCase.after) await routeCase.after(probe);

  const restricted = routeCase.restricted;
  if (typeof restricted !== 'function' && 'suite' in restricted) {
    const suite = readFileSync(join(root, restricted.suite), 'utf8');
    expect(suite, `${restricted.suite} checks ${route.name}`).toContain(`'${route.name}'`);
  } else if (typeof restricted !== 'function' && route.methods![0] === 'GET') {
    await expectStatus(probe.send(world.restricted), works, 'a restricted member, where restrictions do not apply');
  }
}

async function attackPublic(world: World, route: Registration, routeCase: PublicRouteCase) {
  const request = await routeCase.request(world);
  const before = await snapshot(world);
  await expectStatus(world.send(undefined, route, request), routeCase.expect, 'without credentials');
  await refusesBadInput(world, route, request, undefined, routeCase.acceptsUnnamedQuery !== undefined);
  if (routeCase.extra)
    await routeCase.extra({ world, route, request, send: (who, change) => world.send(who, route, request, change) });
  const after = await snapshot(world);
  expect(changes(before, after), 'A changed by an anonymous request').toEqual([]);
  expect(newAudit(before, after)).toEqual([]);
}

describe('the route table', () => {
  it('has a case for every declared HTTP route, and none for a route that is gone', () => {
    const declared = routes.map((r) => r.name);
    expect(declared.length).toBeGreaterThan(0);
    expect(
      declared.filter((name) => !cases[name]),
      'routes without a case in test/security/cases',
    ).toEqual([]);
    expect(
      Object.keys(cases).filter((name) => !declared.includes(name)),
      'cases for undeclared routes',
    ).toEqual([]);
  });

  it('agrees with each case on whether the route is public', () => {
    for (const route of routes.filter((r) => cases[r.name])) {
      expect(isPublicCase(cases[route.name]!), route.name).toBe(route.access?.public === true);
    }
  });
});

describe('every declared route under attack', () => {
  let world: World;
  beforeAll(async () => {
    world = await World.start();
  }, 180_000);
  afterAll(async () => {
    await world?.stop();
  });

  for (const route of routes) {
    const routeCase = cases[route.name];
    it.skipIf(!routeCase)(`${route.methods?.join()} /api/${route.route} (${route.name})`, async () => {
      if (isPublicCase(routeCase!)) await attackPublic(world, route, routeCase);
      else await attackProtected(world, route, routeCase!);
    });
  }

  // It seeds and walks every route (a request and two snapshots each): its time grows with the route table.
  it('in a lockdown of A, answers every read and refuses every write not declared exempt', async () => {
    // Each case's valid request is made first: its seeding writes, which the lockdown would refuse.
    // In the lockdown nothing of A changes (that is what is checked), so they all stay valid.
    const prepared: Array<{ route: Registration; routeCase: ProtectedRouteCase; request: RouteRequest }> = [];
    for (const route of routes) {
      const routeCase = cases[route.name];
      if (!routeCase || isPublicCase(routeCase) || route.lockdownExempt || route.access?.operator) continue;
      // Platform administration acts on the platform's partition, never inside A: A's lockdown does not apply.
      if (route.access?.platform) continue;
      prepared.push({ route, routeCase, request: await routeCase.request(world) });
    }
    await world.expectOk(world.a.admin2, 'POST', 'admin/security/lockdown', { reason: 'route-table suite' });
    // The security contact's email goes out in the background: not under the comparisons below.
    await world.settled();
    const checked: string[] = [];
    try {
      for (const { route, routeCase, request } of prepared) {
        const before = await snapshot(world);
        const write = route.methods![0] !== 'GET';
        const works = routeCase.expect ?? (write ? [200, 201, 202, 204] : 200);
        const text = await expectStatus(world.send(world.a.admin, route, request), write ? 423 : works, route.name);
        if (write) expect(text, route.name).toContain('organization-locked-down');
        expect(changes(before, await snapshot(world)), `${route.name} changed A in a lockdown`).toEqual([]);
        if (write) checked.push(route.name);
      }
    } finally {
      await world.expectOk(world.a.admin, 'DELETE', 'admin/security/lockdown');
    }
    expect(checked.length).toBeGreaterThan(20);
  }, 90_000);
});
