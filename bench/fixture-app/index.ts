/**
 * The real app plus one Cosmos-backed point-read route, so the benchmark measures both through
 * the local host. The shared rate limiter is left out here: its counter is one more Cosmos
 * round trip per request that the bare server does not make, and would blur the host's share.
 */
import '../../functions/index';
import './point-read';
import { loadSettings } from '../../shared/platform/config/load-settings';
import { provideServices } from '../../shared/platform/services';
import { createServices } from '../../shared/platform/services-factory';

const settings = loadSettings();
provideServices(() => createServices(settings, { rateLimiter: undefined }));
