'use strict';
(function () {
  // Everything shown comes from the JSON below and is put on the page as text (textContent), never as HTML.
  var data = JSON.parse(document.getElementById('avaliar-data').textContent);
  var PAGE = 300;
  // Spans of one test drawn open when it is opened; deeper ones wait until their parent is opened.
  var OPEN_SPANS = 500;
  var ORDER = { FAILED: 0, ABORTED: 1, SUCCESSFUL: 2, SKIPPED: 3 };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function num(n) { return (n || 0).toLocaleString('en-US'); }
  function usd(n) { return '$' + (n || 0).toFixed(n >= 1 ? 2 : 6); }
  function ms(n) {
    if (n === undefined || n === null) { return ''; }
    return n >= 1000 ? (n / 1000).toFixed(2) + ' s' : (n >= 10 ? n.toFixed(0) : n.toFixed(1)) + ' ms';
  }
  function json(value) { return typeof value === 'string' ? value : JSON.stringify(value, null, 2); }

  // ---- header and summary ----
  var run = data.run, s = data.summary, env = run.environment || {};
  var info = 'Run started ' + run.started + ', took ' + ms(run.durationMs);
  Object.keys(env).forEach(function (key) { info += ' · ' + key + ' ' + env[key]; });
  if (run.droppedSpans > 0) { info += ' · ' + num(run.droppedSpans) + ' spans left out (avaliar.report.maxSpans)'; }
  document.getElementById('run-info').textContent = info;

  var summary = document.getElementById('summary');
  function metric(key, label, value, extra) {
    var box = el('div', 'metric ' + (extra || ''));
    box.setAttribute('data-metric', key);
    box.appendChild(el('div', 'value', value));
    box.appendChild(el('div', 'label', label));
    summary.appendChild(box);
  }
  metric('tests', 'tests', num(s.tests));
  metric('passed', 'passed', num(s.successful), 'passed');
  metric('failed', 'failed', num(s.failed), s.failed > 0 ? 'failed' : '');
  if (s.aborted) { metric('aborted', 'aborted', num(s.aborted)); }
  if (s.skipped) { metric('skipped', 'skipped', num(s.skipped)); }
  metric('traces', 'traces', num(s.traces));
  metric('llm-calls', 'llm calls', num(s.llm.calls));
  metric('tokens-in', 'tokens in', num(s.llm.inputTokens));
  metric('tokens-out', 'tokens out', num(s.llm.outputTokens));
  metric('cost', 'cost', usd(s.llm.costUsd));

  function breakdown(title, byName, id) {
    var names = Object.keys(byName);
    if (names.length === 0) { return; }
    var box = el('div');
    box.id = id;
    box.appendChild(el('h2', null, title));
    var table = el('table');
    var head = el('tr');
    [title.split(' ').pop(), 'calls', 'tokens in', 'tokens out', 'cost', 'avg latency', 'p95 latency', 'max latency']
      .forEach(function (h) { head.appendChild(el('th', null, h)); });
    table.appendChild(head);
    names.forEach(function (name) {
      var u = byName[name], row = el('tr');
      [name, num(u.calls), num(u.inputTokens), num(u.outputTokens), usd(u.costUsd), ms(u.avgLatencyMs),
        ms(u.p95LatencyMs), ms(u.maxLatencyMs)].forEach(function (v) { row.appendChild(el('td', null, v)); });
      table.appendChild(row);
    });
    box.appendChild(table);
    document.getElementById('breakdown').appendChild(box);
  }
  if (data.budget) {
    var b = data.budget;
    metric('budget', 'budget', b.breached ? 'exceeded' : 'within', b.breached ? 'failed' : 'passed');
    if (b.breached) {
      var box = el('div');
      box.id = 'budget';
      box.appendChild(el('h2', null, 'Budget exceeded (avaliar.budget.*)'));
      var limits = el('table'), head = el('tr');
      ['what', 'limit', 'actual'].forEach(function (h) { head.appendChild(el('th', null, h)); });
      limits.appendChild(head);
      b.breaches.forEach(function (x) {
        var row = el('tr');
        [x.what, x.limit, x.actual].forEach(function (v) { row.appendChild(el('td', null, v)); });
        limits.appendChild(row);
      });
      box.appendChild(limits);
      box.appendChild(el('h3', null, 'Top ' + b.topTests.length + ' tests by cost'));
      var top = el('table'), topHead = el('tr');
      ['test', 'cost', 'tokens', 'llm calls'].forEach(function (h) { topHead.appendChild(el('th', null, h)); });
      top.appendChild(topHead);
      b.topTests.forEach(function (t) {
        var row = el('tr');
        [t.test, usd(t.costUsd), num(t.tokens), num(t.llmCalls)].forEach(function (v) { row.appendChild(el('td', null, v)); });
        top.appendChild(row);
      });
      box.appendChild(top);
      document.getElementById('breakdown').appendChild(box);
    }
  }
  // ---- against the baseline ----
  var base = data.baseline;
  function pct(before, now) {
    if (before === now) { return ''; }
    if (!before) { return ' (new)'; }
    var p = (now - before) / before * 100;
    return ' (' + (p > 0 ? '+' : '') + p.toFixed(1) + '%)';
  }
  function delta(before, now, fmt) { return fmt(before) + ' → ' + fmt(now) + pct(before, now); }
  if (base) {
    var baseBox = el('div');
    baseBox.id = 'baseline';
    baseBox.appendChild(el('h2', null, 'Against the baseline'));
    if (base.note) {
      baseBox.appendChild(el('p', 'muted', base.note));
    } else {
      metric('changed', 'changed vs baseline', num(base.changed), base.changed > 0 ? 'failed' : 'passed');
      baseBox.appendChild(el('p', 'muted', base.file + ': ' + num(base.changed) + ' test(s) changed, '
        + num(base.shapeChanged) + ' in tree shape; ' + (base.newTests || []).length + ' new, '
        + (base.goneTests || []).length + ' gone. Open a test to see its tree beside the baseline\'s.'));
      var changedTable = el('table'), changedHead = el('tr');
      ['test', 'tokens', 'cost', 'llm calls', 'latency', 'tree'].forEach(function (h) { changedHead.appendChild(el('th', null, h)); });
      changedTable.appendChild(changedHead);
      data.tests.forEach(function (t) {
        var d = base.tests[t.testId];
        if (!d || (!d.shapeChanged && d.before.tokens === d.now.tokens && d.before.llmCalls === d.now.llmCalls
          && d.before.costUsd === d.now.costUsd)) { return; }
        var row = el('tr');
        row.setAttribute('data-changed-test', t.testId);
        [t.path || t.displayName, delta(d.before.tokens, d.now.tokens, num), delta(d.before.costUsd, d.now.costUsd, usd),
          delta(d.before.llmCalls, d.now.llmCalls, num), delta(d.before.latencyMs, d.now.latencyMs, ms),
          d.shapeChanged ? 'changed' : 'same'].forEach(function (v) { row.appendChild(el('td', null, v)); });
        changedTable.appendChild(row);
      });
      baseBox.appendChild(changedTable);
      if ((base.newTests || []).length) { baseBox.appendChild(el('p', null, 'New: ' + base.newTests.join(', '))); }
      if ((base.goneTests || []).length) { baseBox.appendChild(el('p', null, 'Gone: ' + base.goneTests.join(', '))); }
    }
    document.getElementById('breakdown').appendChild(baseBox);
  }

  /** The test against the baseline: its figures then and now, and its tree beside the baseline's. */
  function againstBaseline(t) {
    var d = base && base.tests && base.tests[t.testId];
    if (!d) { return null; }
    var box = el('div', 'against');
    var table = el('table'), head = el('tr');
    ['', 'baseline', 'now', 'change'].forEach(function (h) { head.appendChild(el('th', null, h)); });
    table.appendChild(head);
    [['tokens', 'tokens', num], ['cost', 'costUsd', usd], ['llm calls', 'llmCalls', num], ['latency', 'latencyMs', ms]]
      .forEach(function (f) {
        var row = el('tr'), before = d.before[f[1]], now = d.now[f[1]];
        [f[0], f[2](before), f[2](now), pct(before, now).replace(/[()]/g, '').trim() || '='].forEach(function (v) {
          row.appendChild(el('td', null, v));
        });
        table.appendChild(row);
      });
    box.appendChild(table);
    if (d.shapeChanged) {
      var sides = el('div', 'tree-sides');
      var left = el('div', 'tree-side'), right = el('div', 'tree-side');
      left.appendChild(el('div', 'trace-title', 'Baseline tree'));
      right.appendChild(el('div', 'trace-title', 'This run'));
      var lp = el('pre', 'tree-diff'), rp = el('pre', 'tree-diff');
      d.treeDiff.forEach(function (line) {
        var op = line[0], text = line[1];
        if (op !== '+') { lp.appendChild(el('div', op === '-' ? 'removed' : 'same', (op === '-' ? '- ' : '  ') + text)); }
        else { lp.appendChild(el('div', 'gap', ' ')); }
        if (op !== '-') { rp.appendChild(el('div', op === '+' ? 'added' : 'same', (op === '+' ? '+ ' : '  ') + text)); }
        else { rp.appendChild(el('div', 'gap', ' ')); }
      });
      left.appendChild(lp);
      right.appendChild(rp);
      sides.appendChild(left);
      sides.appendChild(right);
      box.appendChild(sides);
    } else {
      box.appendChild(el('p', 'muted', 'Same tree shape as the baseline.'));
    }
    return box;
  }

  breakdown('LLM cost and latency by provider', s.byProvider, 'by-provider');
  breakdown('LLM cost and latency by model', s.byModel, 'by-model');

  // ---- tests, failed first; what each can be found by ----
  function underLlm(sp, byId) {
    var seen = 0;
    for (var p = byId[sp.parentSpanId]; p && seen < 10000; p = byId[p.parentSpanId], seen++) {
      if (p.type === 'llm') { return true; }
    }
    return false;
  }
  var tests = data.tests.map(function (t, i) {
    var names = [t.path], types = {}, providers = {}, spans = 0, llm = 0, tokens = 0, cost = 0, issues = 0;
    t.traces.forEach(function (trace) {
      var byId = {};
      trace.spans.forEach(function (sp) { byId[sp.spanId] = sp; });
      trace.spans.forEach(function (sp) {
        spans++; names.push(sp.name); types[sp.type] = true;
        if (sp.provider) { providers[sp.provider] = true; }
        // As the summary counts them: an llm span inside another llm span (a framework's chat call
        // inside the agent's llm span) is the same call, counted once, by the outermost.
        if (sp.type === 'llm' && !underLlm(sp, byId)) {
          llm++;
          tokens += (sp.inputTokens || 0) + (sp.outputTokens || 0);
          cost += sp.costUsd || 0;
        }
        (sp.detections || []).forEach(function (d) { issues += d.issues.length; });
      });
    });
    return { t: t, index: i, hay: names.join('\n').toLowerCase(), types: types, providers: providers,
      spans: spans, llm: llm, tokens: tokens, cost: cost, issues: issues };
  });
  tests.sort(function (a, b) { return (ORDER[a.t.outcome] - ORDER[b.t.outcome]) || (a.index - b.index); });

  function options(id, values) {
    var select = document.getElementById(id);
    values.forEach(function (v) { var o = el('option', null, v); o.value = v; select.appendChild(o); });
  }
  var allTypes = {}, allProviders = {}, allOutcomes = {};
  tests.forEach(function (x) {
    Object.keys(x.types).forEach(function (k) { allTypes[k] = true; });
    Object.keys(x.providers).forEach(function (k) { allProviders[k] = true; });
    allOutcomes[x.t.outcome] = true;
  });
  options('filter-outcome', Object.keys(allOutcomes).sort(function (a, b) { return ORDER[a] - ORDER[b]; }));
  options('filter-type', Object.keys(allTypes).sort());
  options('filter-provider', Object.keys(allProviders).sort());

  var list = document.getElementById('tests'), more = document.getElementById('more');
  var shown = [], rendered = 0;

  function applyFilter() {
    var text = document.getElementById('filter-text').value.trim().toLowerCase();
    var outcome = document.getElementById('filter-outcome').value;
    var type = document.getElementById('filter-type').value;
    var provider = document.getElementById('filter-provider').value;
    shown = tests.filter(function (x) {
      return (!text || x.hay.indexOf(text) >= 0) && (!outcome || x.t.outcome === outcome)
        && (!type || x.types[type]) && (!provider || x.providers[provider]);
    });
    list.textContent = '';
    rendered = 0;
    renderMore();
    document.getElementById('filter-count').textContent = shown.length + ' of ' + tests.length + ' tests';
    if (shown.length === 0) { list.appendChild(el('div', 'empty', 'No test matches the filter.')); }
  }

  function renderMore() {
    var end = Math.min(shown.length, rendered + PAGE);
    for (; rendered < end; rendered++) { list.appendChild(testRow(shown[rendered])); }
    more.hidden = rendered >= shown.length;
    more.textContent = 'Show ' + Math.min(PAGE, shown.length - rendered) + ' more of ' + (shown.length - rendered);
  }

  function testRow(x) {
    var t = x.t, row = el('div', 'test');
    row.setAttribute('data-test-id', t.testId);
    row.setAttribute('data-outcome', t.outcome);
    var head = el('button', 'test-head');
    head.type = 'button';
    head.setAttribute('aria-expanded', 'false');
    var caret = el('span', 'caret', '▸');
    head.appendChild(caret);
    head.appendChild(el('span', 'outcome ' + t.outcome, t.outcome));
    head.appendChild(el('span', 'test-name', t.path || t.displayName));
    var stats = t.traces.length + (t.traces.length === 1 ? ' trace' : ' traces');
    if (x.llm) { stats += ' · ' + x.llm + ' llm · ' + num(x.tokens) + ' tokens · ' + usd(x.cost); }
    if (x.issues) { stats += ' · ' + x.issues + ' detection issue' + (x.issues === 1 ? '' : 's'); }
    if (t.durationMs !== undefined) { stats += ' · ' + ms(t.durationMs); }
    if (t.flaky) { stats += ' · flaky: ' + t.flaky; }
    head.appendChild(el('span', 'test-stats', stats));
    row.appendChild(head);
    var body = null;
    head.addEventListener('click', function () {
      if (!body) { body = testBody(t); row.appendChild(body); }
      else { body.hidden = !body.hidden; }
      head.setAttribute('aria-expanded', String(!body.hidden));
      caret.textContent = body.hidden ? '▸' : '▾';
    });
    return row;
  }

  function testBody(t) {
    var body = el('div', 'test-body');
    if (t.failure) {
      body.appendChild(el('div', 'failure', (t.failure.type ? t.failure.type + ': ' : '') + t.failure.message));
    }
    if (t.skipped && t.skipped.message) { body.appendChild(el('p', 'muted', 'Skipped: ' + t.skipped.message)); }
    body.appendChild(el('div', 'muted test-id', t.testId));
    var against = againstBaseline(t);
    if (against) { body.appendChild(against); }
    if (t.traces.length === 0) {
      body.appendChild(el('p', 'muted', t.container ? 'This container failed before its tests ran.'
        : 'No traces: the test traced nothing, or does not use AvaliarExtension.'));
    }
    // Spans drawn open at first; below that many, a node's children are made when it is opened.
    var budget = { left: OPEN_SPANS };
    t.traces.forEach(function (trace, i) {
      var box = el('div', 'trace');
      box.appendChild(el('div', 'trace-title', 'Trace ' + (i + 1) + ' · ' + trace.traceId
        + (trace.complete ? '' : ' · incomplete: some parents were not captured')));
      box.appendChild(tree(trace, budget));
      body.appendChild(box);
    });
    return body;
  }

  function tree(trace, budget) {
    var children = {}, roots = [];
    var ids = {};
    trace.spans.forEach(function (sp) { ids[sp.spanId] = true; });
    trace.spans.forEach(function (sp) {
      if (sp.parentSpanId && ids[sp.parentSpanId]) { (children[sp.parentSpanId] = children[sp.parentSpanId] || []).push(sp); }
      else { roots.push(sp); }
    });
    // The trace's time span, for each span's bar on the timeline.
    var t0 = Infinity, t1 = -Infinity;
    trace.spans.forEach(function (sp) {
      t0 = Math.min(t0, sp.startEpochNanos);
      t1 = Math.max(t1, sp.startEpochNanos + sp.durationMs * 1e6);
    });
    var time = { start: t0, length: Math.max(t1 - t0, 1) };
    var top = el('ul', 'tree top');
    roots.forEach(function (sp) { top.appendChild(node(sp, children, time, budget)); });
    return top;
  }

  function timeline(sp, time) {
    var track = el('span', 'timeline');
    track.title = 'starts ' + ms((sp.startEpochNanos - time.start) / 1e6) + ' into the trace, takes ' + ms(sp.durationMs);
    var bar = el('span', 'bar ' + sp.type);
    bar.style.left = (100 * (sp.startEpochNanos - time.start) / time.length).toFixed(2) + '%';
    bar.style.width = Math.max(100 * sp.durationMs * 1e6 / time.length, 0.5).toFixed(2) + '%';
    track.appendChild(bar);
    return track;
  }

  function node(sp, children, time, budget) {
    budget.left--;
    var item = el('li', 'span-node');
    item.setAttribute('data-span-id', sp.spanId);
    var line = el('div', 'span-line');
    var kids = children[sp.spanId] || [];
    var open = kids.length > 0 && budget.left > 0;
    var toggle = el('button', 'span-toggle', kids.length ? (open ? '▾' : '▸') : '·');
    toggle.type = 'button';
    toggle.setAttribute('aria-label', 'collapse or expand children');
    line.appendChild(toggle);
    var name = el('button', 'span-name', sp.name);
    name.type = 'button';
    line.appendChild(name);
    line.appendChild(el('span', 'type ' + sp.type, sp.type));
    var facts = [ms(sp.durationMs)];
    if (sp.model) { facts.push(sp.model); }
    if (sp.inputTokens !== undefined || sp.outputTokens !== undefined) {
      facts.push(num(sp.inputTokens) + ' in / ' + num(sp.outputTokens) + ' out');
    }
    if (sp.costUsd !== undefined) { facts.push(usd(sp.costUsd)); }
    line.appendChild(el('span', 'facts', facts.join(' · ')));
    if (sp.status === 'ERROR') { line.appendChild(el('span', 'badge error', 'error')); }
    var issues = 0;
    (sp.detections || []).forEach(function (d) { issues += d.issues.length; });
    if (issues) { line.appendChild(el('span', 'badge issue', issues + ' issue' + (issues === 1 ? '' : 's'))); }
    line.appendChild(timeline(sp, time));
    item.appendChild(line);
    var detail = null;
    name.addEventListener('click', function () {
      if (!detail) { detail = spanDetail(sp); line.insertAdjacentElement('afterend', detail); }
      else { detail.hidden = !detail.hidden; }
    });
    if (kids.length) {
      var list = null;
      var build = function () {
        list = el('ul', 'tree');
        kids.forEach(function (child) { list.appendChild(node(child, children, time, budget)); });
        item.appendChild(list);
      };
      if (open) { build(); }
      toggle.addEventListener('click', function () {
        if (!list) {
          budget.left = Math.max(budget.left, kids.length + 1);
          build();
        } else {
          list.hidden = !list.hidden;
        }
        toggle.textContent = list.hidden ? '▸' : '▾';
      });
    }
    return item;
  }

  function spanDetail(sp) {
    var box = el('div', 'span-detail'), dl = el('dl');
    function row(label, value, pre) {
      if (value === undefined || value === null || value === '') { return; }
      dl.appendChild(el('dt', null, label));
      var dd = el('dd');
      if (pre) { dd.appendChild(el('pre', null, value)); } else { dd.textContent = String(value); }
      dl.appendChild(dd);
    }
    row('type', sp.type);
    row('start', sp.start);
    row('duration', ms(sp.durationMs));
    row('status', sp.status);
    row('provider', sp.provider);
    row('model', sp.model);
    if (sp.responseModel && sp.responseModel !== sp.model) { row('response model', sp.responseModel); }
    if (sp.generationInfo) {
      row('generation info', Object.keys(sp.generationInfo).map(function (k) {
        return k + ' = ' + json(sp.generationInfo[k]);
      }).join(', '));
    }
    if (sp.inputTokens !== undefined || sp.outputTokens !== undefined) {
      var tokens = num(sp.inputTokens) + ' in, ' + num(sp.outputTokens) + ' out';
      if (sp.cacheReadInputTokens !== undefined) { tokens += ', ' + num(sp.cacheReadInputTokens) + ' cache read'; }
      if (sp.cacheCreationInputTokens !== undefined) { tokens += ', ' + num(sp.cacheCreationInputTokens) + ' cache written'; }
      if (sp.reasoningOutputTokens !== undefined) { tokens += ', ' + num(sp.reasoningOutputTokens) + ' reasoning'; }
      row('tokens', tokens);
    }
    if (sp.costUsd !== undefined) { row('cost', usd(sp.costUsd)); }
    if (sp.streaming) { row('streaming', 'yes' + (sp.timeToFirstChunkMs !== undefined ? ', first chunk after ' + ms(sp.timeToFirstChunkMs) : '')); }
    if (sp.inputs !== null && typeof sp.inputs === 'object' && !Array.isArray(sp.inputs)) {
      // Each named input on its own, a text as it is (its line breaks kept), anything else as JSON.
      Object.keys(sp.inputs).forEach(function (name) { row('input: ' + name, json(sp.inputs[name]), true); });
    } else if (sp.inputs !== undefined) { row('inputs', json(sp.inputs), true); }
    if (sp.output !== undefined) { row('output', json(sp.output), true); }
    if (sp.metadata) { row('metadata', json(sp.metadata), true); }
    if (sp.detectionMode) { row('detection mode', sp.detectionMode); }
    if (sp.detections && sp.detections.length) {
      dl.appendChild(el('dt', null, 'detections'));
      var dd = el('dd');
      sp.detections.forEach(function (d) {
        var head = el('div', null, d.detector + ': ' + d.status + ' (' + d.mode + ')'
          + (d.issues.length ? ', ' + d.issues.length + ' issue' + (d.issues.length === 1 ? '' : 's') : ', no issues')
          + (d.reason ? ' · ' + d.reason : ''));
        dd.appendChild(head);
        if (d.issues.length) {
          var ul = el('ul', 'issue-list');
          d.issues.forEach(function (issue) {
            var li = el('li');
            li.appendChild(el('span', 'sev ' + issue.severity, issue.severity));
            var where = (issue.ranges || []).map(function (r) { return r.field + ' ' + r.start + '..' + r.end; }).join(', ');
            li.appendChild(document.createTextNode(' ' + issue.type + ' / ' + issue.category + ' · score '
              + issue.score + (issue.method ? ' · ' + issue.method : '') + (where ? ' · at ' + where : '')
              + ' · ' + issue.message));
            ul.appendChild(li);
          });
          dd.appendChild(ul);
        }
      });
      dl.appendChild(dd);
    }
    if (sp.error) { row('error', sp.error); }
    if (sp.exception) {
      row('exception', (sp.exception.type || '') + (sp.exception.message ? ': ' + sp.exception.message : ''));
      row('stack trace', sp.exception.stackTrace, true);
    }
    if (sp.attributes) { row('other attributes', json(sp.attributes), true); }
    row('span id', sp.spanId + (sp.parentSpanId ? ' (parent ' + sp.parentSpanId + ')' : ''));
    box.appendChild(dl);
    return box;
  }

  ['filter-text', 'filter-outcome', 'filter-type', 'filter-provider'].forEach(function (id) {
    document.getElementById(id).addEventListener(id === 'filter-text' ? 'input' : 'change', applyFilter);
  });
  more.addEventListener('click', renderMore);
  applyFilter();
}());
