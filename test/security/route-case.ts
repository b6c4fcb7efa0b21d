import type { Registration } from '../harness/registrations';
import type { RouteRequest, World } from './world';

/**
 * How facility and division restrictions apply to a route (a member restricted to F1 + D1):
 * - `unaffected`: the route has no facility or division data; the suite checks a restricted
 *   member's GET answers like the admin's (writes are not repeated);
 * - `suite`: a dedicated suite proves them route by route; the suite checks that file names the
 *   route, so it cannot drop out unnoticed;
 * - a function: a check of its own, run with the restricted member's token.
 */
export type RestrictedCheck =
  { readonly unaffected: string } | { readonly suite: string } | ((probe: Probe) => Promise<void>);

/** What a case's own checks get: the world, the route, its valid request, and how to send it. */
export interface Probe {
  readonly world: World;
  readonly route: Registration;
  readonly request: RouteRequest;
  send(authorization: string | undefined, change?: Parameters<World['send']>[3]): Promise<Response>;
}

/** A route that needs a signed-in member (resource level or any member). */
export interface ProtectedRouteCase {
  /** Builds a valid request of A's admin, seeding in A what it needs (a fresh draft to post). */
  readonly request: (world: World) => Promise<RouteRequest> | RouteRequest;
  /** What the valid request answers (default: 200 for GET, 200/201/202/204 otherwise). */
  readonly expect?: number;
  /**
   * With B's token and A's request: `not-found` (A's record ids in the path: 404) or `own-data`
   * (the request acts in B, e.g. a list or a create). Either way A is untouched and nothing of A
   * is in the answer. Default: `not-found` when the route has path parameters, else `own-data`.
   */
  readonly otherOrganisation?: 'not-found' | 'own-data';
  /** Records B's own-data request rightly adds to A's audit log (B reading the balances A shares with it). */
  readonly auditedInA?: (world: World) => string[];
  readonly restricted: RestrictedCheck;
  /** Route-specific attacks beyond the table's (an upload's content sniffing, a webhook's auth). */
  readonly extra?: (probe: Probe) => Promise<void>;
  /** Puts the world back after the valid request (lifts a lockdown it started), for the routes after it. */
  readonly after?: (probe: Probe) => Promise<void>;
}

/** A route anyone may call: it must answer its request without credentials and leak nothing. */
export interface PublicRouteCase {
  readonly public: true;
  readonly request: (world: World) => Promise<RouteRequest> | RouteRequest;
  readonly expect: number;
  /** Why this route, unlike every other, takes query parameters it does not name. */
  readonly acceptsUnnamedQuery?: string;
  readonly extra?: (probe: Probe) => Promise<void>;
}

export type RouteCase = ProtectedRouteCase | PublicRouteCase;

export const isPublicCase = (routeCase: RouteCase): routeCase is PublicRouteCase => 'public' in routeCase;

/**
 * The request of a route on one of A's records: the id `record` makes (or finds) in the path, and
 * `body` (or what it makes of the world) when it writes.
 */
export function onRecord(record: (world: World) => Promise<string>, body?: unknown) {
  return async (world: World): Promise<RouteRequest> => {
    const id = await record(world);
    if (body === undefined) return { params: { id } };
    return {
      params: { id },
      body: typeof body === 'function' ? await (body as (world: World) => unknown)(world) : body,
    };
  };
}
