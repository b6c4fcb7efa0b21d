import type { z } from 'zod';
import type { MediaTypes } from './responses';

export interface RouteCookie {
  readonly name: string;
  readonly value: string;
  readonly path?: string;
  readonly maxAge?: number;
  readonly httpOnly?: boolean;
  readonly secure?: boolean;
  readonly sameSite?: 'Strict' | 'Lax' | 'None';
}

export interface RouteResult<S extends number = number, B = unknown> {
  readonly status: S;
  /**
   * Passed through the route's response schema for this status (unknown keys dropped), then sent
   * as JSON, or as is with the given content type when it is a string or bytes (a download).
   */
  readonly body?: B;
  readonly headers?: Readonly<Record<string, string>>;
  readonly cookies?: readonly RouteCookie[];
}

type Statuses<R> = R extends z.ZodType ? { 200: R } : R;
/** Domain values are often readonly; a body that fits the schema may be. */
type Frozen<T> = T extends readonly (infer E)[]
  ? readonly Frozen<E>[]
  : T extends object
    ? { readonly [K in keyof T]: Frozen<T[K]> }
    : T;
type BodyOf<D> = D extends z.ZodType
  ? Frozen<z.input<D>>
  : D extends MediaTypes
    ? { [M in keyof D]: D[M] extends z.ZodType ? Frozen<z.input<D[M]>> : never }[keyof D]
    : undefined;

/**
 * What a handler may return: a body that fits one of the route's declared bodies. The status is
 * checked when the route answers (a literal status cannot be tied to its body at compile time
 * while the route's types are still being inferred); so is the body, against that status.
 */
export type DeclaredResult<R> = RouteResult<
  number,
  { [S in keyof Statuses<R>]: BodyOf<Statuses<R>[S]> }[keyof Statuses<R>]
>;
