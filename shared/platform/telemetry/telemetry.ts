/**
 * What the app reports to Application Insights; every call is a no-op when it is not configured.
 * Requests are not here: the Functions host records one per invocation (see app-insights.ts).
 */
export interface Telemetry {
  trackException(error: unknown, properties?: Readonly<Record<string, string>>): void;
  trackEvent(name: string, properties?: Readonly<Record<string, string>>): void;
  flush(): Promise<void>;
}

export const noTelemetry: Telemetry = {
  trackException: () => undefined,
  trackEvent: () => undefined,
  flush: async () => undefined,
};
