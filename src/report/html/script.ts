/**
 * The report's only script, inlined and allowed by its hash in the page's
 * Content-Security-Policy (no other script can run, even if markup were injected).
 * It filters the rendered findings by category, topic, minimum severity and confidence and a
 * search text, reading the DOM (dataset, textContent) and writing only `hidden`,
 * `open` and textContent: app data is never turned back into markup.
 * Before printing it opens every finding (afterprint restores them).
 */
export const REPORT_SCRIPT = `
(function () {
  'use strict';
  var form = document.getElementById('aw-filters');
  if (!form) return;
  var findings = Array.prototype.slice.call(document.querySelectorAll('.aw-finding'));
  var groups = Array.prototype.slice.call(document.querySelectorAll('[data-aw-group]'));
  var status = document.getElementById('aw-status');
  var rank = { low: 0, medium: 1, high: 2 };
  var severityRank = { info: 0, minor: 1, moderate: 2, major: 3, critical: 4 };
  function value(name) { var field = form.elements.namedItem(name); return field ? String(field.value) : ''; }
  function apply() {
    var category = value('category');
    var topic = value('topic');
    var minimum = rank[value('confidence')] || 0;
    var minimumSeverity = severityRank[value('severity')] || 0;
    var query = value('q').trim().toLowerCase();
    var shown = 0;
    findings.forEach(function (finding) {
      var visible = (!category || finding.getAttribute('data-category') === category)
        && (!topic || finding.getAttribute('data-topic') === topic)
        && (rank[finding.getAttribute('data-confidence')] || 0) >= minimum
        && (severityRank[finding.getAttribute('data-severity')] || 0) >= minimumSeverity
        && (!query || finding.textContent.toLowerCase().indexOf(query) >= 0);
      finding.hidden = !visible;
      if (visible) shown += 1;
    });
    groups.forEach(function (group) { group.hidden = !group.querySelector('.aw-finding:not([hidden])'); });
    if (status) status.textContent = 'Showing ' + shown + ' of ' + findings.length + ' findings';
  }
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (event) { event.preventDefault(); apply(); });
  form.addEventListener('reset', function () { setTimeout(apply, 0); });
  var reopen = [];
  window.addEventListener('beforeprint', function () {
    reopen = [];
    Array.prototype.forEach.call(document.querySelectorAll('details'), function (details) {
      if (!details.open) { reopen.push(details); details.open = true; }
    });
  });
  window.addEventListener('afterprint', function () {
    reopen.forEach(function (details) { details.open = false; });
    reopen = [];
  });
  apply();
})();
`;
