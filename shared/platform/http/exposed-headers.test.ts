import { describe, expect, it } from 'vitest';
import { exposeAppHeaders } from './exposed-headers';
import { securityHeaders } from './security-headers';

describe('the headers the SPA may read cross-origin', () => {
  it('names every header the app adds, and none that are safelisted or only for the browser', () => {
    const headers = exposeAppHeaders({
      ...securityHeaders,
      'x-request-id': 'r-1',
      'x-session-idle-remaining': '1799',
      'X-Session-Sensitive-Idle-Remaining': '599',
      'retry-after': '30',
      'content-disposition': 'attachment; filename="tb.csv"',
      'content-type': 'text/csv',
    });
    expect(headers['access-control-expose-headers']).toBe(
      'content-disposition, retry-after, x-request-id, x-session-idle-remaining, x-session-sensitive-idle-remaining',
    );
  });

  it('adds nothing when the app adds nothing a page could not already read', () => {
    expect(exposeAppHeaders({ ...securityHeaders, 'content-type': 'application/json' })).not.toHaveProperty(
      'access-control-expose-headers',
    );
  });
});
