// The approval console's page: static HTML, one script and one stylesheet, served from the
// console's own origin so the strict CSP (no inline script or style) holds. The HTML carries no
// approval data; the script fetches it and builds the DOM with textContent only, because room
// names, reasons and user ids come from strangers.

import { EVIDENCE_CSS, EVIDENCE_JS } from '../feed/console-evidence.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const head = (title: string, extra = '') => `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">${extra}
<title>${esc(title)}</title>
<link rel="stylesheet" href="/console.css">
<script src="/console.js" defer></script>
</head>`;

/** The only thing anyone without a session sees. */
export function loginPage(o: { fallback: boolean; passkeys: boolean; failed?: boolean }): string {
  return `${head('Approval console — sign in')}
<body><main>
<h1>tencent-live-mcp approval console</h1>
${o.passkeys ? `<section id="passkey-section"><p>Approvers sign in with their passkey.</p>
<button id="passkey-signin" type="button">Sign in with a passkey</button>
<p id="passkey-error" class="error" role="alert" hidden></p></section>` : '<p class="hint">No approvers are enrolled. The operator enrols one with <code>tencent-live-mcp approvers add NAME</code>.</p>'}
${o.fallback ? `<section><h2>Operator token (no passkey)</h2>
<p class="hint">A weaker fallback for a single operator without a passkey: anyone who can read the
token can decide. Decisions made this way are recorded as "operator-token (no passkey)".</p>
<form id="login-form" method="post" action="/login" autocomplete="off">
<label for="token">Operator token</label>
<input id="token" name="token" type="password" autocomplete="off" required spellcheck="false">
<button type="submit">Sign in</button>
</form>
${o.failed ? '<p id="login-error" class="error" role="alert">That token is not valid.</p>' : ''}</section>` : ''}
</main></body></html>`;
}

/** Enrolment: the one-time token rides in the fragment (#…), which browsers never send. */
export function enrolPage(): string {
  return `${head('Approval console — enrol a passkey')}
<body><main>
<h1>tencent-live-mcp approval console</h1>
<section id="enrol-section"><p id="enrol-name">Checking the enrolment link…</p>
<button id="enrol" type="button" disabled>Create my passkey</button>
<p id="enrol-error" class="error" role="alert" hidden></p></section>
</main></body></html>`;
}

/** The console itself; `csrf` is the per-session value the script sends as X-CSRF-Token. */
export function consolePage(csrf: string, who: string, kind: 'approver' | 'operator'): string {
  return `${head('Approval console', `\n<meta name="csrf-token" content="${esc(csrf)}">\n<meta name="session-kind" content="${kind}">`)}
<body><main>
<h1>tencent-live-mcp approval console</h1>
<p class="hint" id="who">Signed in as ${esc(who)}${kind === 'approver' ? '; each decision asks for your passkey.' : ' (the weaker fallback: no passkey).'}</p>
<p id="notice" role="alert" hidden></p>
<section><h2>Waiting for a decision</h2>
<p id="status" class="hint">Loading…</p>
<div id="pending"></div></section>
<section><h2>Recent decisions</h2><div id="recent"></div>
<p><button id="prev" type="button" hidden>Newer</button><button id="next" type="button" hidden>Older</button> <span id="page-info" class="hint"></span></p></section>
</main></body></html>`;
}

export const CONSOLE_CSS = `body{font:15px/1.4 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d1f23}
main{max-width:52rem;margin:0 auto;padding:1rem}
.card{background:#fff;border:1px solid #d5d8de;border-radius:6px;padding:.8rem 1rem;margin:.6rem 0}
.card h3{margin:0 0 .3rem;font-size:1.05rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .8rem;margin:.5rem 0}
dt{font-weight:600}dd{margin:0;white-space:pre-wrap;word-break:break-word}
.meta,.hint{color:#5b606b;font-size:.9rem}
button{font:inherit;padding:.35rem 1rem;margin-right:.5rem;cursor:pointer}
button.approve{background:#1f7a3a;color:#fff;border:0;border-radius:4px}
button.reject{background:#a32626;color:#fff;border:0;border-radius:4px}
button:disabled{opacity:.5;cursor:default}
.msg,.error{color:#a32626}#notice{background:#fff3cd;padding:.5rem .8rem;border-radius:4px}
.status{font-weight:600}
${EVIDENCE_CSS}`;

// Plain ES2017 for any browser; no frameworks, no innerHTML.
// Plain ES2017 for any browser; no frameworks, no innerHTML. WebAuthn through the browser's own
// navigator.credentials, with the base64url conversions written out (no client library).
export const CONSOLE_JS = `'use strict';
${EVIDENCE_JS}
var TLMWebAuthn = (function () {
  function b64u(buf) {
    var b = new Uint8Array(buf), s = '';
    for (var i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
    return btoa(s).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
  }
  function unb64u(s) {
    s = s.replace(/-/g, '+').replace(/_/g, '/');
    while (s.length % 4) s += '=';
    var r = atob(s), b = new Uint8Array(r.length);
    for (var i = 0; i < r.length; i++) b[i] = r.charCodeAt(i);
    return b.buffer;
  }
  function creds(list) {
    return (list || []).map(function (c) { return { type: 'public-key', id: unb64u(c.id), transports: c.transports }; });
  }
  function assert(o) {
    return navigator.credentials.get({ publicKey: { challenge: unb64u(o.challenge), rpId: o.rpId, timeout: o.timeout,
      userVerification: o.userVerification, allowCredentials: creds(o.allowCredentials) } }).then(function (c) {
      return { id: c.id, rawId: b64u(c.rawId), type: c.type, clientExtensionResults: c.getClientExtensionResults(),
        authenticatorAttachment: c.authenticatorAttachment || undefined,
        response: { clientDataJSON: b64u(c.response.clientDataJSON), authenticatorData: b64u(c.response.authenticatorData),
          signature: b64u(c.response.signature), userHandle: c.response.userHandle ? b64u(c.response.userHandle) : undefined } };
    });
  }
  function create(o) {
    return navigator.credentials.create({ publicKey: { challenge: unb64u(o.challenge), rp: o.rp,
      user: { id: unb64u(o.user.id), name: o.user.name, displayName: o.user.displayName },
      pubKeyCredParams: o.pubKeyCredParams, timeout: o.timeout, attestation: o.attestation,
      authenticatorSelection: o.authenticatorSelection, excludeCredentials: creds(o.excludeCredentials) } }).then(function (c) {
      return { id: c.id, rawId: b64u(c.rawId), type: c.type, clientExtensionResults: c.getClientExtensionResults(),
        authenticatorAttachment: c.authenticatorAttachment || undefined,
        response: { clientDataJSON: b64u(c.response.clientDataJSON), attestationObject: b64u(c.response.attestationObject),
          transports: c.response.getTransports ? c.response.getTransports() : [] } };
    });
  }
  function post(path, body, headers) {
    var h = { 'Content-Type': 'application/json' };
    for (var k in headers || {}) h[k] = headers[k];
    return fetch(path, { method: 'POST', credentials: 'same-origin', headers: h, body: JSON.stringify(body || {}) }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (b) { return { status: res.status, ok: res.ok, body: b }; });
    });
  }
  return { assert: assert, create: create, post: post };
})();
(function () {
  function show(id, text) { var e = document.getElementById(id); if (e) { e.textContent = text; e.hidden = !text; } }
  var loginForm = document.getElementById('login-form');
  if (loginForm) {
    // /login#<token> or /login#token=<token>: the fragment never reaches the server or a Referer.
    // Drop it from the address bar and history, then post it through the ordinary form.
    var h = location.hash.slice(1);
    if (h) {
      history.replaceState(null, '', location.pathname + location.search);
      var t = h.indexOf('token=') === 0 ? h.slice(6) : h;
      try { t = decodeURIComponent(t); } catch (e) { /* use as is */ }
      if (t) { document.getElementById('token').value = t; loginForm.submit(); }
    }
  }
  var signin = document.getElementById('passkey-signin');
  if (signin) {
    signin.addEventListener('click', function () {
      signin.disabled = true;
      TLMWebAuthn.post('/login/passkey/options').then(function (r) {
        if (!r.ok) throw new Error(r.body.error || 'HTTP ' + r.status);
        return TLMWebAuthn.assert(r.body);
      }).then(function (response) {
        return TLMWebAuthn.post('/login/passkey', { response: response });
      }).then(function (r) {
        if (!r.ok) throw new Error(r.body.error || 'HTTP ' + r.status);
        location.href = '/';
      }).catch(function (e) { show('passkey-error', 'Sign-in failed: ' + e.message); signin.disabled = false; });
    });
  }
  var enrol = document.getElementById('enrol');
  if (enrol) {
    var token = location.hash.slice(1);
    try { token = decodeURIComponent(token); } catch (e) { /* use as is */ }
    history.replaceState(null, '', location.pathname);
    TLMWebAuthn.post('/enrol/options', { token: token }).then(function (r) {
      if (!r.ok) throw new Error(r.body.error || 'HTTP ' + r.status);
      show('enrol-name', 'Enrolling approver ' + JSON.stringify(r.body.name) + '.');
      enrol.disabled = false;
      enrol.addEventListener('click', function () {
        enrol.disabled = true;
        // Fresh options: the first challenge may have lapsed while the page sat open.
        TLMWebAuthn.post('/enrol/options', { token: token }).then(function (o) {
          if (!o.ok) throw new Error(o.body.error || 'HTTP ' + o.status);
          return TLMWebAuthn.create(o.body.options);
        }).then(function (response) {
          return TLMWebAuthn.post('/enrol/finish', { token: token, response: response });
        }).then(function (f) {
          if (!f.ok) throw new Error(f.body.error || 'HTTP ' + f.status);
          location.href = '/';
        }).catch(function (e) { show('enrol-error', 'Enrolment failed: ' + e.message); enrol.disabled = false; });
      });
    }).catch(function (e) { show('enrol-name', ''); show('enrol-error', 'This enrolment link cannot be used: ' + e.message); });
    return;
  }
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (!meta) return;
  var csrf = meta.getAttribute('content');
  var kind = document.querySelector('meta[name="session-kind"]').getAttribute('content');
  var inflight = {};  // id -> true while its POST runs: buttons stay disabled across refreshes
  var messages = {};  // id -> last message about it, kept across refreshes
  var page = 0;
  var LABEL = { pending: 'pending', approved: 'approved, about to run', consumed: 'approved and carried out',
    rejected: 'rejected', expired: 'expired without a decision' };
  var DONE = { approved: 'approved', consumed: 'approved and carried out', rejected: 'rejected', expired: 'expired' };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function when(ms) { return new Date(ms).toLocaleString(); }
  function mins(ms) { var m = Math.max(0, Math.round(ms / 60000)); return m < 1 ? 'under a minute' : m + ' min'; }
  function notice(text) { show('notice', text); }

  // Values arrive quoted and escaped by the server; they are shown as they are, as text.
  function card(a, now) {
    var c = el('div', 'card');
    c.dataset.id = a.id;
    c.dataset.status = a.status;
    c.appendChild(el('h3', null, a.title));
    c.appendChild(el('p', 'action', a.action));
    var dl = el('dl');
    (a.facts || []).forEach(function (f) { dl.appendChild(el('dt', null, f[0])); dl.appendChild(el('dd', null, f[1])); });
    c.appendChild(dl);
    if (a.evidence) c.appendChild(TLMEvidence.render(a.evidence));
    c.appendChild(el('p', 'meta', 'Tool ' + a.tool + ' · asked by client ' + a.client +
      (a.caller ? ' (caller ' + a.caller + ')' : '') + ' · ' + when(a.createdAt)));
    if (a.status === 'pending') {
      c.appendChild(el('p', 'meta', 'Expires ' + when(a.expiresAt) + ' (in ' + mins(a.expiresAt - now) + ')'));
      var row = el('p');
      var ok = el('button', 'approve', 'Approve'), no = el('button', 'reject', 'Reject');
      ok.type = no.type = 'button';
      ok.disabled = no.disabled = !!inflight[a.id];
      ok.addEventListener('click', function () { decide(a.id, 'approve', ok, no); });
      no.addEventListener('click', function () { decide(a.id, 'reject', ok, no); });
      row.appendChild(ok); row.appendChild(no);
      c.appendChild(row);
    } else {
      c.appendChild(el('p', 'status', LABEL[a.status] || a.status));
      if (a.decidedBy) c.appendChild(el('p', 'meta', 'Decided by ' + a.decidedBy + (a.decidedAt ? ' · ' + when(a.decidedAt) : '')));
    }
    if (messages[a.id]) c.appendChild(el('p', 'msg', messages[a.id]));
    return c;
  }

  function render(data) {
    var pending = document.getElementById('pending'), recent = document.getElementById('recent');
    var p = data.approvals.filter(function (a) { return a.status === 'pending'; });
    var r = data.approvals.filter(function (a) { return a.status !== 'pending'; });
    pending.replaceChildren.apply(pending, p.map(function (a) { return card(a, data.now); }));
    recent.replaceChildren.apply(recent, r.map(function (a) { return card(a, data.now); }));
    document.getElementById('status').textContent = data.pending ? data.pending + ' waiting.' : 'Nothing is waiting for a decision.';
    var pages = Math.max(1, Math.ceil(data.total / data.pageSize));
    document.getElementById('prev').hidden = data.page === 0;
    document.getElementById('next').hidden = data.page + 1 >= pages;
    document.getElementById('page-info').textContent = pages > 1 ? 'Page ' + (data.page + 1) + ' of ' + pages : '';
  }

  function refresh() {
    return fetch('/api/approvals?page=' + page, { credentials: 'same-origin', cache: 'no-store' }).then(function (res) {
      if (res.status === 401) { location.reload(); return; } // session gone: show the sign-in page
      if (!res.ok) throw new Error('HTTP ' + res.status);
      return res.json().then(render);
    }).catch(function () {
      document.getElementById('status').textContent = 'Cannot reach the server; showing the last known state.';
    });
  }
  document.getElementById('prev').addEventListener('click', function () { page = Math.max(0, page - 1); refresh(); });
  document.getElementById('next').addEventListener('click', function () { page += 1; refresh(); });

  function decide(id, decision, ok, no) {
    if (inflight[id]) return; // a double click sends one request
    inflight[id] = true;
    ok.disabled = no.disabled = true;
    var verb = decision === 'approve' ? 'approve' : 'reject';
    var base = '/api/approvals/' + encodeURIComponent(id) + '/' + decision;
    var hdr = { 'X-CSRF-Token': csrf };
    // An approver signs every decision with their passkey, over a challenge bound to this approval.
    var signed = kind === 'approver'
      ? TLMWebAuthn.post(base + '/options', {}, hdr).then(function (r) {
          if (!r.ok) return r;
          return TLMWebAuthn.assert(r.body).then(function (response) { return TLMWebAuthn.post(base, { response: response }, hdr); });
        })
      : TLMWebAuthn.post(base, {}, hdr);
    signed.then(function (r) {
      var m;
      if (r.ok) m = decision === 'approve' ? 'Approved.' : 'Rejected.';
      else if (r.status === 409) m = 'Could not ' + verb + ' (HTTP 409): this request is already ' +
        (DONE[r.body.status] || 'decided') + (r.body.decidedBy ? ' by ' + r.body.decidedBy : '') + '. Nothing more was done.';
      else if (r.status === 404) m = 'Could not ' + verb + ' (HTTP 404): the request no longer exists.';
      else if (r.status === 401) { location.reload(); return; }
      else m = 'Could not ' + verb + ' (HTTP ' + r.status + (r.body.error ? ': ' + r.body.error : '') + ').';
      messages[id] = m;
      notice(r.ok ? '' : m);
    }).catch(function (e) {
      messages[id] = 'The decision was not sent (' + e.message + '); nothing was decided.';
      notice(messages[id]);
    }).then(function () { delete inflight[id]; return refresh(); });
  }

  refresh();
  setInterval(refresh, 2000);
})();
`;
