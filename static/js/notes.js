// Autosaved notes (a meeting's notes; each section of an annual conversation's guide): when an
// autosave cannot reach the server, say so at once. The text stays in the box (nothing is
// replaced) and the next keystroke or the save button tries again. While a change is not
// saved yet, leaving the page asks first. Every `form.notes-form` on the page is handled on
// its own; its status is the element with aria-live inside it; the texts are those of
// #notes-messages (templates/includes/notes_messages.html), in the page's language.
//
// So that a closed tab, a crashed browser or a lost connection loses nothing, every change is
// also kept in this browser (localStorage, one draft per box, by the form's address) until
// the server has confirmed it. A box that opens with a different kept draft offers to put it
// back (and save it) or to throw it away. Drafts older than two weeks are dropped unread, and
// logging out drops them all (static/js/site.js).
document.addEventListener("DOMContentLoaded", function () {
  var forms = document.querySelectorAll("form.notes-form");
  var texts = document.getElementById("notes-messages");
  var unsaved = [];
  var PREFIX = "medvirk.notes:";
  var MAX_AGE = 14 * 24 * 3600 * 1000;

  function keep(key, text) {
    try {
      localStorage.setItem(key, JSON.stringify({ text: text, at: Date.now() }));
    } catch (error) { /* storage full or off: the page's own warning still applies */ }
  }
  function forget(key) {
    try { localStorage.removeItem(key); } catch (error) { /* nothing kept */ }
  }
  function kept(key) {
    try {
      var draft = JSON.parse(localStorage.getItem(key) || "null");
      if (draft && typeof draft.text === "string" && Date.now() - draft.at < MAX_AGE) return draft;
    } catch (error) { /* unreadable: drop it */ }
    forget(key);
    return null;
  }

  forms.forEach(function (form, index) {
    var status = form.querySelector("[aria-live]");
    var box = form.querySelector("textarea");
    var key = PREFIX + form.getAttribute("action");
    var edits = 0;  // changes typed so far
    var saved = 0;  // changes the server has confirmed
    var sending = 0;
    unsaved[index] = function () { return edits > saved; };
    function failed() {
      status.innerHTML = "";
      var p = document.createElement("p");
      p.className = "field-error";
      p.textContent = texts.dataset.error;
      status.appendChild(p);
    }
    box.addEventListener("input", function () {
      edits += 1;
      keep(key, box.value);
    });
    form.addEventListener("submit", function () { saved = edits; });
    form.addEventListener("htmx:beforeRequest", function () { sending = edits; });
    form.addEventListener("htmx:afterRequest", function (event) {
      // A saved answer carries the new revision; a conflict or an error does not.
      var xhr = event.detail.xhr;
      if (event.detail.successful && xhr && xhr.responseText.indexOf("hx-swap-oob") !== -1) {
        saved = Math.max(saved, sending);
        if (saved >= edits) forget(key);
      }
    });
    form.addEventListener("htmx:sendError", failed);
    form.addEventListener("htmx:responseError", failed);
    offer(form, box, key);
  });

  // A draft kept from an earlier visit: the same text as the box's is done with, unless the
  // page says it was not saved (a conflict or an error after the Save button); another one
  // is offered back.
  function offer(form, box, key) {
    var draft = kept(key);
    if (!draft) return;
    if (draft.text === box.value) {
      if (!form.querySelector(".conflict, .errorlist")) forget(key);
      return;
    }
    var notice = document.createElement("div");
    notice.className = "notes-draft";
    notice.setAttribute("role", "group");
    var when = new Date(draft.at).toLocaleString(document.documentElement.lang);
    var intro = document.createElement("p");
    intro.textContent = texts.dataset.found.replace("{when}", when);
    var quote = document.createElement("pre");
    quote.className = "saved-notes";
    quote.textContent = draft.text;
    var restore = document.createElement("button");
    restore.type = "button";
    restore.textContent = texts.dataset.restore;
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "secondary";
    discard.textContent = texts.dataset.discard;
    var row = document.createElement("div");
    row.className = "button-row";
    row.append(restore, discard);
    notice.append(intro, quote, row);
    form.insertBefore(notice, form.firstChild);
    notice.setAttribute("aria-label", intro.textContent);
    restore.addEventListener("click", function () {
      box.value = draft.text;
      notice.remove();
      box.focus();
      box.dispatchEvent(new Event("input", { bubbles: true }));  // kept again, and autosaved
    });
    discard.addEventListener("click", function () {
      forget(key);
      notice.remove();
      box.focus();
    });
  }

  if (!forms.length) return;
  window.addEventListener("beforeunload", function (event) {
    if (unsaved.some(function (check) { return check(); })) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
});
