/**
 * The app's entry file (package.json `main`). Settings and services first, then every
 * registration; a test fails if a registration file is not imported here.
 */
import './app-setup';
import './health';
import './openapi';
import './auth/sign-in';
import './auth/tokens';
import './admin/sessions';
import './admin/members';
import './admin/ip-blocks';
import './admin/audit';
import './admin/lockdown';
import './admin/security-signals';
import './settings/dimensions';
import './settings/organization';
import './settings/chart-templates';
import './platform/organizations';
import './me/profile';
import './me/sessions';
import './ledger/accounts';
import './ledger/journal-entries';
import './ledger/periods';
import './ledger/reports';
import './documents/documents';
import './items/items';
import './items/tax-suggestions';
import './payables/settings';
import './payables/vendors';
import './payables/bills';
import './portfolio/shares';
import './portfolio/consolidations';
import './payment-runs/bank-settings';
import './payables/bank-accounts';
import './payables/aging';
import './admin/outbox';
import './admin/data-exports';
import './queues/data-exports';
import './queues/period-reports';
import './queues/emails';
import './queues/outbox';
import './queues/posting-reviews';
import './queues/period-closes';
import './queues/tax-classification';
import './timers/outbox-sweep';
import './webhooks/postmark';
import './timers/period-close';
