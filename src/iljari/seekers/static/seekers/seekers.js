// Seeker pages: "전체 동의" toggles every consent checkbox; the page works without it.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".js-only").forEach(function (el) { el.classList.add("js-ready"); });
  var all = document.querySelector(".js-consent-all");
  if (!all) { return; }
  var boxes = document.querySelectorAll(".consent-item input[type=checkbox]");
  all.addEventListener("change", function () {
    boxes.forEach(function (box) { box.checked = all.checked; });
  });
  boxes.forEach(function (box) {
    box.addEventListener("change", function () {
      all.checked = Array.prototype.every.call(boxes, function (b) { return b.checked; });
    });
  });
});
