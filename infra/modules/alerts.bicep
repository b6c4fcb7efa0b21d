param location string
param tags object
param token string
@description('Application Insights, where the app and the Functions host send their telemetry')
param insightsId string
@description('Who is told when an alert fires (the on-call mailbox)')
param alertEmail string

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-ledgerline-${token}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'ledgerline'
    enabled: true
    emailReceivers: [{ name: 'on-call', emailAddress: alertEmail, useCommonAlertSchema: true }]
  }
}

// Log alerts over Application Insights. Who emits what (infra/README.md has the list):
// `requests` and the poison-queue trace come from the Functions host; `exceptions` from both;
// the custom events from the app (shared/platform/telemetry/alerted-events.ts), except
// IntegrityBreak, which the integrity monitor (issue 11) will emit.
var rules = [
  {
    name: 'exceptions'
    title: 'Exception rate'
    description: 'More than 10 exceptions in 5 minutes'
    severity: 1
    frequency: 'PT5M'
    window: 'PT5M'
    query: 'exceptions'
    measure: null
    threshold: 10
  }
  {
    name: 'server-errors'
    title: '5xx rate'
    description: 'More than 5% of requests (at least 20) answered with a 5xx in 5 minutes'
    severity: 1
    frequency: 'PT5M'
    window: 'PT5M'
    query: 'requests | summarize total = count(), failed = countif(toint(resultCode) >= 500) | where total >= 20 | extend failedPercent = 100.0 * failed / total'
    measure: 'failedPercent'
    threshold: 5
  }
  {
    name: 'failed-sign-ins'
    title: 'Failed sign-ins per minute'
    description: 'More than 20 refused sign-ins or token refreshes in a minute'
    severity: 2
    frequency: 'PT1M'
    window: 'PT1M'
    query: 'customEvents | where name == "SignInFailed"'
    measure: null
    threshold: 20
  }
  {
    name: 'refused-credentials'
    title: 'Refused credentials per minute'
    description: 'More than 50 access tokens refused in a minute (forged, expired, revoked)'
    severity: 2
    frequency: 'PT1M'
    window: 'PT1M'
    query: 'customEvents | where name == "CredentialRefused"'
    measure: null
    threshold: 50
  }
  {
    name: 'rate-limit-rejections'
    title: 'Rate-limit rejections'
    description: 'More than 100 requests refused by the rate limits in 5 minutes'
    severity: 3
    frequency: 'PT5M'
    window: 'PT5M'
    query: 'customEvents | where name == "RateLimitRejected"'
    measure: null
    threshold: 100
  }
  {
    name: 'poison-queue-messages'
    title: 'Poison-queue messages'
    description: 'A queue message failed maxDequeueCount times and was moved to its -poison queue'
    severity: 1
    frequency: 'PT5M'
    window: 'PT5M'
    query: 'traces | where message startswith "Message has reached MaxDequeueCount"'
    measure: null
    threshold: 0
  }
  {
    name: 'integrity-breaks'
    title: 'Integrity-monitor breaks'
    description: 'The nightly integrity monitor found a break (trial balance, subledgers, snapshots, audit chain)'
    severity: 0
    frequency: 'PT15M'
    window: 'PT1H'
    query: 'customEvents | where name == "IntegrityBreak"'
    measure: null
    threshold: 0
  }
]

resource alert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [for rule in rules: {
  name: 'alert-${rule.name}-${token}'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: rule.title
    description: rule.description
    severity: rule.severity
    enabled: true
    scopes: [insightsId]
    evaluationFrequency: rule.frequency
    windowSize: rule.window
    criteria: {
      allOf: [
        {
          query: rule.query
          // A count of matching rows, or the average of the measured column.
          timeAggregation: rule.measure == null ? 'Count' : 'Average'
          metricMeasureColumn: rule.measure
          operator: 'GreaterThan'
          threshold: rule.threshold
          failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 }
        }
      ]
    }
    autoMitigate: true
    actions: { actionGroups: [actionGroup.id] }
  }
}]
