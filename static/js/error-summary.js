// Move focus to a form's error summary when the page shows one, so screen-reader and keyboard
// users hear what went wrong first (WCAG 3.3.1). The summary links to each field in error.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
});
