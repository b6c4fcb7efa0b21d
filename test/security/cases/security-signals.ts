import { defaultThresholds } from '../../../shared/security-signals/thresholds';
import type { RouteCase } from '../route-case';

const wholeOrganisation = { unaffected: 'signals and their thresholds are the organisation’s, not a facility’s' };

/** Fraud signals admins review, and the thresholds that raise them. */
export const securitySignalCases: Record<string, RouteCase> = {
  'admin-security-signals-list': {
    request: () => ({ query: { kind: 'rapid-actions' } }),
    restricted: wholeOrganisation,
  },
  'admin-security-signals-settings': { request: () => ({}), restricted: wholeOrganisation },
  'admin-security-signals-settings-change': {
    request: () => ({
      body: { ...defaultThresholds, notFoundProbing: { windowMinutes: 15, limit: 25 } },
    }),
    restricted: wholeOrganisation,
  },
};
