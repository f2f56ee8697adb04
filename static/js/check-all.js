// "Select everybody" on the participants page: ticks every person checkbox of the form.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-check-all]").forEach(function (button) {
    button.addEventListener("click", function () {
      button.closest("form").querySelectorAll("input[type=checkbox]").forEach(function (box) {
        box.checked = true;
      });
    });
  });
});
