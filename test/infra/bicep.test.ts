import { describe, expect, it } from 'vitest';
import { bicepFiles, moduleCalls, resources } from './bicep-text';

const files = bicepFiles();
const all = resources(files);
const text = (path: string) => files.find((file) => file.path === path)!.text;
const ofType = (type: string) => all.filter((resource) => resource.type === type);
const one = (type: string) => {
  const found = ofType(type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};

/** How each kind of resource that could hold keys or allow local auth is kept from doing so. */
const keyless: Record<string, RegExp[]> = {
  'Microsoft.Storage/storageAccounts': [/allowSharedKeyAccess: false/, /defaultToOAuthAuthentication: true/],
  'Microsoft.DocumentDB/databaseAccounts': [/disableLocalAuth: true/, /disableKeyBasedMetadataWriteAccess: true/],
  'Microsoft.KeyVault/vaults': [/enableRbacAuthorization: true/],
  'Microsoft.Insights/components': [/DisableLocalAuth: true/],
  'Microsoft.OperationalInsights/workspaces': [/features: \{ disableLocalAuth: true \}/],
  'Microsoft.Web/sites': [/ftpsState: 'Disabled'/],
  'Microsoft.Web/sites/basicPublishingCredentialsPolicies': [/allow: false/],
};

/** Kinds with no keys or local sign-in of their own. A new kind must be put in one of the two lists. */
const nothingToDisable = new Set([
  'Microsoft.Resources/resourceGroups',
  'Microsoft.ManagedIdentity/userAssignedIdentities',
  'Microsoft.Authorization/roleAssignments',
  'Microsoft.DocumentDB/databaseAccounts/sqlDatabases',
  'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers',
  'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments',
  'Microsoft.Storage/storageAccounts/blobServices',
  'Microsoft.Storage/storageAccounts/blobServices/containers',
  'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies',
  'Microsoft.Storage/storageAccounts/queueServices',
  'Microsoft.Storage/storageAccounts/queueServices/queues',
  'Microsoft.Web/serverfarms',
  'Microsoft.Network/virtualNetworks',
  'Microsoft.Network/privateEndpoints',
  'Microsoft.Network/privateEndpoints/privateDnsZoneGroups',
  'Microsoft.Network/privateDnsZones',
  'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
  'Microsoft.Network/FrontDoorWebApplicationFirewallPolicies',
  'Microsoft.Cdn/profiles',
  'Microsoft.Cdn/profiles/afdEndpoints',
  'Microsoft.Cdn/profiles/originGroups',
  'Microsoft.Cdn/profiles/originGroups/origins',
  'Microsoft.Cdn/profiles/afdEndpoints/routes',
  'Microsoft.Cdn/profiles/securityPolicies',
  'Microsoft.Insights/diagnosticSettings',
  'Microsoft.Insights/actionGroups',
  'Microsoft.Insights/scheduledQueryRules',
  'Microsoft.Security/pricings',
]);

describe('Bicep: private data plane', () => {
  it('every data service is behind a private endpoint and refuses public traffic', () => {
    const endpoints = moduleCalls(files).filter((call) => call.target === 'modules/private-endpoint.bicep');
    const exposed = (file: string, symbol: string) =>
      endpoints.filter((e) => e.file === file && e.body.includes(`serviceId: ${symbol}.id`)).map((e) => /groupId: '(\w+)'/.exec(e.body)?.[1]);
    const storage = one('Microsoft.Storage/storageAccounts');
    expect(storage.body).toMatch(/publicNetworkAccess: 'Disabled'/);
    expect(storage.body).toMatch(/networkAcls: \{ defaultAction: 'Deny', bypass: 'None' \}/);
    expect(exposed(storage.file, storage.symbol).sort()).toEqual(['blob', 'queue']);
    for (const [type, group] of [
      ['Microsoft.DocumentDB/databaseAccounts', 'Sql'],
      ['Microsoft.KeyVault/vaults', 'vault'],
    ] as const) {
      const service = one(type);
      // Public access only for the addresses an operator lists (to create secrets), none by default.
      expect(service.body, type).toMatch(/publicNetworkAccess: empty\(adminAddresses\) \? 'Disabled' : 'Enabled'/);
      expect(service.body, type).toMatch(/(networkAclBypass|bypass): 'None'/);
      expect(exposed(service.file, service.symbol), type).toEqual([group]);
    }
    expect(one('Microsoft.KeyVault/vaults').body).toMatch(/defaultAction: 'Deny'/);
    expect(text('main.bicep')).toMatch(/^param adminAddresses array = \[\]$/m);
  });

  it('the function app reaches them from inside the network', () => {
    const site = one('Microsoft.Web/sites');
    expect(site.body).toMatch(/virtualNetworkSubnetId: subnetId/);
    expect(site.body).toMatch(/vnetRouteAllEnabled: true/);
    expect(text('modules/network.bicep')).toMatch(/serviceName: 'Microsoft.App\/environments'/);
    expect(text('modules/function-app.bicep')).toMatch(/sku: \{ tier: 'FlexConsumption', name: 'FC1' \}/);
  });

  it('no resource enables keys or local auth, and every kind of resource is accounted for', () => {
    for (const resource of all) {
      const checks = keyless[resource.type];
      if (!checks) expect(nothingToDisable, `${resource.type} in ${resource.file}`).toContain(resource.type);
      for (const check of checks ?? []) expect(resource.body, `${resource.symbol} in ${resource.file}`).toMatch(check);
    }
    const policies = ofType('Microsoft.Web/sites/basicPublishingCredentialsPolicies').map((p) => /name: '(\w+)'/.exec(p.body)?.[1]);
    expect(policies.sort()).toEqual(['ftp', 'scm']);
    for (const file of files) expect(file.text, file.path).not.toMatch(/listKeys\(|primaryKey|AccountKey=|connectionStrings/);
  });

  it('the Cosmos DB data role covers the database, not the account', () => {
    const role = one('Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments');
    expect(role.body).toMatch(/scope: '\$\{account\.id\}\/dbs\/\$\{databaseName\}'/);
  });

  it('storage is geo-redundant with blob versioning', () => {
    const geo = ['Standard_GZRS', 'Standard_RAGZRS', 'Standard_GRS', 'Standard_RAGRS'];
    for (const path of ['main.bicep', 'modules/storage.bicep']) {
      const allowed = /@allowed\(\[([^\]]+)\]\)\nparam (storageSku|sku) string/.exec(text(path));
      expect(allowed, path).not.toBeNull();
      expect(allowed![1]!.split(',').map((s) => s.trim().replace(/'/g, '')).filter((s) => !geo.includes(s)), path).toEqual([]);
    }
    expect(text('main.bicep')).toMatch(/^param storageSku string = 'Standard_GZRS'$/m);
    expect(one('Microsoft.Storage/storageAccounts').body).toMatch(/sku: \{ name: sku \}/);
    expect(one('Microsoft.Storage/storageAccounts/blobServices').body).toMatch(/isVersioningEnabled: true/);
  });
});

describe('Bicep: edge', () => {
  it('the app accepts only our Front Door: its service tag with our profile id, everything else denied', () => {
    const site = one('Microsoft.Web/sites');
    expect(site.body).toMatch(/httpsOnly: true/);
    expect(site.body).toMatch(/ipSecurityRestrictionsDefaultAction: 'Deny'/);
    const rules = /ipSecurityRestrictions: \[([\s\S]*?)\n {6}\]/.exec(site.body)![1]!;
    expect(rules.match(/action: '/g)).toHaveLength(1);
    expect(rules).toMatch(/action: 'Allow'/);
    expect(rules).toMatch(/tag: 'ServiceTag'/);
    expect(rules).toMatch(/ipAddress: 'AzureFrontDoor\.Backend'/);
    expect(rules).toMatch(/headers: \{ 'x-azure-fdid': \[frontDoorId\] \}/);
    const wiring = text('resources.bicep');
    expect(wiring).toMatch(/frontDoorId: frontDoor\.outputs\.frontDoorId/);
    expect(wiring).toMatch(/FRONT_DOOR_ID: frontDoor\.outputs\.frontDoorId/);
    expect(wiring).toMatch(/PUBLIC_API_URL: publicApiUrl/);
    expect(text('modules/front-door.bicep')).toMatch(/output frontDoorId string = profile\.properties\.frontDoorId/);
  });

  it('Front Door Premium serves HTTPS only behind a WAF in prevention mode with the default and bot rule sets', () => {
    const waf = one('Microsoft.Network/FrontDoorWebApplicationFirewallPolicies');
    expect(waf.body).toMatch(/sku: \{ name: 'Premium_AzureFrontDoor' \}/);
    expect(waf.body).toMatch(/mode: 'Prevention'/);
    expect(waf.body).toMatch(/ruleSetType: 'Microsoft_DefaultRuleSet', ruleSetVersion: '2\.1', ruleSetAction: 'Block'/);
    expect(waf.body).toMatch(/ruleSetType: 'Microsoft_BotManagerRuleSet'/);
    expect(one('Microsoft.Cdn/profiles').body).toMatch(/sku: \{ name: 'Premium_AzureFrontDoor' \}/);
    const route = one('Microsoft.Cdn/profiles/afdEndpoints/routes');
    expect(route.body).toMatch(/supportedProtocols: \['Https'\]/);
    expect(route.body).toMatch(/forwardingProtocol: 'HttpsOnly'/);
    const policy = one('Microsoft.Cdn/profiles/securityPolicies');
    expect(policy.body).toMatch(/wafPolicy: \{ id: waf\.id \}/);
    expect(policy.body).toMatch(/domains: \[\{ id: endpoint\.id \}\]/);
  });
});

describe('Bicep: financial documents', () => {
  it('keep every blob version write-once in a container with version-level immutability', () => {
    const storage = text('modules/storage.bicep');
    expect(storage).toMatch(
      /name: 'financial-documents'\n {2}properties: \{\n {4}publicAccess: 'None'\n {4}immutableStorageWithVersioning: \{ enabled: true \}/,
    );
    expect(storage).toMatch(/parent: financialDocuments\n {2}name: 'default'\n {2}properties: \{\n {4}immutabilityPeriodSinceCreationInDays: 2555/);
    expect(storage).toMatch(/isVersioningEnabled: true/);
  });
});
