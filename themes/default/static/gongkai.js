// gongkai: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "gongkai-elder";
  function stored() {
    try { return localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }
  function apply(on) {
    root.classList.toggle("elder", on);
    var b = document.getElementById("elder-toggle");
    if (b) {
      b.setAttribute("aria-pressed", on ? "true" : "false");
      b.textContent = on ? "退出长者模式" : "长者模式";
    }
  }
  // A scroll region that does not fit says so (the CSS shows a hint line above it).
  function markOverflow() {
    var regions = document.querySelectorAll(".table-scroll");
    for (var i = 0; i < regions.length; i++) {
      var r = regions[i];
      r.classList.toggle("overflows", r.scrollWidth > r.clientWidth + 1);
    }
  }
  apply(stored());
  document.addEventListener("DOMContentLoaded", function () {
    var b = document.getElementById("elder-toggle");
    if (b) {
      b.hidden = false;
      apply(stored());
      b.addEventListener("click", function () {
        var on = !root.classList.contains("elder");
        try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) {}
        apply(on);
        markOverflow();
      });
    }
    var print = document.querySelectorAll("[data-print]");
    for (var i = 0; i < print.length; i++) {
      print[i].hidden = false;
      print[i].addEventListener("click", function () { window.print(); });
    }
    markOverflow();
    window.addEventListener("resize", markOverflow);
  });
})();
