param location string
param tags object
param name string
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerUrl string
@description('The SPA origin, the only one allowed to call the API with credentials')
param spaOrigin string
@description('App settings the code reads; merged with the host settings below')
param appSettings object
@description('The subnet (delegated to Microsoft.App/environments) the app sends its outbound traffic through')
param subnetId string
@description('Our Front Door profile id (X-Azure-FDID): the only caller let in')
param frontDoorId string
param workspaceId string

// Flex Consumption: virtual-network integration (Linux Consumption has none, so the data services
// could not be private), scale to zero and per-request billing (Elastic Premium keeps at least
// one instance paid around the clock), and identity-based deployment storage.
resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${name}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { tier: 'FlexConsumption', name: 'FC1' }
  properties: { reserved: true }
}

var hostSettings = {
  // Identity-based storage for triggers and the host itself: no connection string, no key.
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    virtualNetworkSubnetId: subnetId
    // All outbound traffic goes through the network, so Cosmos DB, Storage and Key Vault are
    // reached on their private endpoints.
    vnetRouteAllEnabled: true
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      // The refresh cookie travels only to calls from the SPA's origin, with credentials.
      cors: { allowedOrigins: [spaOrigin], supportCredentials: true }
      // Only our Front Door gets in: its back-end addresses (the service tag) AND its profile id in
      // X-Azure-FDID, since every Front Door profile, anyone's, sends from the same addresses.
      ipSecurityRestrictionsDefaultAction: 'Deny'
      ipSecurityRestrictions: [
        {
          name: 'front-door'
          description: 'Our Front Door profile only'
          action: 'Allow'
          priority: 100
          tag: 'ServiceTag'
          ipAddress: 'AzureFrontDoor.Backend'
          headers: { 'x-azure-fdid': [frontDoorId] }
        }
      ]
      // The deployment endpoint (scm) keeps its own rules: deployments come from developer
      // machines and CI runners at changing addresses, and authenticate with Entra ID only
      // (basic publishing credentials are off below).
      scmIpSecurityRestrictionsUseMain: false
      scmIpSecurityRestrictionsDefaultAction: 'Allow'
      appSettings: [for setting in items(union(hostSettings, appSettings)): { name: setting.key, value: setting.value }]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identityId }
        }
      }
      scaleAndConcurrency: { maximumInstanceCount: 100, instanceMemoryMB: 2048 }
      runtime: { name: 'node', version: '22' }
    }
  }
}

// No FTP or deployment user names and passwords: publishing needs an Entra ID token.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: { allow: false }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  properties: { allow: false }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: site
  properties: {
    workspaceId: workspaceId
    logs: [{ category: 'FunctionAppLogs', enabled: true }]
    metrics: [{ category: 'AllMetrics', enabled: true }]
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
