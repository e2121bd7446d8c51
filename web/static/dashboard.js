// Draws the office dashboard's charts with Apache ECharts from the JSON the
// page carries; the tables beside them hold the same numbers.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("dashboard-data").textContent);
  var labels = JSON.parse(document.getElementById("dashboard-labels").textContent);
  var depts = data.depts || [];
  var names = depts.map(function (d) { return d.Name; });
  var charts = [];
  function chart(id, option) {
    var el = document.getElementById(id);
    if (!el || !window.echarts) { return; }
    var c = window.echarts.init(el, null, { renderer: "svg" });
    option.animation = false;
    c.setOption(option);
    charts.push(c);
  }
  var palette = ["#b3261e", "#1f5f8b", "#2e7d32", "#8a4b00", "#6a1b9a", "#00838f",
    "#c2185b", "#5d4037", "#455a64", "#9e9d24"];
  chart("chart-steps", {
    color: palette,
    grid: { left: 140, right: 30, top: 20, bottom: 30 },
    tooltip: {},
    xAxis: { type: "value", min: 0, max: 10, interval: 1 },
    yAxis: { type: "category", data: names },
    series: [{ type: "bar", name: labels.steps, data: depts.map(function (d) { return d.StepsDone; }),
      label: { show: true, position: "right", formatter: "{c}/10" } }]
  });
  chart("chart-plans", {
    color: palette,
    legend: { top: 0 },
    grid: { left: 50, right: 20, top: 40, bottom: 40 },
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: names },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { type: "bar", name: labels.plans, data: depts.map(function (d) { return d.Plans; }) },
      { type: "bar", name: labels.tasks, data: depts.map(function (d) { return d.Tasks; }) },
      { type: "bar", name: labels.published, data: depts.map(function (d) { return d.Published; }) },
      { type: "bar", name: labels.draws, data: depts.map(function (d) { return d.Draws; }) },
      { type: "bar", name: labels.redraws, data: depts.map(function (d) { return d.Redraws; }) }
    ]
  });
  var pie = [];
  (data.resultTypes || []).forEach(function (t, i) {
    var n = (data.results || {})[t] || 0;
    if (n > 0) { pie.push({ name: labels.types[i], value: n }); }
  });
  chart("chart-results", {
    color: palette,
    tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
    series: [{ type: "pie", radius: ["35%", "65%"], data: pie,
      label: { formatter: "{b}\n{c}" } }]
  });
  document.body.setAttribute("data-charts", String(charts.length));
  window.addEventListener("resize", function () {
    charts.forEach(function (c) { c.resize(); });
  });
})();
