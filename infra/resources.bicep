param location string
param tags object
param token string
param principalId string
param spaUrl string
param entraClientId string
param googleClientId string
param operatorEntraTenantIds string

// Settings the app reads (shared/platform/config/settings.ts); kept here in one place.
var databaseName = 'ledgerline'

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: { location: location, tags: tags, name: 'id-ledgerline-${token}' }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: { location: location, tags: tags, token: token, identityPrincipalId: identity.outputs.principalId }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: { location: location, tags: tags, name: 'stledger${token}', identityPrincipalId: identity.outputs.principalId }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: { location: location, tags: tags, name: 'cosmos-ledgerline-${token}', databaseName: databaseName, identityPrincipalId: identity.outputs.principalId }
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  params: { location: location, tags: tags, name: 'kv-ledger-${token}', identityPrincipalId: identity.outputs.principalId, operatorPrincipalId: principalId }
}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  params: {
    location: location
    tags: tags
    name: 'func-ledgerline-${token}'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    spaOrigin: spaUrl
    appSettings: {
      LEDGERLINE_ENV: 'production'
      COSMOS_ENDPOINT: cosmos.outputs.endpoint
      COSMOS_DATABASE: databaseName
      KEY_VAULT_URI: keyVault.outputs.uri
      AZURE_CLIENT_ID: identity.outputs.clientId
      APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.outputs.clientId};Authorization=AAD'
      HTTP_MAX_BODY_BYTES: '1048576'
      LOG_LEVEL: 'info'
      SPA_URL: spaUrl
      PUBLIC_API_URL: 'https://func-ledgerline-${token}.azurewebsites.net'
      ENTRA_CLIENT_ID: entraClientId
      GOOGLE_CLIENT_ID: googleClientId
      OPERATOR_ENTRA_TENANT_IDS: operatorEntraTenantIds
    }
  }
}

output functionAppName string = functionApp.outputs.name
output apiBaseUrl string = 'https://${functionApp.outputs.defaultHostName}/api'
output keyVaultUri string = keyVault.outputs.uri
output cosmosEndpoint string = cosmos.outputs.endpoint
