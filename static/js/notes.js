// Autosaved notes (a meeting's notes; each section of an annual conversation's guide): when an
// autosave cannot reach the server, say so at once. The text stays in the box (nothing is
// replaced) and the next keystroke or the save button tries again. While a change is not
// saved yet, leaving the page asks first. Every `form.notes-form` on the page is handled on
// its own; its status is the element with aria-live inside it.
document.addEventListener("DOMContentLoaded", function () {
  var forms = document.querySelectorAll("form.notes-form");
  var unsaved = [];
  forms.forEach(function (form, index) {
    var status = form.querySelector("[aria-live]");
    var box = form.querySelector("textarea");
    var edits = 0;  // changes typed so far
    var saved = 0;  // changes the server has confirmed
    var sending = 0;
    unsaved[index] = function () { return edits > saved; };
    function failed() {
      status.innerHTML = "";
      var p = document.createElement("p");
      p.className = "field-error";
      p.textContent = form.dataset.errorMessage;
      status.appendChild(p);
    }
    box.addEventListener("input", function () { edits += 1; });
    form.addEventListener("submit", function () { saved = edits; });
    form.addEventListener("htmx:beforeRequest", function () { sending = edits; });
    form.addEventListener("htmx:afterRequest", function (event) {
      // A saved answer carries the new revision; a conflict or an error does not.
      var xhr = event.detail.xhr;
      if (event.detail.successful && xhr && xhr.responseText.indexOf("hx-swap-oob") !== -1) {
        saved = Math.max(saved, sending);
      }
    });
    form.addEventListener("htmx:sendError", failed);
    form.addEventListener("htmx:responseError", failed);
  });
  if (!forms.length) return;
  window.addEventListener("beforeunload", function (event) {
    if (unsaved.some(function (check) { return check(); })) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
});
