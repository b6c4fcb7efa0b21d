param location string
param tags object
param name string
param databaseName string
param identityPrincipalId string

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: name
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    consistencyPolicy: { defaultConsistencyLevel: 'Session' }
    locations: [{ locationName: location, failoverPriority: 0, isZoneRedundant: true }]
    // Keys are off: the app authenticates with its managed identity only.
    disableLocalAuth: true
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

resource dataAccess 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: account
  name: guid(account.id, identityPrincipalId, dataContributor)
  properties: {
    principalId: identityPrincipalId
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributor}'
    scope: account.id
  }
}

output endpoint string = account.properties.documentEndpoint
