// The browser's time zone, so pages show times where the reader is until
// they choose a zone in their profile. Sent as the `tz` cookie; the page
// is drawn once more the first time, when it was drawn in another zone.
(function () {
  var tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!tz) return;
  var value = 'tz=' + encodeURIComponent(tz);
  var kept = function () {
    return document.cookie.split('; ').indexOf(value) >= 0;
  };
  if (kept()) return;
  document.cookie = value + '; path=/; max-age=31536000; samesite=lax';
  var shown = document.documentElement.getAttribute('data-tz');
  // only when the cookie stuck: no reload loop with cookies turned off
  if (kept() && shown && shown !== tz) location.reload();
})();

// "Select every task on this page" on a task list with bulk moves (the
// form also offers "every task this filter matches" without JavaScript).
document.addEventListener('DOMContentLoaded', function () {
  var all = document.getElementById('pick-all');
  if (!all) return;
  all.hidden = false;
  all.addEventListener('change', function () {
    document.querySelectorAll('td.pick input[form=bulk]').forEach(function (box) {
      box.checked = all.checked;
    });
  });
});

// Keyboard shortcuts on the task board and lists: j / k move between
// tasks, a accepts, s starts shipping (the carrier field), o opens the
// task, ? shows the list. Never while typing in a field.
document.addEventListener('DOMContentLoaded', function () {
  var help = document.getElementById('keys');
  if (!help) return;
  var items = function () {
    return Array.prototype.slice.call(document.querySelectorAll('article.task, table.cards tbody tr'));
  };
  var current = -1;
  var focus = function (i) {
    var all = items();
    if (!all.length) return;
    current = Math.max(0, Math.min(all.length - 1, i));
    all.forEach(function (el) { el.classList.remove('focused'); });
    var el = all[current];
    el.classList.add('focused');
    el.setAttribute('tabindex', '-1');
    el.focus({ preventScroll: false });
    el.scrollIntoView({ block: 'nearest' });
  };
  var move = function (to) {
    var el = items()[current];
    if (!el) return null;
    var hidden = el.querySelector('form input[name=to][value="' + to + '"]');
    return hidden ? hidden.form : null;
  };
  document.querySelectorAll('[data-keys-open]').forEach(function (b) {
    b.hidden = false;
    b.addEventListener('click', function () { help.showModal(); });
  });
  document.addEventListener('keydown', function (e) {
    var t = e.target;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    if (e.key === '?') { help.open ? help.close() : help.showModal(); e.preventDefault(); return; }
    if (help.open) return;
    if (e.key === 'j') { focus(current + 1); e.preventDefault(); }
    else if (e.key === 'k') { focus(current - 1); e.preventDefault(); }
    else if (e.key === 'a') { var f = move('accepted'); if (f) { f.requestSubmit(); e.preventDefault(); } }
    else if (e.key === 's') {
      var ship = move('shipped');
      if (ship) { var c = ship.querySelector('input[name=carrier]'); if (c) { c.focus(); e.preventDefault(); } }
    }
    else if (e.key === 'o') {
      var el = items()[current];
      var link = el && el.querySelector('a[href^="/tasks/"]');
      if (link) { location.href = link.getAttribute('href'); e.preventDefault(); }
    }
  });
});
