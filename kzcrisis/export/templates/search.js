// kzcrisis static site: `kzcrisis search` in the browser, with no word rule of its own.
// The rules (word characters, case and diacritic folds, limits, weights) and the claims' words as
// the word index holds them come as data (assets/search-data.js, made by kzcrisis.query.search_data
// from the engine `search` runs); this file applies them the way kzcrisis/query/search.py does:
// parse_query, phrase_in, named_by, and FTS5's bm25 over the query fts_query builds.
"use strict";
var kzSearch = (function () {
  return function (data) {
    var rules = data.rules, ranges = rules.word, k1 = data.bm25.k1, b = data.bm25.b;

    function isWord(ch) {
      var cp = ch.codePointAt(0), lo = 0, hi = ranges.length / 2 - 1;
      while (lo <= hi) {
        var mid = (lo + hi) >> 1;
        if (cp < ranges[2 * mid]) hi = mid - 1;
        else if (cp > ranges[2 * mid + 1]) lo = mid + 1;
        else return true;
      }
      return false;
    }
    function translate(text, table) {
      var out = "";
      for (var ch of text) out += Object.prototype.hasOwnProperty.call(table, ch) ? table[ch] : ch;
      return out;
    }
    function words(text) { // corpus.text.words: runs of word characters of the case-folded text
      var out = [], cur = "";
      for (var ch of translate(text, rules.case)) {
        if (isWord(ch)) cur += ch;
        else if (cur) { out.push(cur); cur = ""; }
      }
      if (cur) out.push(cur);
      return out;
    }
    function fold(word) { return translate(word, rules.fold); }
    function marked(word) { return fold(word) !== word; } // search.has_marks

    function parse(text) { // search.parse_query
      var parts = [], count = 0;
      text.normalize("NFC").split('"').forEach(function (chunk, n) {
        var found = words(chunk);
        count += found.length;
        if (n % 2 && found.length > 1) parts.push({ words: found, phrase: true });
        else found.forEach(function (w) { parts.push({ words: [w], phrase: false }); });
      });
      if (!count) return { error: "nothing to search for: give at least one word (letters or digits)" };
      if (count > rules.max_words) {
        return { error: "too many words to search for (" + count + "); give at most " + rules.max_words };
      }
      return { parts: parts };
    }

    var termAt = new Map(), byFold = new Map();
    data.terms.forEach(function (term, n) {
      termAt.set(term, n);
      var key = fold(term);
      if (!byFold.has(key)) byFold.set(key, new Set());
      byFold.get(key).add(n);
    });
    var none = new Set();
    function accept(word, exact) { // the words of the index a typed word stands for
      if (exact) return termAt.has(word) ? new Set([termAt.get(word)]) : none;
      return byFold.get(fold(word)) || none;
    }
    function places(want, stream) { // where the words stand together, in order: search.phrase_in
      var n = want.length, found = 0;
      next: for (var i = 0; i + n <= stream.length; i++) {
        for (var k = 0; k < n; k++) if (!want[k].has(stream[i + k])) continue next;
        found += 1;
      }
      return found;
    }
    function wanted(part) {
      return part.words.map(function (w) { return accept(w, marked(w)); });
    }
    function namedBy(want) { // search.named_by: the entities one of whose names holds the part
      var out = [];
      data.entities.forEach(function (entity, n) {
        if (entity[1].some(function (name) { return places(want, name) > 0; })) out.push(n);
      });
      return out;
    }
    function tokenOf(n) { return "e" + data.entities[n][0]; }
    // The phrases of FTS5's query for one part, in its order (search.part_query, text_query).
    function phrases(part, named) {
      var marks = part.words.map(marked), count = marks.filter(Boolean).length, out = [];
      if (count === 0 || count === part.words.length) out.push({ want: wanted(part) });
      else { // the folded phrase AND each marked word: FTS5 counts them only where all stand
        var together = { want: part.words.map(function (w) { return accept(w, false); }) };
        out.push(together);
        part.words.forEach(function (w, k) {
          if (marks[k]) out.push({ want: [accept(w, true)], with: together });
        });
      }
      named.slice().sort(function (x, y) { return tokenOf(x) < tokenOf(y) ? -1 : 1; }).forEach(function (n) {
        out.push({ entity: n });
      });
      return out;
    }
    function frequency(phrase, claim) { // its instances in the claim, weighted by column
      if (phrase.entity !== undefined) {
        return rules.name_weight * claim[1].filter(function (e) { return e === phrase.entity; }).length;
      }
      return places(phrase.want, claim[2]) + places(phrase.want, claim[3]);
    }
    function holds(want, named, claim) { // search._holds: in a text, or in the names of an entity
      return named.some(function (n) { return claim[1].indexOf(n) >= 0; }) ||
        places(want, claim[2]) > 0 || places(want, claim[3]) > 0;
    }

    // The claims (their places in data.claims) that hold every part, best first, with their score
    // (BM25 as FTS5 computes it, plus the bonus of the typed words together), ties in the given order.
    function find(text) {
      var parsed = parse(text);
      if (parsed.error) return { error: parsed.error, hits: [] };
      var parts = parsed.parts.map(function (part) {
        var want = wanted(part), named = namedBy(want);
        return { want: want, named: named, phrases: phrases(part, named) };
      });
      var all = [].concat.apply([], parts.map(function (p) { return p.phrases; }));
      var typedWords = [].concat.apply([], parsed.parts.filter(function (p) { return !p.phrase; })
        .map(function (p) { return p.words; }));
      var typed = null;
      if (typedWords.length > 1) {
        var want = wanted({ words: typedWords });
        typed = { want: want, named: namedBy(want) };
      }
      var hits = [], freqs = [];
      data.claims.forEach(function (claim, n) {
        if (!parts.every(function (p) { return holds(p.want, p.named, claim); })) return;
        hits.push(n);
        var found = all.map(function (phrase) { return frequency(phrase, claim); });
        freqs.push(all.map(function (phrase, i) {
          var group = phrase.with || phrase;
          return all.some(function (other, j) { return (other.with || other) === group && !found[j]; }) ? 0 : found[i];
        }));
      });
      var idf = all.map(function (phrase, i) {
        var found = 0;
        data.claims.forEach(function (claim) { if (frequency(phrase, claim) > 0) found += 1; });
        var value = Math.log((data.rows - found + 0.5) / (found + 0.5));
        return value <= 0 ? 1e-6 : value;
      });
      var scored = hits.map(function (n, h) {
        var claim = data.claims[n], size = claim[0], score = 0;
        all.forEach(function (phrase, i) {
          var f = freqs[h][i];
          score += idf[i] * ((f * (k1 + 1.0)) / (f + k1 * (1 - b + b * size / data.avgdl)));
        });
        if (typed && holds(typed.want, typed.named, claim)) score += rules.phrase_bonus;
        return { claim: n, score: Math.round(score * 1e6) / 1e6 };
      });
      scored.sort(function (x, y) { return y.score - x.score || x.claim - y.claim; });
      return { error: "", hits: scored };
    }
    return { find: find, parse: parse, words: words };
  };
})();
