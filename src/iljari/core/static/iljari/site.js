// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("change", function (event) {
  if (event.target.classList && event.target.classList.contains("js-autosubmit")) {
    event.target.form.submit();
  }
});

// The phone menu (KRDS 메인메뉴: 모바일). Without JavaScript it opens as the target of the
// 전체메뉴 link; here it becomes a modal panel: focus moves in and stays in, Escape and the
// close button shut it, and focus returns to the button.
(function () {
  var menu = document.getElementById("mobile-nav");
  var toggle = document.querySelector(".menu-toggle");
  if (!menu || !toggle) return;
  var wrap = menu.querySelector(".gnb-wrap");
  var close = document.getElementById("close-nav");
  toggle.setAttribute("role", "button");
  close.setAttribute("role", "button");

  function focusables() {
    return Array.prototype.filter.call(
      wrap.querySelectorAll("a[href], button:not([disabled]), select, input:not([type=hidden])"),
      function (el) { return el.offsetParent !== null; }
    );
  }
  function open() {
    menu.classList.add("is-open", "is-backdrop");
    wrap.setAttribute("role", "dialog");
    wrap.setAttribute("aria-modal", "true");
    wrap.setAttribute("aria-label", menu.getAttribute("aria-label"));
    toggle.setAttribute("aria-expanded", "true");
    document.body.classList.add("is-gnb-mobile");
    var first = wrap.querySelector(".gnb-main-trigger.active") || focusables()[0];
    window.setTimeout(function () { (first || close).focus(); }, 50);
  }
  function shut() {
    menu.classList.remove("is-open", "is-backdrop");
    wrap.removeAttribute("role");
    wrap.removeAttribute("aria-modal");
    toggle.setAttribute("aria-expanded", "false");
    document.body.classList.remove("is-gnb-mobile");
    toggle.focus();
  }
  toggle.addEventListener("click", function (event) { event.preventDefault(); open(); });
  close.addEventListener("click", function (event) { event.preventDefault(); shut(); });
  menu.addEventListener("click", function (event) {
    if (event.target === menu) shut();  // the dimmed backdrop
    var group = event.target.closest(".gnb-main-trigger");
    if (group) {
      event.preventDefault();
      menu.querySelectorAll(".gnb-main-trigger").forEach(function (el) { el.classList.remove("active"); });
      group.classList.add("active");
      var target = document.getElementById(group.getAttribute("href").slice(1));
      if (target) {
        target.scrollIntoView({ block: "start" });
        var link = target.querySelector("a");
        if (link) link.focus();
      }
    }
  });
  document.addEventListener("keydown", function (event) {
    if (!menu.classList.contains("is-open")) return;
    if (event.key === "Escape") { shut(); return; }
    if (event.key !== "Tab") return;
    var items = focusables();
    if (!items.length) return;
    var first = items[0], last = items[items.length - 1];
    if (event.shiftKey && document.activeElement === first) { event.preventDefault(); last.focus(); }
    else if (!event.shiftKey && document.activeElement === last) { event.preventDefault(); first.focus(); }
  });
  window.addEventListener("resize", function () {
    if (window.innerWidth >= 1024 && menu.classList.contains("is-open")) shut();
  });
})();
