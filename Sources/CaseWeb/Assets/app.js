// tthc — the little script the pages use. Every page works without it; it only saves clicks.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // Print buttons of the slips (hidden when scripts do not run: then the browser's own Print command works).
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  // Choosing a procedure (or agency) reloads the registration form for it, without pressing "Chọn".
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { if (select.form) { select.form.submit(); } });
  });
  // Ask before an action that cannot be undone (refuse, stop, withdraw).
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
});
