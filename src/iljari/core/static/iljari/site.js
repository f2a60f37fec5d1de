// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("change", function (event) {
  if (event.target.classList && event.target.classList.contains("js-autosubmit")) {
    event.target.form.submit();
  }
});
