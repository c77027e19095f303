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
    document.querySelectorAll('input[name=task][form=bulk]').forEach(function (box) {
      box.checked = all.checked;
    });
  });
});
