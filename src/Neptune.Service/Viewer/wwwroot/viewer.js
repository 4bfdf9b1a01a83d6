// Neptune's web viewer: plain JavaScript over the service's own JSON endpoints, no framework, nothing fetched from
// another host. Views: #/ask (a question or referring expression about a picture) and #/runs, #/runs/NAME,
// #/runs/NAME/items/ID (evaluation runs). Every /v1 call carries the API key the user entered, if any.
"use strict";

const state = { key: sessionStorage.getItem("neptune.key") || "", samples: [], picture: null, pictureName: null, pictureUrl: null };

const REFERRING_EXAMPLES = [
  { query: "the small cubes", program: "CUBES = FIND(object_name='cube')\nSMALL = PROPERTY(object=CUBES, value='small')\nFINAL_RESULT = RESULT(object=SMALL)" },
  { query: "the large spheres", program: "SPHERES = FIND(object_name='sphere')\nLARGE = PROPERTY(object=SPHERES, value='large')\nFINAL_RESULT = RESULT(object=LARGE)" },
  { query: "the metal cylinders", program: "CYLINDERS = FIND(object_name='cylinder')\nMETAL = PROPERTY(object=CYLINDERS, value='metal')\nFINAL_RESULT = RESULT(object=METAL)" },
];

// ---------- small helpers ----------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// Replaces a node's children; arrays are flattened and null, undefined and false left out.
function fill(node, ...children) {
  node.replaceChildren(...children.flat(Infinity).filter(c => c !== null && c !== undefined && c !== false));
}

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

function notice(message, kind = "error") {
  const box = document.getElementById("notice");
  if (!message) { box.hidden = true; box.textContent = ""; return; }
  box.hidden = false;
  box.className = kind;
  box.textContent = message;
}

class ApiError extends Error {
  constructor(status, problem) {
    super(problem && problem.detail ? problem.detail : `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

async function api(path, options = {}) {
  const headers = new Headers(options.headers || {});
  if (state.key) headers.set("Authorization", "Bearer " + state.key);
  let response;
  try {
    response = await fetch(path, { ...options, headers });
  } catch (e) {
    throw new ApiError(0, { detail: "the server cannot be reached: " + e.message });
  }
  if (response.status === 401) {
    const problem = await response.json().catch(() => null);
    notice(state.key
      ? "The API key was refused: " + (problem && problem.detail ? problem.detail : "not valid") + ". Enter a valid key above."
      : "This server requires an API key: enter it in the API key field above (it is sent as Authorization: Bearer KEY and kept for this tab only).");
    document.body.dataset.auth = "required";
    throw new ApiError(401, problem);
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => null);
    throw new ApiError(response.status, problem);
  }
  const type = response.headers.get("content-type") || "";
  return type.includes("json") ? response.json() : response.blob();
}

function fmt(value) {
  if (value === null || value === undefined) return "—";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : value.toFixed(3);
  return String(value);
}

function percent(x) {
  return x === null || x === undefined ? "—" : (100 * x).toFixed(1) + "%";
}

// ---------- the picture with boxes ----------

function stage(url, width, height, layers) {
  const overlay = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "overlay", "data-testid": "overlay" });
  for (const layer of layers) {
    for (const item of layer.boxes) {
      const [x1, y1, x2, y2] = item.box;
      const rect = svg("rect", { x: x1, y: y1, width: Math.max(1, x2 - x1), height: Math.max(1, y2 - y1), class: "box " + layer.kind, "data-box": layer.kind });
      rect.append(svg("title", {}, `${layer.label}${item.label !== undefined ? " " + item.label : ""}: [${item.box.map(v => Math.round(v)).join(", ")}]`));
      overlay.append(rect);
      if (item.label !== undefined) overlay.append(svg("text", { x: x1 + 2, y: y1 + 11, class: "label " + layer.kind }, item.label));
    }
  }
  const legend = el("ul", { class: "legend" }, layers.filter(l => l.boxes.length).map(l => el("li", { class: l.kind }, `${l.label} (${l.boxes.length})`)));
  return el("figure", { class: "picture" }, el("div", { class: "frame", style: `aspect-ratio: ${width} / ${height}` }, el("img", { src: url, alt: "the picture" }), overlay), legend);
}

// ---------- program, per-line values, score tables ----------

function programListing(program, trace, highlight) {
  const traced = (trace || []).length > 0;
  const byLine = new Map();
  for (const event of trace || []) {
    if (!byLine.has(event.line)) byLine.set(event.line, []);
    byLine.get(event.line).push(event);
  }
  const rows = (program || "").replace(/\n$/, "").split("\n").map((text, i) => {
    const line = i + 1;
    const events = byLine.get(line) || [];
    const values = events.map(e => `${e.function}(…) → ${e.result}`).join("; ");
    return el("tr", { class: line === highlight ? "highlight" : null, "data-line": line },
      el("td", { class: "ln" }, line), el("td", { class: "code" }, el("code", {}, text || " ")),
      traced ? el("td", { class: "value", "data-testid": events.length ? "line-value" : null }, values) : null);
  });
  // Without a trace (a /v1/find answer) there are no values to show beside the lines.
  return el("table", { class: "program", "data-testid": "program" },
    el("thead", {}, el("tr", {}, el("th", {}, "#"), el("th", {}, "program"), traced ? el("th", {}, "value on this line") : null)), el("tbody", {}, rows));
}

function scoreTable(event) {
  const variables = event.variables || [];
  const values = event.values || [];
  if (variables.length === 0 || values.length === 0) return null;
  if (variables.length === 1) {
    return el("table", { class: "scores" },
      el("tr", {}, el("th", {}, "object"), values.map((_, i) => el("th", {}, i))),
      el("tr", {}, el("th", {}, variables[0]), values.map(v => el("td", { style: heat(v) }, v.toFixed(3)))));
  }
  if (variables.length === 2) {
    const n = Math.round(Math.sqrt(values.length));
    const rows = [];
    for (let i = 0; i < n; i++) {
      rows.push(el("tr", {}, el("th", {}, `${variables[0]}=${i}`), Array.from({ length: n }, (_, j) => {
        const v = values[i * n + j];
        return el("td", { style: heat(v) }, v.toFixed(2));
      })));
    }
    return el("table", { class: "scores" }, el("tr", {}, el("th", {}, ""), Array.from({ length: n }, (_, j) => el("th", {}, `${variables[1]}=${j}`))), rows);
  }
  return el("p", { class: "hint" }, `${values.length} values over ${variables.join(", ")}`);
}

function heat(v) {
  const a = Math.max(0, Math.min(1, v));
  return `background: rgba(46, 125, 50, ${(0.08 + 0.6 * a).toFixed(2)})`;
}

function traceTable(trace) {
  if (!trace || trace.length === 0) return el("p", { class: "hint" }, "No host calls were traced.");
  return el("table", { class: "trace", "data-testid": "trace" },
    el("thead", {}, el("tr", {}, el("th", {}, "#"), el("th", {}, "line"), el("th", {}, "call"), el("th", {}, "result"), el("th", {}, "scores per object"))),
    el("tbody", {}, trace.map(e => el("tr", {},
      el("td", {}, e.sequence), el("td", {}, e.line),
      el("td", {}, el("code", {}, `${e.function}(${(e.arguments || []).join(", ")})`)),
      el("td", {}, e.result), el("td", {}, scoreTable(e))))));
}

function objectsTable(objects) {
  if (!objects || objects.length === 0) return null;
  return el("table", { class: "objects" },
    el("thead", {}, el("tr", {}, el("th", {}, "object"), el("th", {}, "box [x1, y1, x2, y2]"), el("th", {}, "label"), el("th", {}, "confidence"))),
    el("tbody", {}, objects.map(o => el("tr", {}, el("td", {}, o.index), el("td", {}, o.box.map(v => Math.round(v)).join(", ")), el("td", {}, o.label || "—"), el("td", {}, fmt(o.confidence))))));
}

// ---------- the ask view ----------

async function loadSamples() {
  const box = document.getElementById("samples");
  fill(box, el("p", { class: "hint" }, "Loading the sample scenes…"));
  let data;
  try {
    data = await api("/v1/samples");
  } catch (e) {
    fill(box, el("p", { class: "hint" }, e.status === 401 ? "The sample scenes need the API key." : "Sample scenes unavailable: " + e.message));
    return;
  }
  state.samples = data.samples;
  fill(box, ...data.samples.map(s => el("button", { type: "button", class: "sample", "data-sample": s.image_index, onclick: () => pickSample(s) }, `Scene ${s.image_index}`, el("span", { class: "hint" }, ` ${s.objects} objects`))));
  notice(null);
  if (!state.picture && data.samples.length) pickSample(data.samples[0]);
}

async function pickSample(sample) {
  const blob = await api(sample.image);
  setPicture(blob, `scene-${sample.image_index}.png`, sample);
  for (const b of document.querySelectorAll(".sample")) b.classList.toggle("selected", b.dataset.sample === String(sample.image_index));
}

function setPicture(blob, name, sample) {
  if (state.pictureUrl) URL.revokeObjectURL(state.pictureUrl);
  state.picture = blob;
  state.pictureName = name;
  state.pictureUrl = URL.createObjectURL(blob);
  state.sample = sample || null;
  fill(document.getElementById("ask-stage"), el("img", { src: state.pictureUrl, alt: name, class: "preview" }), el("p", { class: "hint" }, name));
  fill(document.getElementById("ask-result"));
  fillExamples();
}

function mode() {
  return document.querySelector("input[name=mode]:checked").value;
}

function fillExamples() {
  const select = document.getElementById("examples");
  const examples = mode() === "find"
    ? REFERRING_EXAMPLES.map(e => ({ text: e.query, program: e.program, note: "" }))
    : (state.sample ? state.sample.questions : []).map(q => ({ text: q.question, program: q.program, note: ` (${q.family}; dataset answer: ${q.answer})` }));
  fill(select, el("option", { value: "" }, examples.length ? "— pick an example —" : "— no examples for this picture —"),
    ...examples.map((e, i) => el("option", { value: i }, e.text + e.note)));
  select.onchange = () => {
    const e = examples[Number(select.value)];
    if (!select.value || !e) return;
    document.getElementById("question").value = e.text;
    document.getElementById("program").value = e.program;
  };
  // The first example fills the form, so a sample scene can be asked about at once.
  if (examples.length) { select.value = "0"; select.onchange(); }
}

async function submitAsk(event) {
  event.preventDefault();
  const out = document.getElementById("ask-result");
  if (!state.picture) { fill(out, el("p", { class: "error" }, "Pick a sample scene or upload a picture first.")); return; }
  const form = new FormData();
  const find = mode() === "find";
  form.append(find ? "query" : "question", document.getElementById("question").value);
  const program = document.getElementById("program").value;
  if (program.trim()) form.append("program", program);
  form.append("logic", document.getElementById("logic").value);
  form.append("image", state.picture, state.pictureName);
  fill(out, el("p", { class: "hint" }, "Working…"));
  const button = document.getElementById("ask-button");
  button.disabled = true;
  try {
    const answer = await api(find ? "/v1/find" : "/v1/ask", { method: "POST", body: form });
    fill(out, find ? findResult(answer) : askResult(answer));
  } catch (e) {
    fill(out, el("p", { class: "error", "data-testid": "request-error" }, `Refused (${e.status}): ${e.message}`));
  } finally {
    button.disabled = false;
  }
}

function askResult(r) {
  const objects = (r.objects || []).map(o => ({ box: o.box, label: String(o.index) }));
  const targets = (r.boxes || []).map(b => ({ box: b }));
  const verdict = {
    "answer": () => el("p", { class: "verdict ok" }, "Answer: ", el("strong", { "data-testid": "answer" }, r.answer)),
    "box": () => el("p", { class: "verdict ok" }, "Target: object ", el("strong", { "data-testid": "answer" }, r.target ? r.target.index : "?"), r.target ? ` (uniqueness ${fmt(r.target.uniqueness)})` : ""),
    "no-target": () => el("p", { class: "verdict abstain", "data-testid": "abstention" }, "No target: the program found nothing the question refers to."),
    "failed": () => el("p", { class: "verdict error", "data-testid": "failure" }, `Failed at ${r.failed_stage || "?"}: ${r.error || ""}`),
  }[r.outcome] || (() => el("p", {}, r.outcome));
  const errorLine = r.outcome === "failed" ? lineOf(r.error) : null;
  return el("div", { class: "result", "data-testid": "result", "data-outcome": r.outcome },
    el("h2", {}, r.question),
    verdict(),
    stage(state.pictureUrl, 480, 320, [
      { kind: "detected", label: "detected", boxes: objects },
      { kind: "target", label: "target", boxes: targets },
    ]),
    el("h3", {}, "Program"), programListing(r.program, r.trace, errorLine),
    el("h3", {}, "Trace and score tables"), traceTable(r.trace),
    el("h3", {}, "Detected objects"), objectsTable(r.objects),
    el("p", { class: "hint" }, `${fmt(r.seconds)} s · trace id ${r.trace_id}`));
}

function lineOf(text) {
  const m = /line (\d+)/.exec(text || "");
  return m ? Number(m[1]) : null;
}

function findResult(r) {
  const row = (r.images || [])[0] || {};
  let verdict;
  if (r.error) verdict = el("p", { class: "verdict error", "data-testid": "failure" }, "No program: " + r.error);
  else if (row.outcome === "target") verdict = el("p", { class: "verdict ok" }, "Found ", el("strong", { "data-testid": "answer" }, `${row.boxes.length} object(s)`), `: ${row.objects.join(", ")} (confidence ${fmt(row.confidence)})`);
  else if (row.outcome === "no_target") verdict = el("p", { class: "verdict abstain", "data-testid": "abstention" }, "No target: ", el("strong", { "data-testid": "abstained-by" }, row.abstained_by || "?"), " abstained", row.reason ? ` — ${row.reason}` : "");
  else verdict = el("p", { class: "verdict error", "data-testid": "failure" }, `Failed: ${row.error ? row.error.message : "?"}`);
  const abstainLine = row.abstained_by ? findOperatorLine(r.program, row.abstained_by) : null;
  return el("div", { class: "result", "data-testid": "result", "data-outcome": row.outcome || "failed" },
    el("h2", {}, r.query), verdict,
    stage(state.pictureUrl, 480, 320, [{ kind: "target", label: "referent", boxes: (row.boxes || []).map((b, i) => ({ box: b, label: String(row.objects[i]) })) }]),
    el("h3", {}, "Program"), programListing(r.program, [], abstainLine),
    el("p", { class: "hint" }, `program from ${r.program_source} · ${fmt(row.run_ms)} ms · trace id ${r.trace_id}`));
}

function findOperatorLine(program, operator) {
  const lines = (program || "").split("\n");
  const i = lines.findIndex(l => l.includes(operator + "("));
  return i >= 0 ? i + 1 : null;
}

function uploadPicture(event) {
  const file = event.target.files[0];
  if (file) setPicture(file, file.name, null);
}

// ---------- the runs views ----------

async function showRuns() {
  const view = document.getElementById("view-runs");
  fill(view, el("p", { class: "hint" }, "Loading runs…"));
  let data;
  try { data = await api("/v1/runs"); } catch (e) { fill(view, el("p", { class: "error" }, e.message)); return; }
  if (!data.configured) {
    fill(view, el("h2", {}, "Evaluation runs"), el("p", { "data-testid": "no-runs" }, "This server has no runs folder: start it with ", el("code", {}, "neptune serve --runs DIR"), " (each subfolder an output folder of neptune eval)."));
    return;
  }
  fill(view, el("h2", {}, "Evaluation runs"),
    data.runs.length === 0 ? el("p", { "data-testid": "no-runs" }, "The runs folder holds no run yet.") :
    el("table", { class: "runs", "data-testid": "runs" },
      el("thead", {}, el("tr", {}, ["run", "task", "perception", "programs", "logic", "items", "accuracy / balanced accuracy", "failures"].map(h => el("th", {}, h)))),
      el("tbody", {}, data.runs.map(r => {
        const s = r.settings || {}; const m = r.summary || {};
        return el("tr", {}, el("td", {}, el("a", { href: `#/runs/${encodeURIComponent(r.name)}` }, r.name)), el("td", {}, s.task || "vqa"), el("td", {}, s.perception), el("td", {}, s.programs), el("td", {}, s.logic),
          el("td", {}, fmt(m.total)), el("td", {}, m.balanced_accuracy !== undefined ? percent(m.balanced_accuracy) : percent(m.accuracy)), el("td", {}, fmt(m.failures)));
      }))));
}

async function showRun(name, params) {
  const view = document.getElementById("view-runs");
  fill(view, el("p", { class: "hint" }, "Loading the run…"));
  let run;
  try { run = await api(`/v1/runs/${encodeURIComponent(name)}`); } catch (e) { fill(view, el("p", { class: "error" }, e.message)); return; }
  const query = new URLSearchParams();
  for (const k of ["family", "correct", "failure_kind", "offset"]) if (params.get(k)) query.set(k, params.get(k));
  query.set("limit", "50");
  let items;
  try { items = await api(`/v1/runs/${encodeURIComponent(name)}/items?${query}`); } catch (e) { fill(view, el("p", { class: "error", "data-testid": "request-error" }, e.message)); return; }

  const select = (id, label, options, value) => el("label", {}, label, " ",
    el("select", { id, "data-filter": id, onchange: applyFilters }, options.map(([v, text]) => el("option", { value: v, selected: v === (value || "") }, text))));
  const filters = el("form", { class: "filters", "data-testid": "filters", onsubmit: e => e.preventDefault() },
    select("family", "Family", [["", `all (${Object.keys(run.families).length})`], ...Object.entries(run.families).map(([f, n]) => [f, `${f} (${n})`])], params.get("family")),
    select("correct", "Correct", [["", "all"], ["true", "correct"], ["false", "wrong"]], params.get("correct")),
    select("failure_kind", "Failure kind", [["", "all"], ...Object.entries(run.failure_kinds).map(([k, n]) => [k, `${k} (${n})`])], params.get("failure_kind")));

  function applyFilters() {
    const next = new URLSearchParams();
    for (const id of ["family", "correct", "failure_kind"]) { const v = document.getElementById(id).value; if (v) next.set(id, v); }
    location.hash = `#/runs/${encodeURIComponent(name)}` + (next.toString() ? "?" + next : "");
  }

  const rec = (run.settings || {}).task === "rec";
  const offset = items.offset;
  const pager = el("p", { class: "pager" },
    offset > 0 ? el("a", { href: pageHash(name, params, Math.max(0, offset - items.limit)) }, "← previous") : null, " ",
    `${items.matched === 0 ? 0 : offset + 1}–${Math.min(items.matched, offset + items.items.length)} of `, el("strong", { "data-testid": "matched" }, items.matched), ` matching rows (${items.total} in the run)`, " ",
    offset + items.items.length < items.matched ? el("a", { href: pageHash(name, params, offset + items.limit) }, "next →") : null);
  fill(view,
    el("p", {}, el("a", { href: "#/runs" }, "← all runs")),
    el("h2", {}, name),
    summaryBlock(run),
    run.torn ? el("p", { class: "error" }, "results.jsonl ends with an incomplete line (a run in progress or interrupted); the rows before it are shown.") : null,
    filters, pager,
    el("table", { class: "items", "data-testid": "items" },
      el("thead", {}, el("tr", {}, ["id", "question", "family", "predicted", "expected", "correct", "failure kind"].map(h => el("th", {}, h)))),
      el("tbody", {}, items.items.map(row => el("tr", { class: row.correct ? "correct" : "wrong", "data-id": row.id },
        el("td", {}, el("a", { href: `#/runs/${encodeURIComponent(name)}/items/${row.id}` }, row.id)),
        el("td", {}, row.question), el("td", {}, row.family), el("td", {}, rec && row.rec && row.rec.predicted_no_target ? "no target" : fmt(row.predicted)), el("td", {}, fmt(row.expected)),
        el("td", {}, row.correct ? "yes" : "no"), el("td", {}, row.failure_kind || "—")))),
    ));
}

function pageHash(name, params, offset) {
  const next = new URLSearchParams(params);
  if (offset) next.set("offset", offset); else next.delete("offset");
  return `#/runs/${encodeURIComponent(name)}?${next}`;
}

function summaryBlock(run) {
  const s = run.settings || {};
  const m = run.summary || {};
  const facts = [
    ["task", s.task || "vqa"], ["perception", s.perception], ["programs", s.programs], ["logic", s.logic],
    ["rows", run.rows], ["correct", `${run.correct} (${percent(run.rows ? run.correct / run.rows : null)})`],
  ];
  if (m.failures !== undefined) facts.push(["failures", m.failures]);
  if (m.balanced_accuracy !== undefined) facts.push(["balanced accuracy", percent(m.balanced_accuracy)]);
  const byCategory = m.accuracy_by_category ? el("table", { class: "categories" },
    el("thead", {}, el("tr", {}, el("th", {}, "category"), el("th", {}, "items"), el("th", {}, "accuracy"))),
    el("tbody", {}, Object.entries(m.accuracy_by_category).map(([c, v]) => el("tr", {}, el("td", {}, c), el("td", {}, v.total), el("td", {}, percent(v.accuracy)))))) : null;
  return el("div", { class: "summary", "data-testid": "summary" }, el("dl", {}, facts.map(([k, v]) => [el("dt", {}, k), el("dd", {}, fmt(v))])), byCategory);
}

async function showItem(name, id) {
  const view = document.getElementById("view-runs");
  fill(view, el("p", { class: "hint" }, "Loading the item…"));
  let item;
  try { item = await api(`/v1/runs/${encodeURIComponent(name)}/items/${id}`); } catch (e) { fill(view, el("p", { class: "error", "data-testid": "request-error" }, e.message)); return; }
  const row = item.row;
  const replay = item.replay;
  let picture = null;
  if (item.has_image) {
    const blob = await api(`/v1/runs/${encodeURIComponent(name)}/items/${id}/image`);
    const layers = [];
    if (replay.objects.length) layers.push({ kind: "detected", label: "perceived", boxes: replay.objects.map(o => ({ box: o.box, label: String(o.index) })) });
    if (row.rec) {
      layers.push({ kind: "expected", label: "expected", boxes: row.rec.expected_boxes.map(b => ({ box: b })) });
      layers.push({ kind: "target", label: "predicted", boxes: row.rec.predicted_boxes.map(b => ({ box: b })) });
    }
    picture = stage(URL.createObjectURL(blob), 480, 320, layers);
  }
  const fields = [["question", row.question], ["family", row.family], ["category", row.category], ["image", row.image_index],
    ["predicted", row.predicted], ["expected", row.expected], ["correct", row.correct ? "yes" : "no"],
    ["failure kind", row.failure_kind], ["error", row.error], ["failure message", row.failure_message],
    ["scored tuples", row.scored_tuples], ["run µs", row.run_us]];
  if (row.detection) fields.push(["detections", `${row.detection.tp} matched, ${row.detection.fp} extra, ${row.detection.fn} missed`]);
  if (row.rec) {
    fields.push(["predicted no target", row.rec.predicted_no_target ? "yes" : "no"], ["IoU", row.rec.iou]);
    if (row.rec.abstained_by) fields.push(["abstained by", `${row.rec.abstained_by}${row.rec.reason ? " — " + row.rec.reason : ""}`]);
  }
  const replayNote = replay.available
    ? el("p", { class: replay.matches_run ? "hint" : "error", "data-testid": "replay-note" },
        `Replayed here with the run's perception and logic: answer ${fmt(replay.answer)}${replay.result ? " (value " + replay.result + ")" : ""}` +
        (replay.matches_run ? ", the same as the run's." : `, but the run recorded ${fmt(row.predicted)}.`) + (replay.error ? " Error: " + replay.error : ""))
    : el("p", { class: "hint", "data-testid": "replay-note" }, "No trace: " + replay.unavailable + ".");
  fill(view,
    el("p", {}, el("a", { href: `#/runs/${encodeURIComponent(name)}` }, `← ${name}`)),
    el("h2", { "data-testid": "item-title" }, `Item ${row.id}: ${row.question}`),
    el("div", { class: "columns" },
      el("div", {}, picture || el("p", { class: "hint" }, "No picture: the run's scenes are not readable here.")),
      el("dl", { class: "fields", "data-testid": "item-fields" }, fields.map(([k, v]) => [el("dt", {}, k), el("dd", {}, fmt(v))]))),
    replayNote,
    replay.program ? [el("h3", {}, "Program"), programListing(replay.program, replay.trace, replay.error_line || null)] : null,
    replay.available ? [el("h3", {}, "Trace and score tables"), traceTable(replay.trace)] : null);
}

// ---------- routing ----------

function route() {
  const hash = location.hash || "#/ask";
  const [path, queryText] = hash.slice(1).split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(queryText || "");
  const view = parts[0] === "runs" ? "runs" : "ask";
  document.getElementById("view-ask").hidden = view !== "ask";
  document.getElementById("view-runs").hidden = view !== "runs";
  for (const a of document.querySelectorAll("nav a")) a.classList.toggle("active", a.dataset.view === view);
  if (view === "ask") {
    if (!state.samples.length) loadSamples();
  } else if (parts.length === 1) {
    showRuns();
  } else if (parts.length === 2) {
    showRun(parts[1], params);
  } else if (parts.length === 4 && parts[2] === "items") {
    showItem(parts[1], parts[3]);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("api-key").value = state.key;
  document.getElementById("key-form").addEventListener("submit", e => {
    e.preventDefault();
    state.key = document.getElementById("api-key").value.trim();
    if (state.key) sessionStorage.setItem("neptune.key", state.key); else sessionStorage.removeItem("neptune.key");
    delete document.body.dataset.auth;
    notice(null);
    state.samples = [];
    route();
  });
  document.getElementById("ask-form").addEventListener("submit", submitAsk);
  document.getElementById("upload").addEventListener("change", uploadPicture);
  for (const radio of document.querySelectorAll("input[name=mode]")) radio.addEventListener("change", fillExamples);
  window.addEventListener("hashchange", route);
  route();
});
