// Signing in to the approval console through the operator-token fallback, as a browser would
// (form POST with Origin, then the page's CSRF value): what scripts in tests use to decide.
export async function operatorSession(url: string, token: string): Promise<{ cookie: string; csrf: string; headers: Record<string, string> }> {
  const res = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url },
    body: new URLSearchParams({ token }),
  });
  const cookie = res.headers.getSetCookie()[0]?.split(';')[0];
  if (!cookie) throw new Error(`console sign-in failed: HTTP ${res.status}`);
  const page = await (await fetch(`${url}/`, { headers: { cookie } })).text();
  const csrf = /name="csrf-token" content="([^"]+)"/.exec(page)?.[1];
  if (!csrf) throw new Error('no CSRF value on the console page');
  return { cookie, csrf, headers: { cookie, origin: url, 'x-csrf-token': csrf } };
}
