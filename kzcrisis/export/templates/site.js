// kzcrisis static site: the claim filters of index.html and the claim pop-ups of the article pages.
// No network, no library: plain DOM, so the pages work from file://.
"use strict";
(function () {
  var form = document.getElementById("filters");
  if (form) {
    var body = document.querySelector("#claims tbody");
    var rows = Array.prototype.slice.call(body.querySelectorAll("tr"));
    // `kzcrisis search`'s answer, from the data and script the export writes (assets/search*.js).
    var engine = kzSearch(window.kzSearchData);
    var fields = ["source", "kind", "country", "stance", "q"];

    function readHash() {
      var params = new URLSearchParams(location.hash.replace(/^#/, ""));
      fields.forEach(function (name) {
        if (params.has(name)) form.elements[name].value = params.get(name);
      });
    }
    function writeHash() {
      var params = new URLSearchParams();
      fields.forEach(function (name) {
        var value = form.elements[name].value;
        if (value) params.set(name, value);
      });
      var hash = params.toString();
      history.replaceState(null, "", hash ? "#" + hash : location.pathname);
    }
    function matches(row, want) {
      if (want.source && row.dataset.source !== want.source) return false;
      if (want.kind && row.dataset.kind !== want.kind) return false;
      if (want.country && row.dataset.countries.split(" ").indexOf(want.country) < 0) return false;
      if (want.stance && row.dataset.stances.split(" ").indexOf(want.stance) < 0) return false;
      return true;
    }
    function apply() {
      var want = {
        source: form.elements.source.value,
        kind: form.elements.kind.value,
        country: form.elements.country.value,
        stance: form.elements.stance.value,
      };
      var text = form.elements.q.value, found = null, note = "";
      if (text.trim()) {
        found = engine.find(text);
        note = found.error;
      }
      // With a search, the claims found come first, best first (as `search` lists them).
      var order = found ? found.hits.map(function (hit) { return rows[hit.claim]; }) : rows;
      var score = new Map(found ? found.hits.map(function (hit) { return [rows[hit.claim], hit.score]; }) : []);
      var shown = 0;
      order.concat(rows.filter(function (row) { return found && !score.has(row); })).forEach(function (row) {
        var keep = (!found || score.has(row)) && matches(row, want);
        row.hidden = !keep;
        if (score.has(row)) row.dataset.score = String(score.get(row));
        else delete row.dataset.score;
        if (keep) shown += 1;
        body.appendChild(row);
      });
      document.getElementById("count").textContent = shown + " of " + rows.length;
      document.getElementById("search-note").textContent = note;
      document.getElementById("empty").hidden = shown > 0;
      document.body.dataset.shown = String(shown);
    }
    form.addEventListener("input", function () { writeHash(); apply(); });
    window.addEventListener("hashchange", function () { readHash(); apply(); });
    readHash();
    apply();
  }

  // Article pages: the claim(s) of a highlighted quote, shown on hover or keyboard focus.
  var marks = document.querySelectorAll("mark[data-claims]");
  if (marks.length) {
    var pop = document.createElement("div");
    pop.className = "pop";
    pop.setAttribute("role", "tooltip");
    pop.hidden = true;
    document.body.appendChild(pop);
    function show(event) {
      var mark = event.currentTarget;
      pop.textContent = "";
      mark.dataset.claims.split(" ").forEach(function (id) {
        var about = document.getElementById("about-" + id);
        if (about) pop.appendChild(about.cloneNode(true)).removeAttribute("id");
      });
      var box = mark.getBoundingClientRect();
      pop.style.left = Math.max(8, window.scrollX + box.left) + "px";
      pop.style.top = window.scrollY + box.bottom + 6 + "px";
      pop.hidden = false;
      document.querySelectorAll("mark.active").forEach(function (m) { m.classList.remove("active"); });
      document.querySelectorAll("mark[data-claims]").forEach(function (m) {
        if (m.dataset.claims === mark.dataset.claims) m.classList.add("active");
      });
    }
    function hide() { pop.hidden = true; }
    Array.prototype.forEach.call(marks, function (mark) {
      mark.addEventListener("mouseenter", show);
      mark.addEventListener("focus", show);
      mark.addEventListener("mouseleave", hide);
      mark.addEventListener("blur", hide);
    });
    // A link to a claim (articles/SLUG.html#ID, or ?claim=ID) brings its quote into view with the claim.
    function focusTarget() {
      var id = decodeURIComponent(location.hash.replace(/^#/, "")) ||
        new URLSearchParams(location.search).get("claim") || "";
      var first = Array.prototype.find.call(marks, function (m) {
        return m.dataset.claims.split(" ").indexOf(id) >= 0;
      });
      if (first) {
        first.scrollIntoView({ block: "nearest" });
        show({ currentTarget: first });
      }
    }
    window.addEventListener("hashchange", focusTarget);
    focusTarget();
  }
})();
