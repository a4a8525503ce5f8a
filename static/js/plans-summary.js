// Follows a summary PDF being generated: polls its JSON status URL, moves the progress bar,
// announces the state (role=status) and shows the download link when the task is done.
// Progressive: without JavaScript the page shows the same state on every reload.
(function () {
  "use strict";
  function start() {
    var root = document.getElementById("sammanfattning");
    if (!root || !window.fetch) { return; }
    var url = root.getAttribute("data-status-url");
    var bar = document.getElementById("pdf-forlopp");
    var status = document.getElementById("pdf-status");
    var link = document.getElementById("pdf-ladda-ner");
    var hint = document.getElementById("pdf-uppdatera");
    function poll() {
      fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          bar.value = data.progress;
          bar.textContent = data.progress + " %";
          status.textContent = data.state_display + " (" + data.progress + " %)";
          root.setAttribute("data-state", data.state);
          if (data.state === "klar") {
            link.hidden = false;
            if (hint) { hint.hidden = true; }
          } else if (data.state !== "fel") {
            window.setTimeout(poll, 1000);
          }
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    }
    if (root.getAttribute("data-state") !== "klar" && root.getAttribute("data-state") !== "fel") { poll(); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
