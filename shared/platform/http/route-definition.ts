import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import type { z } from 'zod';
import type { TenantContext } from '../actor';
import type { Principal } from '../auth/principal';
import type { Services } from '../services';
import type { Logger } from '../telemetry/logger';
import type { RouteAccess } from './access';
import type { DeclaredResult } from './route-result';
import type { ResponseBody, ResponseDeclaration } from './responses';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteContext {
  readonly requestId: string;
  readonly services: Services;
  readonly logger: Logger;
  readonly clientIp: string;
  readonly userAgent?: string;
  /** Validated `Idempotency-Key` header, when the client sent one. */
  readonly idempotencyKey?: string;
  /** Request cookies by name (only the refresh cookie is ever read). */
  readonly cookies: Readonly<Record<string, string | undefined>>;
  /** The request's Origin header, for routes that must check it. */
  readonly origin?: string;
  /**
   * The Authorization header on a public route, which authenticates its caller itself (the
   * Postmark webhook's HTTP Basic credentials); undefined on every other route.
   */
  readonly authorization?: string;
  /** The verified caller; throws on a public route, where there is none. */
  readonly principal: Principal;
  /** The caller's organisation, from the verified token only; throws on a public route. */
  readonly tenant: TenantContext;
}

export interface RouteInput<B, Q, P> {
  readonly body: B;
  readonly query: Q;
  readonly params: P;
}

/** Declares a route whose body is bytes, not JSON (an upload): `body: rawBody`. */
export const rawBody = Object.freeze({ kind: 'raw-body' as const });
export type RawBodyMarker = typeof rawBody;

/**
 * What a `rawBody` route's handler gets: the declared media type (lowercase, parameters dropped)
 * and the bytes as chunks. The chunks stop with PayloadTooLargeError (413) once they pass the
 * route's `maxBodyBytes`, so a handler can stream without ever holding more than it chooses.
 */
export interface RawBody {
  readonly contentType: string | undefined;
  readonly chunks: AsyncIterable<Uint8Array>;
}

export function isRawBody(spec: unknown): spec is RawBodyMarker {
  return spec === rawBody;
}

export type Schema = z.ZodType;
export type BodySpec = Schema | RawBodyMarker;
export type Out<S> = S extends RawBodyMarker ? RawBody : S extends z.ZodType ? z.output<S> : undefined;

export interface RouteDefinition<
  B extends BodySpec | undefined,
  Q extends Schema | undefined,
  P extends Schema | undefined,
  R extends ResponseDeclaration,
> {
  /** Unique function name, e.g. `ledger-accounts-list`. */
  readonly name: string;
  readonly method: HttpMethod;
  /** Route template under /api, e.g. `ledger/accounts/{id}`. */
  readonly route: string;
  /** Required: either public with a reason, or a resource and the level it needs. */
  readonly access: RouteAccess;
  /** A zod schema for a JSON body, or `rawBody` for bytes (then `maxBodyBytes` is required). */
  readonly body?: B;
  readonly query?: Q;
  readonly params?: P;
  /** What the route answers; only what this declares is sent (see `responses.ts`). */
  readonly response: R;
  /** Banking, payment runs, permission management: the shorter idle timeout applies. */
  readonly sensitive?: boolean;
  /** Sign-in and token routes also count against the stricter authentication limit. */
  readonly rateLimit?: 'authentication';
  /**
   * Why this write still runs while the organisation is in read-only lockdown (ending sessions,
   * locking members, lifting the lockdown). Every other non-GET route is refused; a public one
   * (no organisation known yet) must say so here too, so no write escapes the rule unnoticed.
   */
  readonly lockdownExempt?: string;
  readonly maxBodyBytes?: number;
  readonly handler: (ctx: RouteContext, input: RouteInput<Out<B>, Out<Q>, Out<P>>) => Promise<DeclaredResult<R>>;
}

export interface DeclaredRoute {
  readonly name: string;
  readonly method: HttpMethod;
  readonly route: string;
  readonly access: RouteAccess;
  readonly sensitive: boolean;
  readonly rateLimit?: 'authentication';
  readonly lockdownExempt?: string;
  readonly body?: Schema;
  /** The route takes its body as bytes (an upload), not JSON. */
  readonly rawBody: boolean;
  readonly query?: Schema;
  readonly params?: Schema;
  readonly response: ReadonlyMap<number, ResponseBody>;
  readonly handler: (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;
}

const declared = new Map<string, DeclaredRoute>();

/** Records a route once; a second declaration of one name is a programming error. */
export function declare(route: DeclaredRoute): void {
  if (declared.has(route.name)) throw new Error(`route ${route.name} is declared twice`);
  declared.set(route.name, route);
}

/** Every route declared through the pipeline; a test compares it with what the app registered. */
export function declaredRoutes(): readonly DeclaredRoute[] {
  return [...declared.values()];
}
