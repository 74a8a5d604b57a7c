// The approval console's evidence panel: the target users' recent events in the room (from the
// feed, src/feed/evidence.ts), drawn under a pending approval so the person deciding sees what the
// user actually did. Chat text is stranger content: every value becomes a text node
// (textContent), never markup, so `<img src=x onerror=…>` in a message shows as those characters.
// Served inside the console's one script and stylesheet (strict CSP: no inline code).

/** Defines TLMEvidence.render(list) → Element; plain ES2017, no innerHTML. */
export const EVIDENCE_JS = `var TLMEvidence = (function () {
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function render(list) {
    var box = el('section', 'evidence');
    box.appendChild(el('h4', null, 'Recent activity from the room feed (their words, shown as text)'));
    if (!Array.isArray(list) || list.length === 0) { box.appendChild(el('p', 'meta', 'The feed has nothing on these users.')); return box; }
    list.forEach(function (u) {
      var who = el('div', 'evidence-user');
      who.dataset.account = String(u.Member_Account);
      who.appendChild(el('p', 'meta', 'User ' + u.Member_Account + ' in room ' + u.RoomId));
      var recent = Array.isArray(u.Recent) ? u.Recent : [];
      if (recent.length === 0) { who.appendChild(el('p', 'meta', 'No recent events.')); }
      else {
        var ul = el('ul');
        recent.forEach(function (e) {
          var li = el('li');
          li.appendChild(el('span', 'evidence-time', new Date(e.Time).toLocaleString()));
          li.appendChild(el('span', 'evidence-type', e.Type));
          if (e.Text !== undefined) li.appendChild(el('span', 'evidence-text', e.Text));
          ul.appendChild(li);
        });
        who.appendChild(ul);
      }
      box.appendChild(who);
    });
    return box;
  }
  return { render: render };
})();`;

export const EVIDENCE_CSS = `.evidence{border-top:1px solid #e3e5ea;margin-top:.5rem;padding-top:.3rem}
.evidence h4{margin:.2rem 0;font-size:.95rem}.evidence ul{margin:.2rem 0;padding-left:1.2rem}
.evidence li span{margin-right:.6rem}.evidence-type{font-weight:600}
.evidence-text{white-space:pre-wrap;word-break:break-word;background:#f4f5f7;padding:0 .3rem}
`;
