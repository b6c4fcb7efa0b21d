param location string
param tags object
param name string
param identityPrincipalId string

// Queue names match shared/platform/queues/queue-names.ts; each has a -poison twin.
var queues = ['payment-runs', 'emails', 'tax-classification']
var blobContainers = ['documents', 'exports', 'deploymentpackage']

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_ZRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // Identity-based access only: no account keys or SAS for anyone.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
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
    deleteRetentionPolicy: { enabled: true, days: 30 }
    containerDeleteRetentionPolicy: { enabled: true, days: 30 }
  }
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for c in blobContainers: {
  parent: blobService
  name: c
  properties: { publicAccess: 'None' }
}]

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
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
  }
}]

output name string = account.name
output deploymentContainerUrl string = '${account.properties.primaryEndpoints.blob}deploymentpackage'
