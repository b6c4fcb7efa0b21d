/** What the app reports to Application Insights; every call is a no-op when it is not configured. */
export interface RequestTelemetry {
  readonly name: string;
  readonly url: string;
  readonly status: number;
  readonly durationMs: number;
  readonly requestId: string;
  readonly tenantId?: string;
}

export interface Telemetry {
  trackRequest(request: RequestTelemetry): void;
  trackException(error: unknown, properties?: Readonly<Record<string, string>>): void;
  trackEvent(name: string, properties?: Readonly<Record<string, string>>): void;
  flush(): Promise<void>;
}

export const noTelemetry: Telemetry = {
  trackRequest: () => undefined,
  trackException: () => undefined,
  trackEvent: () => undefined,
  flush: async () => undefined,
};
