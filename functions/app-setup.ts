/**
 * Loaded first by the entry file: validates settings at import (an error here stops the app
 * with a message naming the bad setting) and wires services, whose creation loads and checks
 * the secrets before the first request.
 */
import { app } from '@azure/functions';
import { loadSettings } from '../shared/platform/config/load-settings';
import { getServices, provideServices } from '../shared/platform/services';
import { createServices } from './app-services';

/** The validated settings; registrations read queue names from them. */
export const settings = loadSettings();
provideServices(() => createServices(settings));

app.hook.appStart(async () => {
  await getServices();
});

// Telemetry leaves in batches: send what is buffered before the worker ends (scale-in, redeploy).
app.hook.appTerminate(async () => {
  await (await getServices()).telemetry.flush();
});
