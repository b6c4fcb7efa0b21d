/**
 * `npm start`: the whole platform on this machine with nothing to install by hand: Azurite,
 * the Cosmos DB emulator, a local OpenID Connect provider, the Postmark and Anthropic stand-ins, the local
 * function host running the real app on http://localhost:7071/api and a demo SPA page on
 * http://localhost:5173. Each port moves with its LEDGERLINE_*_PORT variable. Ctrl-C stops everything.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CosmosClient } from '@azure/cosmos';
import { startAzurite, type AzuriteEmulator } from './emulators/azurite';
import { startCosmosEmulator, type CosmosEmulator } from './emulators/cosmos';
import { isPortTaken } from './emulators/free-port';
import { localCertificate } from './emulators/local-certificate';
import { startOidcProvider, type OidcProvider } from './emulators/oidc';
import { startLocalHost, type LocalHost } from './host';
import { acquireInstanceLock } from './instance-lock';
import { projectRoot, rerunTrusting } from './rerun-trusting';
import { portsFrom, portVariable, type PortName, type Ports } from './ports';
import { provisionCosmos, provisionStorage } from './provision';
import { demoDirectory, demoOrganizations, seedDemo } from './seed-demo';
import { serveDemoSpa, type DemoSpa, type SignInExample } from './spa/serve';
import { startAnthropicStandIn, type AnthropicStandIn } from './stand-ins/anthropic/server';
import { startPostmarkStandIn, type PostmarkStandIn } from './stand-ins/postmark/server';
import { parseBasicCredentials } from '../shared/platform/config/secrets';
import { keptDevelopmentSecrets } from './dev-secrets';
import { containers } from '../shared/platform/data/containers';

/** One button per demo member on the demo page, with the provider their organisation takes from them. */
function demoSignIns(): SignInExample[] {
  const directory = new Map(demoDirectory().map((user) => [user.email, user]));
  return demoOrganizations.flatMap((org) =>
    org.members.map((member) => ({
      label: `${member.displayName} (${org.name})`,
      provider: directory.get(member.email)?.entra ? ('entra' as const) : ('google' as const),
      organization: org.slug,
      loginHint: member.email,
    })),
  );
}

async function main(): Promise<void> {
  const root = projectRoot();
  let ports: Ports;
  try {
    ports = portsFrom(process.env);
  } catch (error) {
    console.error(`Cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  // The SPA the API answers: the demo page unless SPA_URL names another one (your own dev server).
  const ownSpa = process.env.SPA_URL;
  const spaUrl = ownSpa || `http://localhost:${ports.spa}`;
  const dataDir = join(root, '.local-data');
  const certificate = await localCertificate(join(dataDir, 'tls'));
  if (process.env.LEDGERLINE_LOCAL_TLS_TRUSTED !== '1') {
    rerunTrusting(certificate);
    return;
  }
  const lock = acquireInstanceLock(join(dataDir, 'ledgerline.lock'));
  if (!lock.acquired) {
    console.error(
      `Ledgerline is already running (pid ${lock.holderPid}). Stop it with Ctrl-C in its terminal, or: kill ${lock.holderPid}`,
    );
    process.exit(1);
  }
  const taken = [];
  for (const [name, port] of Object.entries(ports) as [PortName, number][]) {
    if (name === 'spa' && ownSpa) continue;
    if (await isPortTaken(port)) taken.push(`${name} port ${port} (${portVariable(name)})`);
  }
  if (taken.length > 0) {
    lock.release();
    console.error(
      `Cannot start: ${taken.join(', ')} already in use by another program. Free ${taken.length === 1 ? 'it' : 'them'} or move Ledgerline with the variable, and try again.`,
    );
    process.exit(1);
  }

  let cosmos: CosmosEmulator | undefined;
  let azurite: AzuriteEmulator | undefined;
  let oidc: OidcProvider | undefined;
  let postmark: PostmarkStandIn | undefined;
  let anthropic: AnthropicStandIn | undefined;
  let host: LocalHost | undefined;
  let spa: DemoSpa | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping Ledgerline...');
    await host?.stop().catch(() => undefined);
    await Promise.all(
      [spa?.stop(), cosmos?.stop(), azurite?.stop(), oidc?.stop(), postmark?.stop(), anthropic?.stop()].map((p) =>
        p ? p.catch(() => undefined) : Promise.resolve(),
      ),
    );
    lock.release();
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));

  try {
    console.log('Starting emulators...');
    // The app gets the same development secrets (as settings, below): the stand-in expects its
    // server token and reports bounces to the app's webhook with its credentials.
    const devSecrets = keptDevelopmentSecrets(process.env, join(dataDir, 'dev-secrets.json'));
    const webhook = parseBasicCredentials(devSecrets.POSTMARK_WEBHOOK_CREDENTIALS);
    [cosmos, azurite, oidc, postmark, anthropic] = await Promise.all([
      startCosmosEmulator({ port: ports.cosmos }),
      startAzurite({
        location: join(dataDir, 'azurite'),
        blobPort: ports.blob,
        queuePort: ports.queue,
        tablePort: ports.table,
      }),
      startOidcProvider({ port: ports.oidc, host: 'localhost', users: demoDirectory(), tls: certificate }),
      startPostmarkStandIn({
        port: ports.postmark,
        host: 'localhost',
        serverToken: devSecrets.POSTMARK_SERVER_TOKEN,
        bounceWebhook: { url: `http://localhost:${ports.api}/api/webhooks/postmark`, ...webhook },
      }),
      // Answers tax-code suggestions from the item's words, so the demo works without a key.
      startAnthropicStandIn({
        port: ports.anthropic,
        host: 'localhost',
        apiKey: devSecrets.ANTHROPIC_API_KEY,
      }),
    ]);

    Object.assign(process.env, {
      LEDGERLINE_ENV: 'development',
      COSMOS_ENDPOINT: cosmos.endpoint,
      COSMOS_KEY: cosmos.key,
      COSMOS_DATABASE: process.env.COSMOS_DATABASE || 'ledgerline',
      AzureWebJobsStorage: azurite.connectionString,
      ...devSecrets,
      PUBLIC_API_URL: `http://localhost:${ports.api}`,
      POSTMARK_API_URL: postmark.url,
      ANTHROPIC_API_URL: anthropic.url,
      SPA_URL: spaUrl,
      // The local provider stands in for Google Workspace and Microsoft Entra ID: the same
      // code paths (OpenID Connect, MSAL) against a local directory.
      GOOGLE_CLIENT_ID: 'ledgerline-local',
      GOOGLE_ISSUER: oidc.issuerUrl,
      ENTRA_CLIENT_ID: 'ledgerline-local',
      // The local provider accepts any client secret; the app still needs one, as in Azure.
      ENTRA_CLIENT_SECRET: process.env.ENTRA_CLIENT_SECRET || randomBytes(24).toString('base64url'),
      ENTRA_AUTHORITY: oidc.issuerUrl,
    });

    const database = await provisionCosmos(
      new CosmosClient({ endpoint: cosmos.endpoint, key: cosmos.key }),
      process.env.COSMOS_DATABASE!,
    );
    await provisionStorage(azurite.connectionString);
    const seeded = await seedDemo(
      database.container(containers.tenantData.name),
      database.container(containers.platform.name),
    );

    // The site's CORS, as infra/modules/function-app.bicep sets it from the same SPA URL.
    host = await startLocalHost({
      appRoot: root,
      port: ports.api,
      host: 'localhost',
      cors: { allowedOrigins: [spaUrl], supportCredentials: true },
    });
    if (!ownSpa)
      spa = await serveDemoSpa({
        folder: join(root, 'local/spa'),
        apiUrl: host.url,
        port: ports.spa,
        host: 'localhost',
        examples: demoSignIns(),
      });
    printBanner({
      host,
      cosmos,
      oidc,
      postmark,
      anthropic,
      ports,
      spaUrl,
      demoPage: spa !== undefined,
      seeded: seeded.length,
    });
  } catch (error) {
    console.error(`Ledgerline failed to start: ${error instanceof Error ? error.message : String(error)}`);
    await stop(1);
  }
}

interface Running {
  readonly host: LocalHost;
  readonly cosmos: CosmosEmulator;
  readonly oidc: OidcProvider;
  readonly postmark: PostmarkStandIn;
  readonly anthropic: AnthropicStandIn;
  readonly ports: Ports;
  readonly spaUrl: string;
  readonly demoPage: boolean;
  readonly seeded: number;
}

function printBanner({ host, cosmos, oidc, postmark, anthropic, ports, spaUrl, demoPage, seeded }: Running): void {
  const lines = [
    '',
    'Ledgerline is running locally.',
    '',
    `  API                 ${host.url}/api   (${host.registry.functions.size} function${host.registry.functions.size === 1 ? '' : 's'})`,
    `  Health              ${host.url}/api/health`,
    `  SPA                 ${spaUrl}   (${demoPage ? 'a demo page: sign in here in a browser' : 'yours (SPA_URL); no demo page'})`,
    `  Run a timer/queue   POST ${host.url}/admin/functions/{name}`,
    `  Cosmos DB emulator  ${cosmos.endpoint}   (in memory: the demo is seeded again on every start)`,
    `  Azurite             blobs http://127.0.0.1:${ports.blob}, queues http://127.0.0.1:${ports.queue}   (data in .local-data/azurite)`,
    `  Sign-in provider    ${oidc.issuerUrl}   (local OpenID Connect standing in for Google Workspace and Entra ID)`,
    `  Sent emails         ${postmark.url}   (local Postmark stand-in: every email the demo sends, like MailHog)`,
    `  Tax suggestions     ${anthropic.url}   (local Anthropic stand-in: POST /v1/messages; GET /_standin/requests shows what left)`,
    '',
    `  Demo organisations${seeded ? '' : ' (already present)'}:`,
    ...demoOrganizations.flatMap((org) => [
      `    ${org.name} (${org.slug})`,
      ...org.members.map((m) => `      ${m.email.padEnd(26)} ${m.displayName}`),
    ]),
    '',
    `  Sign in (${demoPage ? `the demo page at ${spaUrl}, ` : ''}a browser, or curl as in the README):`,
    `    ${host.url}/api/auth/login?provider=google&organization=northwind&login_hint=ada@northwind.example`,
    `    ${host.url}/api/auth/login?provider=entra&organization=contoso&login_hint=dee@contoso.example`,
    '',
    '  Press Ctrl-C to stop.',
    '',
  ];
  console.log(lines.join('\n'));
}

void main();
