/** The Cosmos emulator in its own process, so the load generator does not share its event loop; LATENCY_MS delays every call. */
import { startCosmosEmulator } from '../local/emulators/cosmos';

void startCosmosEmulator({ port: Number(process.env.PORT), latencyMs: Number(process.env.LATENCY_MS ?? 0) }).then(
  (emulator) => {
    console.log(JSON.stringify({ endpoint: emulator.endpoint, key: emulator.key }));
  },
);
