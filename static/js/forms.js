// After a failed submission the page comes back with an error summary: move focus to it so that
// screen readers announce it and keyboard users start from the list of errors (WCAG 3.3.1).
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
})();
