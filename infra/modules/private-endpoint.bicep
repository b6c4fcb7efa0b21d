param location string
param tags object
param name string
param subnetId string
@description('The resource the endpoint exposes privately')
param serviceId string
@description('Its sub-resource: blob, queue, Sql, vault')
param groupId string
param dnsZoneId string

resource endpoint 'Microsoft.Network/privateEndpoints@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    subnet: { id: subnetId }
    privateLinkServiceConnections: [{ name: name, properties: { privateLinkServiceId: serviceId, groupIds: [groupId] } }]
  }
}

// Registers the endpoint's private address in the zone, so the service's usual host name
// resolves to it from inside the network.
resource dns 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = {
  parent: endpoint
  name: 'default'
  properties: { privateDnsZoneConfigs: [{ name: groupId, properties: { privateDnsZoneId: dnsZoneId } }] }
}
