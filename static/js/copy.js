// Copy buttons: a button with data-copy-target="<input id>" copies that field's value and says so
// in the status element beside it. Without JavaScript (or a clipboard) the button stays hidden
// and the read-only field can still be selected and copied by hand.
(function () {
  "use strict";
  if (!navigator.clipboard) {
    return;
  }
  document.querySelectorAll("button[data-copy-target]").forEach(function (button) {
    var field = document.getElementById(button.dataset.copyTarget);
    var status = button.parentElement.querySelector(".copy-status");
    if (!field) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        if (status) {
          status.textContent = button.dataset.copiedText;
        }
      });
    });
  });
})();
