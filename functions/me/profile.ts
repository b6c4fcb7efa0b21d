import { profileView } from '../../shared/identity/schemas';
import { defineRoute } from '../../shared/platform/http/route';

defineRoute({
  name: 'me-profile',
  method: 'GET',
  route: 'me',
  access: {
    self: true,
    reason: 'who the caller is in this organisation and what they may do, for the SPA to shape itself',
  },
  response: profileView,
  handler: async ({ principal }) => ({
    status: 200,
    body: {
      memberId: principal.memberId,
      organization: { id: principal.tenantId },
      kind: principal.kind,
      sessionId: principal.sessionId ?? null,
      permissions: principal.permissions,
      restrictions: principal.restrictions ?? {},
    },
  }),
});
