// Meeting notes: when an autosave cannot reach the server, say so at once. The text stays in
// the box (nothing is replaced) and the next keystroke or the save button tries again.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form.notes-form");
  if (!form) return;
  var status = document.getElementById("notes-status");
  function failed() {
    status.innerHTML = "";
    var p = document.createElement("p");
    p.className = "field-error";
    p.textContent = form.dataset.errorMessage;
    status.appendChild(p);
  }
  form.addEventListener("htmx:sendError", failed);
  form.addEventListener("htmx:responseError", failed);
});
