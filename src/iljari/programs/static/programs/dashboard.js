// Charts of the programs dashboard. Data comes from the JSON island #programs-chart-data;
// every chart has a table with the same figures next to it, so the page works without JS.
(function () {
  "use strict";
  var island = document.getElementById("programs-chart-data");
  if (!island || typeof Chart === "undefined") { return; }
  var data = JSON.parse(island.textContent);
  var t = data.text;
  var blue = "#256ef4", grey = "#8a949e", green = "#228738", orange = "#d17100";
  var fmt = new Intl.NumberFormat("ko-KR");
  Chart.defaults.font.family = '"Pretendard GOV", "Noto Sans KR", "Noto Sans CJK KR", sans-serif';
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.plugins.tooltip.callbacks.label = function (ctx) {
    return (ctx.dataset.label ? ctx.dataset.label + ": " : "") + fmt.format(ctx.parsed.y !== undefined ? ctx.parsed.y : ctx.parsed);
  };

  function bars(canvas, labels, sets) {
    return new Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: sets },
      options: { animation: false, scales: { y: { beginAtZero: true, ticks: { callback: function (v) { return fmt.format(v); } } } } }
    });
  }

  var builders = {
    monthly: function (canvas) {
      var m = data.monthly;
      return new Chart(canvas, {
        data: {
          labels: m.labels,
          datasets: [
            { type: "bar", label: t.monthResult, data: m.results, backgroundColor: blue, yAxisID: "y" },
            { type: "line", label: t.cumResult, data: m.cumulative, borderColor: green, backgroundColor: green, yAxisID: "y2" },
            { type: "line", label: t.cumTarget, data: m.cumTarget, borderColor: grey, borderDash: [6, 4], backgroundColor: grey, yAxisID: "y2" }
          ]
        },
        options: {
          animation: false,
          scales: {
            y: { beginAtZero: true, position: "left", title: { display: true, text: t.monthResult } },
            y2: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false }, title: { display: true, text: t.cumulative } }
          }
        }
      });
    },
    strategies: function (canvas) {
      var s = data.strategies;
      return bars(canvas, s.labels, [
        { label: t.target, data: s.targets, backgroundColor: grey },
        { label: t.result, data: s.results, backgroundColor: blue }
      ]);
    },
    districts: function (canvas) {
      return bars(canvas, data.districts.labels, [{ label: t.hires, data: data.districts.values, backgroundColor: blue }]);
    },
    sectors: function (canvas) {
      return bars(canvas, data.sectors.labels, [{ label: t.hires, data: data.sectors.values, backgroundColor: orange }]);
    },
    series: function (canvas) {
      var s = data.series[Number(canvas.dataset.index || 0)];
      if (!s) { return null; }
      return new Chart(canvas, {
        type: "line",
        data: {
          labels: s.labels,
          datasets: [
            { label: t.cumTarget, data: s.cumTarget, borderColor: grey, borderDash: [6, 4], backgroundColor: grey },
            { label: t.cumResult, data: s.cumResult, borderColor: green, backgroundColor: green }
          ]
        },
        options: { animation: false, scales: { y: { beginAtZero: true } } }
      });
    }
  };

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var build = builders[canvas.dataset.chart];
    if (build) { build(canvas); canvas.setAttribute("data-ready", "1"); }
  });
})();
