param location string
param tags object
param name string
param databaseName string
param identityPrincipalId string
@description('Public addresses (IPv4 or CIDR) allowed in besides the private endpoint, e.g. to register operators; empty: none')
param adminAddresses array
param privateEndpointSubnetId string
param dnsZoneId string
param workspaceId string

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: name
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    consistencyPolicy: { defaultConsistencyLevel: 'Session' }
    locations: [{ locationName: location, failoverPriority: 0, isZoneRedundant: true }]
    // Keys are off: the app authenticates with its managed identity only, and nobody can change
    // databases, containers or throughput through the data plane (only through ARM, audited).
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    // Reachable through the private endpoint below; from outside only from adminAddresses, if any.
    publicNetworkAccess: empty(adminAddresses) ? 'Disabled' : 'Enabled'
    ipRules: [for address in adminAddresses: { ipAddressOrRange: address }]
    isVirtualNetworkFilterEnabled: false
    networkAclBypass: 'None'
    minimalTlsVersion: 'Tls12'
    backupPolicy: { type: 'Continuous', continuousModeProperties: { tier: 'Continuous30Days' } }
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  properties: { resource: { id: databaseName } }
}

// Containers match shared/platform/data/containers.ts. One organisation's business documents
// share the /tenantId logical partition so one operation commits as one transactional batch.
// That caps an organisation at 20 GB and 10,000 RU/s; past it the plan is hierarchical
// partition keys (/tenantId, then a time bucket such as fiscal year).
var containers = [
  { name: 'tenant-data', partitionKey: '/tenantId', defaultTtl: null }
  { name: 'platform', partitionKey: '/id', defaultTtl: -1 }
]

resource container 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = [for c in containers: {
  parent: database
  name: c.name
  properties: {
    resource: {
      id: c.name
      partitionKey: { paths: [c.partitionKey], kind: 'Hash', version: 2 }
      // -1: documents with a `ttl` (rate-limit windows) expire; others never do.
      defaultTtl: c.defaultTtl
      indexingPolicy: { indexingMode: 'consistent', automatic: true, includedPaths: [{ path: '/*' }], excludedPaths: [{ path: '/"_etag"/?' }] }
    }
    options: { autoscaleSettings: { maxThroughput: 4000 } }
  }
}]

var dataContributor = '00000000-0000-0000-0000-000000000002'

// The identity may read and write documents of this database only, not of the whole account.
resource dataAccess 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: account
  name: guid(account.id, identityPrincipalId, dataContributor, databaseName)
  properties: {
    principalId: identityPrincipalId
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributor}'
    scope: '${account.id}/dbs/${databaseName}'
  }
  dependsOn: [database]
}

module privateEndpoint 'private-endpoint.bicep' = {
  name: 'pe-cosmos'
  params: {
    location: location
    tags: tags
    name: 'pe-${name}'
    subnetId: privateEndpointSubnetId
    serviceId: account.id
    groupId: 'Sql'
    dnsZoneId: dnsZoneId
  }
}

// Resource-specific tables (CDBDataPlaneRequests, ...): who read and wrote what, at what cost.
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: account
  properties: {
    workspaceId: workspaceId
    logAnalyticsDestinationType: 'Dedicated'
    logs: [
      { category: 'DataPlaneRequests', enabled: true }
      { category: 'QueryRuntimeStatistics', enabled: true }
      { category: 'PartitionKeyStatistics', enabled: true }
      { category: 'PartitionKeyRUConsumption', enabled: true }
      { category: 'ControlPlaneRequests', enabled: true }
    ]
    metrics: [{ category: 'Requests', enabled: true }]
  }
}

output endpoint string = account.properties.documentEndpoint
