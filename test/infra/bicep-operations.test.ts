import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alertedEvents } from '../../shared/platform/telemetry/alerted-events';
import { bicepFiles, infraRoot, moduleCalls, objectKeys, outputs, parameters, resources } from './bicep-text';

const files = bicepFiles();
const all = resources(files);
const text = (path: string) => files.find((file) => file.path === path)!.text;
const one = (type: string) => {
  const found = all.filter((resource) => resource.type === type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};

/** Events named by an alert before the code that emits them exists; infra/README.md says so. */
const awaitedEvents: Record<string, string> = {};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('Bicep: diagnostics and alerts', () => {
  it('Key Vault audit events, Cosmos DB data-plane requests, Storage and the function app log to the workspace', () => {
    const settings = all.filter((r) => r.type === 'Microsoft.Insights/diagnosticSettings');
    const expected: Array<[string, string, string[]]> = [
      ['modules/key-vault.bicep', 'vault', ['AuditEvent']],
      ['modules/cosmos.bicep', 'account', ['DataPlaneRequests']],
      ['modules/storage.bicep', 'blobService', ['StorageRead', 'StorageWrite', 'StorageDelete']],
      ['modules/storage.bicep', 'queueService', ['StorageRead', 'StorageWrite', 'StorageDelete']],
      ['modules/function-app.bicep', 'site', ['FunctionAppLogs']],
      ['modules/front-door.bicep', 'profile', ['FrontDoorAccessLog', 'FrontDoorWebApplicationFirewallLog']],
    ];
    for (const [file, scope, categories] of expected) {
      const body = settings.find((s) => s.file === file && s.body.includes(`scope: ${scope}\n`))?.body ?? '';
      expect(body, `${scope} in ${file}`).toMatch(/workspaceId: workspaceId/);
      for (const category of categories) expect(body, `${scope} in ${file}`).toContain(`category: '${category}', enabled: true`);
    }
  });

  it('every alert the product promises exists, goes to the action group, and reaches the email parameter', () => {
    const alerts = text('modules/alerts.bicep');
    const names = [...alerts.matchAll(/^ {4}name: '([\w-]+)'$/gm)].map((m) => m[1]);
    expect(names.sort()).toEqual(
      [
        'exceptions',
        'server-errors',
        'failed-sign-ins',
        'refused-credentials',
        'rate-limit-rejections',
        'poison-queue-messages',
        'integrity-breaks',
      ].sort(),
    );
    const rule = one('Microsoft.Insights/scheduledQueryRules');
    expect(rule.body).toMatch(/scopes: \[insightsId\]/);
    expect(rule.body).toMatch(/actions: \{ actionGroups: \[actionGroup\.id\] \}/);
    expect(one('Microsoft.Insights/actionGroups').body).toMatch(/emailAddress: alertEmail/);
    expect(text('main.bicep')).toMatch(/^param alertEmail string$/m);
    expect(alerts).toMatch(/query: 'requests \| summarize total = count\(\), failed = countif\(toint\(resultCode\) >= 500\)/);
    expect(alerts).toMatch(/query: 'traces \| where message startswith "Message has reached MaxDequeueCount"'/);
  });

  it('each custom event an alert watches is one the app emits, or one a later issue will, as the README says', () => {
    const watched = [...text('modules/alerts.bicep').matchAll(/customEvents \| where name == "(\w+)"/g)].map((m) => m[1]!);
    const emitted = Object.values(alertedEvents) as string[];
    expect(watched.filter((name) => !emitted.includes(name) && !(name in awaitedEvents))).toEqual([]);
    expect(emitted.filter((name) => !watched.includes(name))).toEqual([]);
    const source = ['shared', 'functions'].flatMap((dir) => sourceFiles(resolve(infraRoot, '..', dir))).map((f) => readFileSync(f, 'utf8'));
    for (const key of Object.keys(alertedEvents))
      expect(source.some((s) => s.includes(`trackEvent(alertedEvents.${key}`)), key).toBe(true);
    const readme = readFileSync(resolve(infraRoot, 'README.md'), 'utf8');
    for (const name of Object.keys(awaitedEvents)) expect(readme).toContain(`\`${name}\``);
  });

  it('the Defender module declares the plans at subscription scope, and main deploys it on request', () => {
    const defender = text('modules/defender.bicep');
    expect(defender).toMatch(/^targetScope = 'subscription'$/m);
    for (const plan of ['AppServices', 'StorageAccounts', 'KeyVaults', 'CosmosDbs', 'CloudPosture'])
      expect(defender).toContain(`{ name: '${plan}'`);
    expect(one('Microsoft.Security/pricings').body).toMatch(/pricingTier: 'Standard'/);
    expect(text('main.bicep')).toMatch(/module defender 'modules\/defender\.bicep' = if \(enableDefender\)/);
  });
});

describe('Bicep: consistency', () => {
  it('every module call passes exactly the parameters the module declares, and uses outputs it has', () => {
    for (const call of moduleCalls(files)) {
      const target = files.find((file) => file.path === call.target);
      expect(target, `${call.target} from ${call.file}`).toBeDefined();
      const declared = parameters(target!);
      const passed = objectKeys(call.body, 'params');
      expect(passed.filter((name) => !declared.has(name)), `unknown params to ${call.target}`).toEqual([]);
      const missing = [...declared].filter(([name, p]) => p.required && !passed.includes(name)).map(([name]) => name);
      expect(missing, `missing params to ${call.target} from ${call.file}`).toEqual([]);
      const caller = text(call.file);
      for (const used of caller.matchAll(new RegExp(`\\b${call.symbol}\\.outputs\\.(\\w+)`, 'g')))
        expect(outputs(target!), `${call.symbol}.outputs.${used[1]} in ${call.file}`).toContain(used[1]);
    }
  });

  it('azd supplies every required main parameter, and nothing main does not declare', () => {
    const supplied = Object.keys(
      (JSON.parse(readFileSync(resolve(infraRoot, 'main.parameters.json'), 'utf8')) as { parameters: object }).parameters,
    );
    const declared = parameters({ path: 'main.bicep', text: text('main.bicep') });
    expect(supplied.filter((name) => !declared.has(name))).toEqual([]);
    expect([...declared].filter(([name, p]) => p.required && !supplied.includes(name))).toEqual([]);
  });

  it('role assignments work when a service principal deploys: the deployer principal type is a parameter', () => {
    expect(text('main.bicep')).toMatch(/^param principalType string = 'User'$/m);
    for (const assignment of all.filter((r) => r.type === 'Microsoft.Authorization/roleAssignments')) {
      const type = /principalType: (\S+)/.exec(assignment.body)?.[1];
      // The app's own identity is a service principal; anyone else's type comes from the parameter.
      const forApp = /principalId: identityPrincipalId/.test(assignment.body);
      expect(type, `${assignment.symbol} in ${assignment.file}`).toBe(forApp ? "'ServicePrincipal'" : 'operatorPrincipalType');
    }
  });

  it('one API version per resource type across the templates', () => {
    const versions = new Map<string, Set<string>>();
    for (const r of all) versions.set(r.type, (versions.get(r.type) ?? new Set()).add(r.apiVersion));
    expect([...versions].filter(([, v]) => v.size > 1)).toEqual([]);
  });
});
