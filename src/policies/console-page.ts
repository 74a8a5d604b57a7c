// The approval console's page: static HTML, one script and one stylesheet, served from the
// console's own origin so the strict CSP (no inline script or style) holds. The HTML carries no
// approval data; the script fetches it and builds the DOM with textContent only, because room
// names, reasons and user ids come from strangers.

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
export function loginPage(failed = false): string {
  return `${head('Approval console — sign in')}
<body><main>
<h1>tencent-live-mcp approval console</h1>
<form id="login-form" method="post" action="/login" autocomplete="off">
<label for="token">Operator token</label>
<input id="token" name="token" type="password" autocomplete="off" required spellcheck="false">
<button type="submit">Sign in</button>
</form>
${failed ? '<p id="login-error" class="error" role="alert">That token is not valid.</p>' : ''}
<p class="hint">The token is in the <code>console-token</code> file of the server's state directory,
or was set by the operator. Opening <code>/login#&lt;token&gt;</code> signs in without sending the
token in the address.</p>
</main></body></html>`;
}

/** The console itself; `csrf` is the per-session value the script sends as X-CSRF-Token. */
export function consolePage(csrf: string): string {
  return `${head('Approval console', `\n<meta name="csrf-token" content="${esc(csrf)}">`)}
<body><main>
<h1>tencent-live-mcp approval console</h1>
<p id="notice" role="alert" hidden></p>
<section><h2>Waiting for a decision</h2>
<p id="status" class="hint">Loading…</p>
<div id="pending"></div></section>
<section><h2>Recent decisions</h2><div id="recent"></div></section>
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
`;

// Plain ES2017 for any browser; no frameworks, no innerHTML.
export const CONSOLE_JS = `'use strict';
(function () {
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
    return;
  }
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (!meta) return;
  var csrf = meta.getAttribute('content');
  var inflight = {};  // id -> true while its POST runs: buttons stay disabled across refreshes
  var messages = {};  // id -> last message about it, kept across refreshes
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
  function notice(text) {
    var n = document.getElementById('notice');
    n.textContent = text; n.hidden = !text;
  }

  function card(a, now) {
    var c = el('div', 'card');
    c.dataset.id = a.id;
    c.dataset.status = a.status;
    c.appendChild(el('h3', null, a.title));
    c.appendChild(el('p', 'action', a.action));
    var dl = el('dl');
    (a.facts || []).forEach(function (f) { dl.appendChild(el('dt', null, f[0])); dl.appendChild(el('dd', null, f[1])); });
    c.appendChild(dl);
    c.appendChild(el('p', 'meta', 'Tool ' + a.tool + ' · asked by client ' + JSON.stringify(a.client) +
      (a.caller ? ' (caller ' + JSON.stringify(a.caller) + ')' : '') + ' · ' + when(a.createdAt)));
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
    document.getElementById('status').textContent = p.length ? '' : 'Nothing is waiting for a decision.';
  }

  function refresh() {
    return fetch('/api/approvals', { credentials: 'same-origin', cache: 'no-store' }).then(function (res) {
      if (res.status === 401) { location.reload(); return; } // session gone: show the sign-in form
      if (!res.ok) throw new Error('HTTP ' + res.status);
      return res.json().then(render);
    }).catch(function () {
      document.getElementById('status').textContent = 'Cannot reach the server; showing the last known state.';
    });
  }

  function decide(id, decision, ok, no) {
    if (inflight[id]) return; // a double click sends one request
    inflight[id] = true;
    ok.disabled = no.disabled = true;
    var verb = decision === 'approve' ? 'approve' : 'reject';
    fetch('/api/approvals/' + encodeURIComponent(id) + '/' + decision, {
      method: 'POST', credentials: 'same-origin', headers: { 'X-CSRF-Token': csrf },
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (body) {
        var m;
        if (res.ok) m = decision === 'approve' ? 'Approved.' : 'Rejected.';
        else if (res.status === 409) m = 'Could not ' + verb + ' (HTTP 409): this request is already ' +
          (DONE[body.status] || 'decided') + (body.decidedBy ? ' by ' + body.decidedBy : '') + '. Nothing more was done.';
        else if (res.status === 404) m = 'Could not ' + verb + ' (HTTP 404): the request no longer exists.';
        else if (res.status === 401) { location.reload(); return; }
        else m = 'Could not ' + verb + ' (HTTP ' + res.status + ').';
        messages[id] = m;
        notice(res.ok ? '' : m);
      });
    }).catch(function () {
      messages[id] = 'Could not reach the server; the request may or may not have been decided.';
      notice(messages[id]);
    }).then(function () { delete inflight[id]; return refresh(); });
  }

  refresh();
  setInterval(refresh, 2000);
})();
`;
