// The demo page's whole script. The access token lives in this module's memory only: never in
// a URL, storage or a readable cookie. The refresh token is the API's HttpOnly cookie, which the
// browser sends to /api/auth/refresh and /api/auth/logout (credentials: 'include') and this
// script cannot read.
let apiUrl = '';
let accessToken;
let refreshTimer;

const element = (id) => document.getElementById(id);

function show(signedIn, status) {
  element('signed-in').hidden = !signedIn;
  element('signed-out').hidden = signedIn;
  element('status').textContent = status;
  document.body.dataset.state = signedIn ? 'signed-in' : 'signed-out';
}

// Every tab shares the cookie and a refresh token presented twice ends the whole session, so
// refreshes are serialised across tabs with a Web Lock.
function refresh() {
  return navigator.locks.request('ledgerline-refresh', async () => {
    const response = await fetch(`${apiUrl}/api/auth/refresh`, { method: 'POST', credentials: 'include' });
    if (!response.ok) {
      accessToken = undefined;
      return false;
    }
    const body = await response.json();
    accessToken = body.accessToken;
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void refreshAndLoad(), Math.max(10, body.expiresIn - 60) * 1000);
    return true;
  });
}

async function loadProfile() {
  const response = await fetch(`${apiUrl}/api/me`, { headers: { authorization: `Bearer ${accessToken}` } });
  if (!response.ok) throw new Error(`GET /api/me answered ${response.status}`);
  element('profile').textContent = JSON.stringify(await response.json(), null, 2);
  // Readable only because the API names it in Access-Control-Expose-Headers.
  const idle = response.headers.get('x-session-idle-remaining');
  element('idle').textContent =
    idle === null ? 'The idle timeout header is not readable' : `Signed out after ${idle} seconds without activity`;
  show(true, 'Signed in');
}

async function refreshAndLoad() {
  try {
    if (await refresh()) await loadProfile();
    else show(false, 'Not signed in');
  } catch (error) {
    accessToken = undefined;
    show(false, `The API could not be reached or refused this page (${error.message})`);
  }
}

async function signOut() {
  clearTimeout(refreshTimer);
  accessToken = undefined;
  await fetch(`${apiUrl}/api/auth/logout`, { method: 'POST', credentials: 'include' }).catch(() => undefined);
  show(false, 'Signed out');
}

function signIn(provider, organization, loginHint) {
  const query = new URLSearchParams({ provider, organization });
  if (loginHint) query.set('login_hint', loginHint);
  location.assign(`${apiUrl}/api/auth/login?${query.toString()}`);
}

async function main() {
  const config = await (await fetch('/config.json')).json();
  apiUrl = config.apiUrl;
  for (const example of config.examples) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = `Sign in as ${example.label}`;
    button.addEventListener('click', () => signIn(example.provider, example.organization, example.loginHint));
    const item = document.createElement('li');
    item.append(button);
    element('examples').append(item);
  }
  element('sign-in').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    signIn(form.get('provider'), form.get('organization'), form.get('login_hint'));
  });
  element('refresh').addEventListener('click', () => void refreshAndLoad());
  element('sign-out').addEventListener('click', () => void signOut());
  // The API sends a refused sign-in back to /sign-in?error=<code>.
  const error = new URLSearchParams(location.search).get('error');
  if (error) show(false, `Sign-in was refused (${error})`);
  else await refreshAndLoad();
}

void main();
