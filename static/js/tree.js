// Expand/collapse for the org tree. htmx loads a unit's children on the first click;
// this script keeps aria-expanded and the hidden attribute in step on every click.
document.addEventListener("click", function (event) {
  const button = event.target.closest("[data-tree-toggle]");
  if (!button) return;
  const list = document.getElementById(button.getAttribute("aria-controls"));
  const open = button.getAttribute("aria-expanded") !== "true";
  button.setAttribute("aria-expanded", String(open));
  button.querySelector("[aria-hidden]").textContent = open ? "−" : "+";
  if (list) list.hidden = !open;
});
