import { checkBasicCredentials, recordPostmarkBounce } from '../../shared/platform/email/bounce-webhook';
import { bounceRecorded, postmarkBounce } from '../../shared/platform/email/schemas';
import { defineRoute } from '../../shared/platform/http/route';

defineRoute({
  name: 'webhooks-postmark',
  method: 'POST',
  route: 'webhooks/postmark',
  access: {
    public: true,
    reason: 'Postmark calls it without a token: it authenticates with HTTP Basic credentials from Key Vault',
  },
  lockdownExempt: 'a bounce only stops mail to a dead address, and one missed during a lockdown would be lost',
  body: postmarkBounce,
  response: bounceRecorded,
  handler: async ({ services, authorization, clientIp, userAgent }, { body }) => {
    checkBasicCredentials(authorization, services.postmarkWebhook);
    const outcome = await recordPostmarkBounce(
      { container: services.containers.tenantData, clock: services.clock },
      body,
      { ip: clientIp, userAgent },
    );
    return { status: 200, body: outcome };
  },
});
