// Ledgerline on Azure: `azd up` provisions everything below into one resource group.
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('azd environment name, e.g. ledgerline-prod')
param environmentName string

@description('Primary region for every resource')
param location string

@description('Object id of the deploying principal, granted Key Vault Secrets Officer to create the secrets (optional)')
param principalId string = ''

@description('What principalId is: User when a person runs azd, ServicePrincipal when a pipeline does')
@allowed(['User', 'ServicePrincipal', 'Group'])
param principalType string = 'User'

@description('Origin of the single-page app (sign-in returns there; CORS allows it with credentials)')
param spaUrl string

@description('Microsoft Entra ID app registration client id (empty: Entra sign-in off)')
param entraClientId string = ''

@description('Google OAuth client id (empty: Google sign-in off)')
param googleClientId string = ''

@description('Entra tenant ids of platform staff allowed to impersonate (comma-separated)')
param operatorEntraTenantIds string = ''

@description('Email address that receives the alerts (the on-call mailbox)')
param alertEmail string

@description('Storage redundancy; geo-redundant only (GZRS keeps zone redundancy in the primary region too)')
@allowed(['Standard_GZRS', 'Standard_RAGZRS', 'Standard_GRS', 'Standard_RAGRS'])
param storageSku string = 'Standard_GZRS'

@description('Public addresses (IPv4 or CIDR) that may reach Key Vault and Cosmos DB from outside the virtual network, to create secrets and register operators; empty keeps them private')
param adminAddresses array = []

@description('Turn on the Microsoft Defender for Cloud plans (subscription-wide, billed per resource)')
param enableDefender bool = false

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
    principalType: principalType
    spaUrl: spaUrl
    entraClientId: entraClientId
    googleClientId: googleClientId
    operatorEntraTenantIds: operatorEntraTenantIds
    alertEmail: alertEmail
    storageSku: storageSku
    adminAddresses: adminAddresses
  }
}

module defender 'modules/defender.bicep' = if (enableDefender) {
  name: 'ledgerline-defender'
}

output AZURE_RESOURCE_GROUP string = group.name
output AZURE_FUNCTION_APP_NAME string = resources.outputs.functionAppName
output API_BASE_URL string = resources.outputs.apiBaseUrl
output FRONT_DOOR_ID string = resources.outputs.frontDoorId
output AZURE_KEY_VAULT_URI string = resources.outputs.keyVaultUri
output AZURE_COSMOS_ENDPOINT string = resources.outputs.cosmosEndpoint
