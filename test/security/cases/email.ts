import type { RouteCase } from '../route-case';

/** The outbox admins review: email and other outbox work of the whole organisation. */
export const emailCases: Record<string, RouteCase> = {
  'admin-outbox-list': {
    request: () => ({ query: { state: 'pending' } }),
    restricted: { unaffected: 'outbox work is the organisation’s (its settings admins’), not a facility’s' },
  },
};
