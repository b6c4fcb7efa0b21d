/** How the next Messages requests fail, the ways Anthropic fails (https://docs.claude.com/en/api/errors). */
export type FailureMode =
  /** 429 rate_limit_error with `retry-after`: the organisation's rate limit; passes with time. */
  | 'rate-limited'
  /** 529 overloaded_error: the API is overloaded for everyone; passes with time. */
  | 'overloaded'
  /** 429 rate_limit_error with details.error_code enforced_spend_limit_reached and no `retry-after`: lasts the month. */
  | 'spend-limit'
  /** 400 invalid_request_error. */
  | 'invalid-request'
  /** 500 api_error. */
  | 'server-error'
  /** 200, but the answer is prose, not the forced tool call. */
  | 'malformed'
  /** 200 with the tool called, but with a code outside the taxonomy. */
  | 'out-of-taxonomy';

export interface Refusal {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly type: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, string>>;
}

export const refusals: Record<Exclude<FailureMode, 'malformed' | 'out-of-taxonomy'>, Refusal> = {
  'rate-limited': {
    status: 429,
    headers: { 'retry-after': '1' },
    type: 'rate_limit_error',
    message: 'Number of request tokens has exceeded your per-minute rate limit.',
  },
  overloaded: { status: 529, headers: {}, type: 'overloaded_error', message: 'Overloaded' },
  'spend-limit': {
    status: 429,
    headers: {},
    type: 'rate_limit_error',
    message: "You have reached your organization's monthly usage limit.",
    details: { error_code: 'enforced_spend_limit_reached' },
  },
  'invalid-request': { status: 400, headers: {}, type: 'invalid_request_error', message: 'Invalid request' },
  'server-error': { status: 500, headers: {}, type: 'api_error', message: 'Internal server error' },
};

export const failureModes: readonly FailureMode[] = [
  ...Object.keys(refusals),
  'malformed',
  'out-of-taxonomy',
] as FailureMode[];
