/** The Cosmos emulator in its own process, so the load generator does not share its event loop. */
import { startCosmosEmulator } from '../local/emulators/cosmos';

void startCosmosEmulator({ port: Number(process.env.PORT) }).then((emulator) => {
  console.log(JSON.stringify({ endpoint: emulator.endpoint, key: emulator.key }));
});
