import type { ServerResponse } from 'node:http';
import type { StoredMessage } from './messages';

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>
body{font:14px system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.4rem .6rem;text-align:left;vertical-align:top}th{background:#f4f4f4}
pre{white-space:pre-wrap;background:#f8f8f8;padding:1rem}iframe{width:100%;height:28rem;border:1px solid #ccc}
.muted{color:#777}
</style></head><body>${body}</body></html>`;

/** The first words of the text body (or of the HTML without its tags), for the list. */
const preview = (m: StoredMessage) => {
  const text = (m.TextBody ?? m.HtmlBody?.replace(/<[^>]*>/g, ' ') ?? '').replace(/\s+/g, ' ').trim();
  return text.length > 140 ? `${text.slice(0, 140)}…` : text;
};

/** The list of sent messages, newest first: what a newcomer opens to see the demo's emails. */
export function renderMessagesPage(messages: readonly StoredMessage[]): string {
  const rows = [...messages]
    .reverse()
    .map(
      (m) => `<tr><td>${escape(m.ReceivedAt)}</td><td>${escape(m.From)}</td><td>${escape(m.To.join(', '))}</td>
<td><a href="/ui/messages/${m.MessageID}">${escape(m.Subject || '(no subject)')}</a><br><span class="muted">${escape(preview(m))}</span></td>
<td>${escape(m.Tag ?? '')}</td><td>${m.Attachments.map((a) => escape(a.Name)).join('<br>')}</td></tr>`,
    )
    .join('\n');
  return page(
    'Postmark stand-in: sent messages',
    `<h1>Sent messages <span class="muted">(${messages.length})</span></h1>
<p class="muted">Every email the app sent through the local Postmark stand-in since it started. Nothing leaves this machine.</p>
<table><tr><th>Received</th><th>From</th><th>To</th><th>Subject</th><th>Tag</th><th>Attachments</th></tr>${rows}</table>`,
  );
}

export function renderMessagePage(message: StoredMessage): string {
  const attachments = message.Attachments.map(
    (a, i) =>
      `<li><a href="/ui/messages/${message.MessageID}/attachments/${i}">${escape(a.Name)}</a> <span class="muted">${escape(a.ContentType)}, ${a.ContentLength} bytes</span></li>`,
  ).join('');
  const metadata = Object.entries(message.Metadata)
    .map(([k, v]) => `${escape(k)}=${escape(v)}`)
    .join(', ');
  return page(
    message.Subject,
    `<p><a href="/">All messages</a></p><h1>${escape(message.Subject || '(no subject)')}</h1>
<table><tr><th>From</th><td>${escape(message.From)}</td></tr><tr><th>To</th><td>${escape(message.To.join(', '))}</td></tr>
<tr><th>Received</th><td>${escape(message.ReceivedAt)}</td></tr><tr><th>Message ID</th><td>${message.MessageID}</td></tr>
<tr><th>Metadata</th><td>${metadata}</td></tr></table>
${attachments ? `<h2>Attachments</h2><ul>${attachments}</ul>` : ''}
${message.TextBody !== undefined ? `<h2>Text</h2><pre>${escape(message.TextBody)}</pre>` : ''}
${message.HtmlBody !== undefined ? `<h2>HTML</h2><iframe sandbox srcdoc="${escape(message.HtmlBody)}"></iframe>` : ''}`,
  );
}

/** Serves the pages (`/`, `/ui/messages/{id}`, its attachments); false when the path is not one. */
export function servePage(res: ServerResponse, url: URL, messages: readonly StoredMessage[]): boolean {
  const html = (body: string) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
  if (url.pathname === '/') {
    html(renderMessagesPage(messages));
    return true;
  }
  const match = /^\/ui\/messages\/([0-9a-f-]{36})(?:\/attachments\/(\d+))?$/.exec(url.pathname);
  if (!match) return false;
  const message = messages.find((m) => m.MessageID === match[1]);
  const attachment = match[2] === undefined ? undefined : message?.Attachments[Number(match[2])];
  if (!message || (match[2] !== undefined && !attachment)) res.writeHead(404).end('Not found');
  else if (!attachment) html(renderMessagePage(message));
  else
    res
      .writeHead(200, {
        'content-type': attachment.ContentType,
        'content-disposition': `attachment; filename="${attachment.Name.replace(/[^\x20-\x7e]|"/g, '_')}"`,
      })
      .end(attachment.content);
  return true;
}
