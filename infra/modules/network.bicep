param location string
param tags object
param name string

// The function app reaches Cosmos DB, Storage and Key Vault only through this network: its
// outbound traffic enters the `function-app` subnet (VNet integration) and the data services
// answer on private endpoints in `private-endpoints`, resolved by the private DNS zones below.
resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: { addressPrefixes: ['10.40.0.0/16'] }
    subnets: [
      {
        name: 'function-app'
        properties: {
          addressPrefix: '10.40.0.0/24'
          // Flex Consumption integrates through a subnet delegated to Microsoft.App/environments.
          delegations: [{ name: 'flex-consumption', properties: { serviceName: 'Microsoft.App/environments' } }]
        }
      }
      {
        name: 'private-endpoints'
        properties: { addressPrefix: '10.40.1.0/24', privateEndpointNetworkPolicies: 'Disabled' }
      }
    ]
  }
}

// Order matters: outputs below index this array.
var zoneNames = [
  'privatelink.blob.${environment().suffixes.storage}'
  'privatelink.queue.${environment().suffixes.storage}'
  'privatelink.documents.azure.com'
  'privatelink.vaultcore.azure.net'
]

resource zone 'Microsoft.Network/privateDnsZones@2020-06-01' = [for zoneName in zoneNames: {
  name: zoneName
  location: 'global'
  tags: tags
}]

resource zoneLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = [for (zoneName, i) in zoneNames: {
  parent: zone[i]
  name: 'link-${name}'
  location: 'global'
  tags: tags
  properties: { virtualNetwork: { id: vnet.id }, registrationEnabled: false }
}]

output functionAppSubnetId string = resourceId('Microsoft.Network/virtualNetworks/subnets', vnet.name, 'function-app')
output privateEndpointSubnetId string = resourceId('Microsoft.Network/virtualNetworks/subnets', vnet.name, 'private-endpoints')
output dnsZoneIds object = {
  blob: zone[0].id
  queue: zone[1].id
  cosmos: zone[2].id
  vault: zone[3].id
}
