/**
 * Route templates as the Functions host understands them: literal segments, `{name}`,
 * constrained `{id:guid}` / `{n:int}` / `{x:alpha}`, optional `{name?}` and catch-all `{*rest}`.
 */
export interface RouteMatch {
  readonly params: Record<string, string>;
}

interface Segment {
  readonly literal?: string;
  readonly param?: string;
  readonly optional?: boolean;
  readonly catchAll?: boolean;
  readonly constraint?: (value: string) => boolean;
}

const constraints: Record<string, (value: string) => boolean> = {
  guid: (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
  int: (v) => /^-?\d+$/.test(v),
  long: (v) => /^-?\d+$/.test(v),
  alpha: (v) => /^[a-z]+$/i.test(v),
  bool: (v) => /^(true|false)$/i.test(v),
};

export class RouteTemplate {
  private readonly segments: Segment[];

  constructor(readonly template: string) {
    this.segments = template
      .split('/')
      .filter((part) => part !== '')
      .map((part) => RouteTemplate.parseSegment(part, template));
  }

  private static parseSegment(part: string, template: string): Segment {
    const match = /^\{(\*)?([A-Za-z_][A-Za-z0-9_]*)(?::([a-z]+))?(\?)?\}$/.exec(part);
    if (!match) {
      if (part.includes('{')) throw new Error(`unsupported route segment "${part}" in "${template}"`);
      return { literal: part.toLowerCase() };
    }
    const [, star, name, constraintName, optional] = match;
    const constraint = constraintName ? constraints[constraintName] : undefined;
    if (constraintName && !constraint) throw new Error(`unknown route constraint "${constraintName}" in "${template}"`);
    return { param: name, optional: optional === '?', catchAll: star === '*', constraint };
  }

  /** Literal segments first, then constrained, then free parameters: the most specific route wins. */
  get specificity(): number {
    return this.segments.reduce((score, s) => score * 4 + (s.literal ? 3 : s.constraint ? 2 : s.catchAll ? 0 : 1), 1);
  }

  match(path: string): RouteMatch | undefined {
    const parts = path.split('/').filter((part) => part !== '');
    const params: Record<string, string> = {};
    let index = 0;
    for (const segment of this.segments) {
      if (segment.catchAll) {
        params[segment.param!] = parts.slice(index).map(decodeURIComponent).join('/');
        return { params };
      }
      const part = parts[index];
      if (part === undefined) {
        if (segment.optional) continue;
        return undefined;
      }
      if (segment.literal !== undefined) {
        if (decodeURIComponent(part).toLowerCase() !== segment.literal) return undefined;
      } else {
        const value = decodeURIComponent(part);
        if (segment.constraint && !segment.constraint(value)) return undefined;
        params[segment.param!] = value;
      }
      index += 1;
    }
    return index === parts.length ? { params } : undefined;
  }
}
