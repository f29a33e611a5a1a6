/* Filter and sort the targets table (and the pace cards with it). Vanilla, no dependencies. */
(function () {
  "use strict";
  var table = document.getElementById("targets");
  if (!table) { return; }
  var tbody = table.tBodies[0];
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var rows = Array.prototype.slice.call(tbody.rows);
  var cards = Array.prototype.slice.call(document.querySelectorAll(".card"));
  var dept = document.getElementById("f-dept");
  var status = document.getElementById("f-status");
  var query = document.getElementById("f-q");
  var count = document.getElementById("f-count");
  var empty = document.getElementById("f-empty");

  function norm(text) { return (text || "").toLowerCase().replace(/\s+/g, ""); }

  function matches(el) {
    if (dept.value && el.getAttribute("data-dept") !== dept.value) { return false; }
    if (status.value && el.getAttribute("data-status") !== status.value) { return false; }
    var q = norm(query.value);
    return !q || norm(el.getAttribute("data-search")).indexOf(q) !== -1;
  }

  function apply() {
    var shown = 0;
    rows.forEach(function (row) { row.hidden = !matches(row); if (!row.hidden) { shown += 1; } });
    cards.forEach(function (card) { card.hidden = !matches(card); });
    count.textContent = String(shown);
    empty.hidden = shown !== 0;
  }

  function sortKey(row, index, numeric) {
    var value = row.cells[index].getAttribute("data-v");
    if (value === null || value === "") { return null; }
    return numeric ? parseFloat(value) : value;
  }

  function sortBy(index) {
    var th = headers[index];
    var numeric = th.getAttribute("data-type") === "num";
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    rows.sort(function (a, b) {
      var x = sortKey(a, index, numeric);
      var y = sortKey(b, index, numeric);
      if (x === null || y === null) { return x === y ? 0 : (x === null ? 1 : -1); }  // blanks last
      var c = numeric ? x - y : x.localeCompare(y, "zh-CN");
      return ascending ? c : -c;
    });
    rows.forEach(function (row) { tbody.appendChild(row); });
  }

  headers.forEach(function (th, index) {
    th.addEventListener("click", function () { sortBy(index); });
  });
  [dept, status].forEach(function (el) { el.addEventListener("change", apply); });
  query.addEventListener("input", apply);
  document.getElementById("f-reset").addEventListener("click", function () {
    dept.value = ""; status.value = ""; query.value = ""; apply();
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-filter-status]"), function (el) {
    el.addEventListener("click", function () {
      var code = el.getAttribute("data-filter-status");
      status.value = status.value === code ? "" : code;
      apply();
      table.scrollIntoView({ behavior: "smooth", block: "start" });
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-filter-dept]"), function (el) {
    el.addEventListener("click", function () {
      var code = el.getAttribute("data-filter-dept");
      dept.value = dept.value === code ? "" : code;
      apply();
      table.scrollIntoView({ behavior: "smooth", block: "start" });
    });
  });
  document.documentElement.setAttribute("data-js", "ready");
  apply();
}());
