// On every page: logging out drops the notes this browser kept because they were not saved
// yet (static/js/notes.js), so that the next person at a shared computer finds none.
document.addEventListener("submit", function (event) {
  // The header's form and allauth's logout page both post to …/logout/.
  if (!/\/logout\/$/.test(event.target.getAttribute("action") || "")) return;
  try {
    for (var i = localStorage.length - 1; i >= 0; i -= 1) {
      var key = localStorage.key(i);
      if (key && key.indexOf("medvirk.notes:") === 0) localStorage.removeItem(key);
    }
  } catch (error) { /* storage off: nothing kept */ }
});
