// dataflow docs: search across specs, flows, entities and fields, from the prebuilt index in search-index.js.
// Plain script (no modules, no fetch), so it runs from file:// as well as from a server.
(function () {
  'use strict';
  var index = window.DATAFLOW_SEARCH || [];
  var root = document.documentElement.getAttribute('data-root') || '';
  var KINDS = { s: 'spec', f: 'flow', e: 'entity', d: 'field', y: 'system' };
  var input = document.getElementById('search');
  var list = document.getElementById('search-results');
  if (!input || !list) return;
  var haystack = index.map(function (entry) {
    return { label: entry[1].toLowerCase(), text: (entry[1] + ' ' + entry[2]).toLowerCase() };
  });
  var active = -1;

  function search(query) {
    var terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (terms.length === 0) return [];
    var hits = [];
    for (var i = 0; i < index.length; i++) {
      var h = haystack[i];
      var all = true;
      for (var t = 0; t < terms.length; t++) if (h.text.indexOf(terms[t]) < 0) { all = false; break; }
      if (!all) continue;
      var first = terms[0];
      var score = h.label === query.toLowerCase() ? 0 : h.label.indexOf(first) === 0 ? 1 : h.label.indexOf(first) >= 0 ? 2 : 3;
      hits.push({ i: i, score: score });
    }
    hits.sort(function (a, b) { return a.score - b.score || haystack[a.i].label.length - haystack[b.i].label.length || a.i - b.i; });
    return hits.slice(0, 60).map(function (hit) { return index[hit.i]; });
  }

  function show(results, query) {
    list.textContent = '';
    active = -1;
    if (!query.trim()) { list.hidden = true; return; }
    if (results.length === 0) {
      var none = document.createElement('li');
      none.className = 'none';
      none.textContent = 'Nothing found for "' + query + '"';
      list.appendChild(none);
    }
    results.forEach(function (entry) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = root + entry[3];
      var kind = document.createElement('span');
      kind.className = 'kind';
      kind.textContent = KINDS[entry[0]] || entry[0];
      var label = document.createElement('span');
      label.className = 'label';
      label.textContent = entry[1];
      var detail = document.createElement('span');
      detail.className = 'detail';
      detail.textContent = entry[2];
      a.appendChild(kind);
      a.appendChild(label);
      a.appendChild(detail);
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = false;
  }

  function links() { return list.querySelectorAll('a'); }
  function highlight(n) {
    var all = links();
    if (all.length === 0) return;
    active = (n + all.length) % all.length;
    for (var i = 0; i < all.length; i++) all[i].classList.toggle('active', i === active);
    all[active].scrollIntoView({ block: 'nearest' });
  }

  input.addEventListener('input', function () { show(search(input.value), input.value); });
  input.addEventListener('keydown', function (event) {
    if (event.key === 'ArrowDown') { highlight(active + 1); event.preventDefault(); }
    else if (event.key === 'ArrowUp') { highlight(active - 1); event.preventDefault(); }
    else if (event.key === 'Enter') {
      var all = links();
      var target = all[active >= 0 ? active : 0];
      if (target) window.location.href = target.href;
    } else if (event.key === 'Escape') { list.hidden = true; }
  });
  document.addEventListener('click', function (event) {
    if (!list.contains(event.target) && event.target !== input) list.hidden = true;
  });
  document.addEventListener('keydown', function (event) {
    if (event.key === '/' && document.activeElement !== input) { input.focus(); event.preventDefault(); }
  });
})();

// Maps: pointing at a node brings out its edges and dims the others.
(function () {
  'use strict';
  var maps = document.querySelectorAll('svg.system-map, svg.flow-map');
  Array.prototype.forEach.call(maps, function (svg) {
    var edges = svg.querySelectorAll('.edge');
    Array.prototype.forEach.call(svg.querySelectorAll('.node'), function (node) {
      var id = node.getAttribute('data-node');
      node.addEventListener('mouseenter', function () {
        svg.classList.add('focus');
        Array.prototype.forEach.call(edges, function (edge) {
          var hot = edge.getAttribute('data-from') === id || edge.getAttribute('data-to') === id;
          edge.classList.toggle('hot', hot);
        });
      });
      node.addEventListener('mouseleave', function () {
        svg.classList.remove('focus');
        Array.prototype.forEach.call(edges, function (edge) { edge.classList.remove('hot'); });
      });
    });
  });
})();
