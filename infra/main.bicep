// Ledgerline on Azure: `azd up` provisions everything below into one resource group.
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('azd environment name, e.g. ledgerline-prod')
param environmentName string

@description('Primary region for every resource')
param location string

@description('Object id of the deploying user, granted Key Vault Secrets Officer to create the secrets (optional)')
param principalId string = ''

@description('Origin of the single-page app (sign-in returns there; CORS allows it with credentials)')
param spaUrl string

@description('Microsoft Entra ID app registration client id (empty: Entra sign-in off)')
param entraClientId string = ''

@description('Google OAuth client id (empty: Google sign-in off)')
param googleClientId string = ''

@description('Entra tenant ids of platform staff allowed to impersonate (comma-separated)')
param operatorEntraTenantIds string = ''

var tags = { 'azd-env-name': environmentName, app: 'ledgerline' }
var token = toLower(uniqueString(subscription().id, environmentName, location))

resource group 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module resources 'resources.bicep' = {
  name: 'ledgerline-resources'
  scope: group
  params: {
    location: location
    tags: tags
    token: token
    principalId: principalId
    spaUrl: spaUrl
    entraClientId: entraClientId
    googleClientId: googleClientId
    operatorEntraTenantIds: operatorEntraTenantIds
  }
}

output AZURE_RESOURCE_GROUP string = group.name
output AZURE_FUNCTION_APP_NAME string = resources.outputs.functionAppName
output API_BASE_URL string = resources.outputs.apiBaseUrl
output AZURE_KEY_VAULT_URI string = resources.outputs.keyVaultUri
output AZURE_COSMOS_ENDPOINT string = resources.outputs.cosmosEndpoint
