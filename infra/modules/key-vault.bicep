param location string
param tags object
param name string
param identityPrincipalId string
@description('Deploying principal, allowed to create the secrets; empty to skip')
param operatorPrincipalId string
@description('User when a person runs azd, ServicePrincipal when a pipeline does')
@allowed(['User', 'ServicePrincipal', 'Group'])
param operatorPrincipalType string
@description('Public addresses (IPv4 or CIDR) allowed in besides the private endpoint, e.g. to create the secrets; empty: none')
param adminAddresses array
param privateEndpointSubnetId string
param dnsZoneId string
param workspaceId string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    // Reachable through the private endpoint below; from outside only from adminAddresses, if any.
    publicNetworkAccess: empty(adminAddresses) ? 'Disabled' : 'Enabled'
    networkAcls: {
      defaultAction: 'Deny'
      bypass: 'None'
      ipRules: [for address in adminAddresses: { value: address }]
    }
  }
}

// Secret values are never in templates: field-keys-general, field-keys-sensitive and
// token-signing-keys are created by an operator (see infra/README.md).
var secretsUser = '4633458b-17de-408a-b874-0445c86b69e6'
var secretsOfficer = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

resource appReads 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identityPrincipalId, secretsUser)
  scope: vault
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUser)
  }
}

resource operatorWrites 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  name: guid(vault.id, operatorPrincipalId, secretsOfficer)
  scope: vault
  properties: {
    principalId: operatorPrincipalId
    principalType: operatorPrincipalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsOfficer)
  }
}

module privateEndpoint 'private-endpoint.bicep' = {
  name: 'pe-vault'
  params: {
    location: location
    tags: tags
    name: 'pe-${name}'
    subnetId: privateEndpointSubnetId
    serviceId: vault.id
    groupId: 'vault'
    dnsZoneId: dnsZoneId
  }
}

// Every secret read and every access refused, for the audit trail and the alerts.
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: vault
  properties: {
    workspaceId: workspaceId
    logs: [{ category: 'AuditEvent', enabled: true }]
    metrics: [{ category: 'AllMetrics', enabled: true }]
  }
}

output uri string = vault.properties.vaultUri
