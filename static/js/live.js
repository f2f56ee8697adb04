/* Live meeting mode on a phone: nothing typed is lost.
   - The card being written is kept in localStorage on every keystroke and restored on load
     (reload, network loss, a phone that slept).
   - Sent cards wait in a queue in localStorage and are posted in the background, retried
     until the server has them; a card's id is made when it is written, so a retry after a
     lost answer never makes a second card. A refused card comes back into the text box.
   - Polls skip while the user is typing or choosing inside the polled area, or has an edit
     form open there, so nothing is swapped under the cursor. A focused button keeps its
     focus across a swap (htmx refocuses the element with the same id).
   Without JavaScript the form posts normally. */
(function () {
  "use strict";

  window.liveIdle = function (area) {
    if (area.querySelector("details[open]")) return false;
    var active = document.activeElement;
    if (!active || !area.contains(active)) return true;
    return !/^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName);
  };

  function newUid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, function (c) {
      var r = (Math.random() * 16) | 0;
      return (c === "x" ? r : (r & 0x3) | 0x8).toString(16);
    });
  }

  function store(key, value) {
    try {
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify(value));
    } catch (e) { /* private mode: the server copy is what counts */ }
  }

  function load(key) {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }

  function setup(form) {
    var key = "medvirk.live." + form.dataset.liveKey;
    var text = form.querySelector("textarea[name=text]");
    var uid = form.querySelector("input[name=uid]");
    var status = form.querySelector(".send-status");
    var messages = JSON.parse(document.getElementById("live-messages").textContent);
    var delay = 2000;
    var sending = false;

    function current() {
      var prompt = form.querySelector("input[name=prompt]:checked");
      return { uid: uid.value, prompt: prompt ? prompt.value : "", text: text.value };
    }
    function remember() { store(key + ".draft", current()); }
    function queue() { return load(key + ".pending") || []; }
    function restore(draft) {
      if (!draft) return;
      if (!text.value) text.value = draft.text || "";
      if (draft.uid) uid.value = draft.uid;
      var radio = form.querySelector("input[name=prompt][value='" + draft.prompt + "']");
      if (radio) radio.checked = true;
    }

    restore(load(key + ".draft"));
    text.addEventListener("input", remember);
    form.addEventListener("change", remember);

    function refresh() {
      // Fetch the live area now, past the poll's "unchanged" answer (v=new never matches).
      var area = document.getElementById("live");
      if (!area || !window.htmx) return;
      var url = area.getAttribute("hx-get").replace(/([?&])v=[^&]*/, "$1v=new");
      htmx.ajax("GET", url, { target: area, swap: "outerHTML" });
    }

    function done(card) {
      store(key + ".pending", queue().filter(function (c) { return c.uid !== card.uid; }));
    }

    // Send the queued cards one by one, each with the id it got when it was written, until
    // the server has them all; a lost answer is retried and finds the card already stored.
    function next() {
      var pending = queue();
      if (sending || !pending.length) return;
      var card = pending[0];
      var data = new FormData(form);
      data.set("uid", card.uid);
      data.set("prompt", card.prompt);
      data.set("text", card.text);
      sending = true;
      status.textContent = messages.sending;
      fetch(form.action, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "Accept": "application/json" }
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          return { status: response.status, body: body };
        });
      }).then(function (result) {
        sending = false;
        if (result.status === 201) {
          done(card);
          delay = 2000;
          status.textContent = messages.sent;
          refresh();
          next();
        } else if (result.status >= 400 && result.status < 500 && result.status !== 429) {
          // Refused (too long, writing closed): give the text back to fix, never drop it.
          done(card);
          if (!text.value) { text.value = card.text; remember(); }
          status.textContent = result.body.error || messages.refused;
          next();
        } else {
          retry();
        }
      }).catch(function () { sending = false; retry(); });
    }

    function retry() {
      status.textContent = messages.retrying;
      setTimeout(next, delay);
      delay = Math.min(delay * 2, 15000);
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var card = current();
      if (!card.text.trim()) { status.textContent = messages.empty; text.focus(); return; }
      var pending = queue();
      pending.push(card);
      store(key + ".pending", pending);
      // The card is safe in the queue: the form is free for the next one at once.
      text.value = "";
      uid.value = newUid();
      store(key + ".draft", null);
      next();
    });

    next();
  }

  // The live area is replaced on every change, and a replaced live region is often not read
  // out: after a dot, say the dots left in a region that stays.
  document.addEventListener("htmx:afterSwap", function (event) {
    var trigger = event.detail && event.detail.requestConfig && event.detail.requestConfig.verb;
    var left = document.querySelector("#live .dots-left");
    var announce = document.getElementById("live-announce");
    if (trigger === "post" && left && announce) announce.textContent = left.textContent;
  });

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("write");
    if (form && window.fetch && window.FormData) setup(form);
  });
})();
