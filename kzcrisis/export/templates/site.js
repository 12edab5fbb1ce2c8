// kzcrisis static site: the claim filters of index.html and the claim pop-ups of the article pages.
// No network, no library: plain DOM, so the pages work from file://.
"use strict";
(function () {
  // The same word rules as `kzcrisis search`: whole words, any case; a word typed without
  // diacritics matches with or without them, a word typed with diacritics means them.
  function fold(text) {
    return text.normalize("NFD").replace(/\p{M}/gu, "").replace(/[đĐ]/g, "d").toLowerCase();
  }
  function words(text) {
    return text.normalize("NFC").toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  var form = document.getElementById("filters");
  if (form) {
    var rows = Array.prototype.slice.call(document.querySelectorAll("#claims tbody tr"));
    var index = rows.map(function (row) {
      return {
        folded: new Set(words(row.dataset.search || "")),
        exact: new Set(words(row.dataset.exact || "")),
      };
    });
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
    function matches(row, i, want) {
      if (want.source && row.dataset.source !== want.source) return false;
      if (want.kind && row.dataset.kind !== want.kind) return false;
      if (want.country && row.dataset.countries.split(" ").indexOf(want.country) < 0) return false;
      if (want.stance && row.dataset.stances.split(" ").indexOf(want.stance) < 0) return false;
      return want.words.every(function (word) {
        return fold(word) === word ? index[i].folded.has(word) : index[i].exact.has(word);
      });
    }
    function apply() {
      var want = {
        source: form.elements.source.value,
        kind: form.elements.kind.value,
        country: form.elements.country.value,
        stance: form.elements.stance.value,
        words: words(form.elements.q.value),
      };
      var shown = 0;
      rows.forEach(function (row, i) {
        var keep = matches(row, i, want);
        row.hidden = !keep;
        if (keep) shown += 1;
      });
      document.getElementById("count").textContent = shown + " of " + rows.length;
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
