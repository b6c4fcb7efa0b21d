// Microsoft Defender for Cloud plans for the services Ledgerline uses, and Defender CSPM.
// Subscription-wide (they cover every resource of the kind in the subscription, and cost per
// resource), hence a separate module that main.bicep deploys only with enableDefender=true.
targetScope = 'subscription'

var plans = [
  { name: 'AppServices', subPlan: null }
  // Per storage account, with activity monitoring (V2), not per transaction.
  { name: 'StorageAccounts', subPlan: 'DefenderForStorageV2' }
  { name: 'KeyVaults', subPlan: 'PerKeyVault' }
  { name: 'CosmosDbs', subPlan: null }
  { name: 'CloudPosture', subPlan: null }
]

// One at a time: concurrent updates of pricings in one subscription conflict.
@batchSize(1)
resource pricing 'Microsoft.Security/pricings@2024-01-01' = [for plan in plans: {
  name: plan.name
  properties: { pricingTier: 'Standard', subPlan: plan.subPlan }
}]
