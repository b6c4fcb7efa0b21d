param location string
param tags object
param token string
param principalId string
param principalType string
param spaUrl string
param entraClientId string
param googleClientId string
param operatorEntraTenantIds string
param alertEmail string
param storageSku string
param adminAddresses array

// Settings the app reads (shared/platform/config/settings.ts); kept here in one place.
var databaseName = 'ledgerline'
// Known before the app exists, so Front Door (which the app's access rule names) can point at it.
var functionAppName = 'func-ledgerline-${token}'

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: { location: location, tags: tags, name: 'id-ledgerline-${token}' }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: { location: location, tags: tags, token: token, identityPrincipalId: identity.outputs.principalId }
}

module network 'modules/network.bicep' = {
  name: 'network'
  params: { location: location, tags: tags, name: 'vnet-ledgerline-${token}' }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    tags: tags
    name: 'stledger${token}'
    identityPrincipalId: identity.outputs.principalId
    sku: storageSku
    privateEndpointSubnetId: network.outputs.privateEndpointSubnetId
    blobDnsZoneId: network.outputs.dnsZoneIds.blob
    queueDnsZoneId: network.outputs.dnsZoneIds.queue
    workspaceId: monitoring.outputs.workspaceId
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    location: location
    tags: tags
    name: 'cosmos-ledgerline-${token}'
    databaseName: databaseName
    identityPrincipalId: identity.outputs.principalId
    adminAddresses: adminAddresses
    privateEndpointSubnetId: network.outputs.privateEndpointSubnetId
    dnsZoneId: network.outputs.dnsZoneIds.cosmos
    workspaceId: monitoring.outputs.workspaceId
  }
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  params: {
    location: location
    tags: tags
    name: 'kv-ledger-${token}'
    identityPrincipalId: identity.outputs.principalId
    operatorPrincipalId: principalId
    operatorPrincipalType: principalType
    adminAddresses: adminAddresses
    privateEndpointSubnetId: network.outputs.privateEndpointSubnetId
    dnsZoneId: network.outputs.dnsZoneIds.vault
    workspaceId: monitoring.outputs.workspaceId
  }
}

module frontDoor 'modules/front-door.bicep' = {
  name: 'front-door'
  params: {
    tags: tags
    name: 'afd-ledgerline-${token}'
    originHostName: '${functionAppName}.azurewebsites.net'
    workspaceId: monitoring.outputs.workspaceId
  }
}

var publicApiUrl = 'https://${frontDoor.outputs.hostName}'

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  params: {
    location: location
    tags: tags
    name: functionAppName
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    spaOrigin: spaUrl
    subnetId: network.outputs.functionAppSubnetId
    frontDoorId: frontDoor.outputs.frontDoorId
    workspaceId: monitoring.outputs.workspaceId
    appSettings: {
      LEDGERLINE_ENV: 'production'
      COSMOS_ENDPOINT: cosmos.outputs.endpoint
      COSMOS_DATABASE: databaseName
      KEY_VAULT_URI: keyVault.outputs.uri
      AZURE_CLIENT_ID: identity.outputs.clientId
      APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
      // The host and the app's SDK both send telemetry with the managed identity (local auth is off).
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD;ClientId=${identity.outputs.clientId}'
      HTTP_MAX_BODY_BYTES: '1048576'
      LOG_LEVEL: 'info'
      SPA_URL: spaUrl
      // Browsers reach the API through Front Door only; sign-in callbacks return there.
      PUBLIC_API_URL: publicApiUrl
      FRONT_DOOR_ID: frontDoor.outputs.frontDoorId
      ENTRA_CLIENT_ID: entraClientId
      GOOGLE_CLIENT_ID: googleClientId
      OPERATOR_ENTRA_TENANT_IDS: operatorEntraTenantIds
    }
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    location: location
    tags: tags
    token: token
    insightsId: monitoring.outputs.insightsId
    alertEmail: alertEmail
  }
}

output functionAppName string = functionApp.outputs.name
output apiBaseUrl string = '${publicApiUrl}/api'
output frontDoorId string = frontDoor.outputs.frontDoorId
output keyVaultUri string = keyVault.outputs.uri
output cosmosEndpoint string = cosmos.outputs.endpoint
