import { inject } from 'vitest';

export function oidcIssuerUrl(): string {
  return inject('oidcIssuerUrl');
}
