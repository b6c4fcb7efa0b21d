param location string
param tags object
param name string
param identityPrincipalId string
@description('Geo-redundant only: the product promises a copy in the paired region')
@allowed(['Standard_GZRS', 'Standard_RAGZRS', 'Standard_GRS', 'Standard_RAGRS'])
param sku string
param privateEndpointSubnetId string
param blobDnsZoneId string
param queueDnsZoneId string
param workspaceId string

// Queue names match shared/platform/queues/queue-names.ts; each has a -poison twin.
var queues = ['payment-runs', 'emails', 'tax-classification', 'period-reports', 'period-closes', 'data-exports', 'posting-reviews', 'statement-runs', 'integrity-checks', 'dimension-migrations']
var blobContainers = ['documents', 'exports', 'deploymentpackage']

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: sku }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    // Identity-based access only: no account keys or SAS for anyone.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    // Reachable only through the private endpoints below, from the function app's network.
    publicNetworkAccess: 'Disabled'
    networkAcls: { defaultAction: 'Deny', bypass: 'None' }
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource queue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for q in concat(queues, map(queues, q => '${q}-poison')): {
  parent: queueService
  name: q
}]

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    // Every overwrite keeps the previous version; deletes are recoverable for 30 days.
    isVersioningEnabled: true
    deleteRetentionPolicy: { enabled: true, days: 30 }
    containerDeleteRetentionPolicy: { enabled: true, days: 30 }
  }
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for c in blobContainers: {
  parent: blobService
  name: c
  properties: { publicAccess: 'None' }
}]

module blobEndpoint 'private-endpoint.bicep' = {
  name: 'pe-blob'
  params: {
    location: location
    tags: tags
    name: 'pe-${name}-blob'
    subnetId: privateEndpointSubnetId
    serviceId: account.id
    groupId: 'blob'
    dnsZoneId: blobDnsZoneId
  }
}

module queueEndpoint 'private-endpoint.bicep' = {
  name: 'pe-queue'
  params: {
    location: location
    tags: tags
    name: 'pe-${name}-queue'
    subnetId: privateEndpointSubnetId
    serviceId: account.id
    groupId: 'queue'
    dnsZoneId: queueDnsZoneId
  }
}

// Who read, wrote and deleted what, for blobs (documents, exports) and queues alike.
resource blobDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: blobService
  properties: {
    workspaceId: workspaceId
    logs: [
      { category: 'StorageRead', enabled: true }
      { category: 'StorageWrite', enabled: true }
      { category: 'StorageDelete', enabled: true }
    ]
    metrics: [{ category: 'Transaction', enabled: true }]
  }
}

resource queueDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: queueService
  properties: {
    workspaceId: workspaceId
    logs: [
      { category: 'StorageRead', enabled: true }
      { category: 'StorageWrite', enabled: true }
      { category: 'StorageDelete', enabled: true }
    ]
    metrics: [{ category: 'Transaction', enabled: true }]
  }
}

// Generated and uploaded financial documents (shared/platform/storage/blob-containers.ts): every
// blob version is write-once for seven years, so not even a storage administrator can change or
// delete one (this needs the versioning turned on above). The app already never overwrites (it
// commits with If-None-Match: *).
resource financialDocuments 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: 'financial-documents'
  properties: {
    publicAccess: 'None'
    immutableStorageWithVersioning: { enabled: true }
  }
}

resource financialDocumentsRetention 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2023-05-01' = {
  parent: financialDocuments
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: 2555
    allowProtectedAppendWrites: false
  }
}

var roles = {
  blobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  queueMessageProcessor: '8a0f0c08-91a1-4084-bc3d-661d67233fed'
  queueMessageSender: 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a'
}

resource assignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in items(roles): {
  name: guid(account.id, identityPrincipalId, role.value)
  scope: account
  properties: {
    principalId: identityPrincipalId
    // A managed identity is a service principal.
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
  }
}]

output name string = account.name
output deploymentContainerUrl string = '${account.properties.primaryEndpoints.blob}deploymentpackage'
