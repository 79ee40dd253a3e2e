// logspout's live log view: lines from module-httpstream's WebSocket (/logs), the last lines of
// each container from /ui/recent, routes from /health and the routes API (/routes).
"use strict";

const MAX_LINES = Number(document.documentElement.dataset.maxLines) || 10000;
const TAIL = Number(document.documentElement.dataset.tail) || 0;
const COLOURS = 14; // logspout's cycle: seven bright colours, then the same seven plain
const HEALTH_PERIOD_MS = 2000;
const LIST_PERIOD_MS = 250;
const FOLLOW_ROWS = 500;

const $ = (id) => document.getElementById(id);
const logBox = $("log");
const pane = $("log-pane");

/** Every kept line, oldest first: {id, name, source, data, time (µs since the epoch), el}. */
let lines = [];
/** Lines received and not rendered yet (while paused, or until the next animation frame). */
let pending = [];
/** Lines received while paused, whether or not still kept in `pending`. */
let held = 0;
let paused = false;
let follow = true;
let frameAsked = false;
/** Kept lines that the filters, sources and selection show. */
let shownCount = 0;
/** Per container: {id, name, count, colour, last (µs of its newest line)}. */
const containers = new Map();
const selected = new Set();
let nextColour = 0;
let matcher = () => true;
let listDirty = false;

// --- receiving ----------------------------------------------------------------------------

function container(id, name) {
  let c = containers.get(id);
  if (!c) {
    c = { id, name, count: 0, colour: nextColour++ % COLOURS, last: 0 };
    containers.set(id, c);
  }
  c.name = name; // a rename shows at once
  return c;
}

/** Counts a line for its container and queues it for the next frame, or holds it while paused. */
function take(line) {
  const c = container(line.id, line.name);
  c.count++;
  c.last = Math.max(c.last, line.time);
  listDirty = true;
  pending.push(line);
  if (pending.length > MAX_LINES) pending.splice(0, pending.length - MAX_LINES);
  if (paused) {
    held++;
    showHeld();
  } else {
    askFrame();
  }
}

/** Live lines that came while the last lines were being loaded; null when not loading. */
let early = null;

/** Lines from the stream's worker (stream.js), which reads the WebSocket; then asks it for more. */
function fromStream(lines, skipped) {
  // Lines the worker let go while the page was busy: counted, never shown (older than the newest MAX_LINES).
  for (const s of skipped) {
    const c = container(s.id, s.name);
    c.count += s.count;
    c.last = Math.max(c.last, s.last);
    listDirty = true;
    if (paused) held += s.count;
  }
  for (const line of lines) {
    if (early === null) {
      take(line);
    } else {
      early.push(line);
      if (early.length > MAX_LINES) early.splice(0, early.length - MAX_LINES);
    }
  }
  if (paused) showHeld();
  stream.postMessage({ type: "more" });
}

const stream = new Worker("/ui/stream.js");
stream.onmessage = async (event) => {
  const message = event.data;
  if (message.type === "lines") {
    fromStream(message.lines, message.skipped);
  } else if (message.type === "open") {
    setStatus("loading", "ok");
    await loadRecent();
    setStatus("live", "ok");
  } else if (message.type === "closed") {
    setStatus("disconnected, reconnecting", "bad");
  }
};

function connect() {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  stream.postMessage({ type: "connect", url: scheme + "//" + location.host + "/logs?json=compact", maxLines: MAX_LINES });
  stream.postMessage({ type: "more" });
}

/**
 * The last lines of each container from Docker's log: on open, so the page is not empty, and after
 * a reconnect, for what was written meanwhile. Asked after the stream is open, so nothing falls
 * between them; what both bring (not newer than a container's last loaded line) is shown once.
 */
async function loadRecent() {
  if (TAIL < 1) return;
  early = [];
  let recent = [];
  try {
    const answer = await fetch("/ui/recent?lines=" + TAIL, { cache: "no-store" });
    if (!answer.ok) throw new Error(answer.status + " " + (await answer.text()).trim());
    recent = (await answer.json()).map((r) => ({ id: r.id, name: r.name, source: r.source, data: r.data, time: micros(r.time) }));
  } catch (e) {
    $("shown").title = "the last lines could not be loaded: " + e.message;
  }
  const fresh = recent.filter((r) => r.time > (containers.get(r.id)?.last || 0));
  const loaded = new Map();
  for (const r of fresh) loaded.set(r.id, Math.max(loaded.get(r.id) || 0, r.time));
  const live = early;
  early = null;
  for (const line of fresh) take(line);
  for (const line of live) if (line.time > (loaded.get(line.id) || 0)) take(line);
}

// --- rendering ----------------------------------------------------------------------------

function askFrame() {
  if (!frameAsked) {
    frameAsked = true;
    requestAnimationFrame(render);
  }
}

function visible(line) {
  return (selected.size === 0 || selected.has(line.id))
    && (line.source === "stderr" ? $("stderr").checked : $("stdout").checked)
    && matcher(line.data);
}

function pad(n, width) {
  return String(n).padStart(width, "0");
}

function element(line) {
  if (line.el) return line.el;
  const row = document.createElement("div");
  row.className = line.source === "stderr" ? "line err" : "line";
  row.dataset.id = line.id;
  const t = document.createElement("span");
  t.className = "t";
  const d = new Date(Math.floor(line.time / 1000));
  t.textContent = pad(d.getHours(), 2) + ":" + pad(d.getMinutes(), 2) + ":" + pad(d.getSeconds(), 2) + "." + pad(d.getMilliseconds(), 3);
  const n = document.createElement("span");
  n.className = "n c" + containers.get(line.id).colour;
  n.textContent = containers.get(line.id).name;
  const s = document.createElement("span");
  s.className = "s";
  s.textContent = line.source === "stderr" ? "err" : "";
  const data = document.createElement("span");
  data.className = "d";
  data.textContent = display(line.data);
  row.append(t, n, s, data);
  line.el = row;
  return row;
}

/** The data as shown: indented when pretty JSON is on and it is a JSON object or array. */
function display(data) {
  if ($("pretty").checked && /^\s*[{[]/.test(data)) {
    try {
      return JSON.stringify(JSON.parse(data), null, 2);
    } catch (notJson) {
      // shown as it is
    }
  }
  return data;
}

/**
 * One frame: the pending lines join the kept ones, the oldest beyond MAX_LINES go. While the view
 * follows, only the newest FOLLOW_ROWS shown lines have rows in the page, so a frame's work is
 * bounded however many lines came since the last one; the others get theirs when the reader
 * scrolls up.
 */
function render() {
  frameAsked = false;
  if (paused) return;
  const batch = pending;
  pending = [];
  let added = [];
  for (const line of batch) {
    lines.push(line);
    if (visible(line)) {
      added.push(line);
      shownCount++;
    }
  }
  // Lines leaving at the top keep what is being read in place: the browser's scroll anchoring.
  const excess = lines.length - MAX_LINES;
  if (excess > 0) {
    for (let i = 0; i < excess; i++) {
      lines[i].el?.remove();
      if (visible(lines[i])) shownCount--;
    }
    lines = lines.slice(excess);
  }
  if (follow && added.length > FOLLOW_ROWS) added = added.slice(-FOLLOW_ROWS);
  const fragment = document.createDocumentFragment();
  for (const line of added) fragment.append(element(line));
  logBox.append(fragment);
  if (follow) {
    while (logBox.childElementCount > FOLLOW_ROWS) logBox.firstChild.remove();
    toBottom();
  }
  showShown();
}

/** Shows the kept lines again after the filter, sources, selection, JSON display or following changed. */
function rebuild(recreate) {
  const rows = [];
  for (const line of lines) {
    if (recreate) line.el = null;
    if (visible(line)) rows.push(line);
  }
  shownCount = rows.length;
  const fragment = document.createDocumentFragment();
  for (const line of follow ? rows.slice(-FOLLOW_ROWS) : rows) fragment.append(element(line));
  logBox.replaceChildren(fragment);
  if (follow) toBottom();
  showShown();
}

function showShown() {
  $("shown").textContent = shownCount + " of " + lines.length + " lines";
}

function showHeld() {
  $("held").textContent = paused ? held + " held" : "";
}

function setStatus(text, kind) {
  const status = $("status");
  status.textContent = text;
  status.className = "status " + kind;
}

/** Updates the container list in place (a redraw would swallow a click); new names are put in order. */
function renderContainers() {
  if (!listDirty) return;
  listDirty = false;
  const list = $("containers");
  let added = false;
  for (const c of containers.values()) {
    if (!c.item) {
      c.item = containerItem(c);
      added = true;
    }
    c.item.dataset.name = c.name;
    c.item.querySelector(".n").textContent = c.name;
    c.item.querySelector(".count").textContent = c.count;
    c.item.classList.toggle("picked", selected.has(c.id));
    c.item.querySelector("input").checked = selected.has(c.id);
  }
  if (added) {
    list.replaceChildren(...[...containers.values()].sort((a, b) => a.name.localeCompare(b.name)).map((c) => c.item));
  }
}

function containerItem(c) {
  const item = document.createElement("li");
  item.dataset.id = c.id;
  const box = document.createElement("input");
  box.type = "checkbox";
  box.addEventListener("change", () => pick(c.id, box.checked));
  const name = document.createElement("span");
  name.className = "n c" + c.colour;
  name.title = c.id;
  const count = document.createElement("span");
  count.className = "count";
  const label = document.createElement("label");
  label.append(box, name);
  item.append(label, count);
  return item;
}

function pick(id, on) {
  if (on) selected.add(id);
  else selected.delete(id);
  listDirty = true;
  renderContainers();
  rebuild(false);
}

// --- controls -----------------------------------------------------------------------------

function updateMatcher() {
  const text = $("filter").value;
  const box = $("filter");
  box.classList.remove("invalid");
  box.title = "";
  if (!text) {
    matcher = () => true;
  } else if ($("regex").checked) {
    try {
      const pattern = new RegExp(text, "i");
      matcher = (data) => pattern.test(data);
    } catch (e) {
      box.classList.add("invalid");
      box.title = e.message;
      matcher = () => true;
    }
  } else {
    const lower = text.toLowerCase();
    matcher = (data) => data.toLowerCase().includes(lower);
  }
  rebuild(false);
}

function togglePause() {
  paused = !paused;
  $("pause").textContent = paused ? "Resume" : "Pause";
  $("pause").classList.toggle("on", paused);
  if (!paused) {
    held = 0;
    askFrame();
  }
  showHeld();
}

function atBottom() {
  return pane.scrollTop + pane.clientHeight >= pane.scrollHeight - 4;
}

/**
 * Following stops when the reader scrolls up (wheel, keys, or dragging the scroll bar), not when
 * rows laid out late move the view: those only make it catch up with the newest line.
 */
let pointerDown = false;

function toBottom() {
  pane.scrollTop = pane.scrollHeight;
}

/** Following keeps the newest rows only; the reader scrolling up gets every kept line, at the same place. */
function setFollow(on) {
  if (on === follow) return;
  follow = on;
  $("follow").hidden = on;
  if (on) {
    while (logBox.childElementCount > FOLLOW_ROWS) logBox.firstChild.remove();
    toBottom();
  } else {
    const fromBottom = pane.scrollHeight - pane.scrollTop;
    rebuild(false);
    pane.scrollTop = pane.scrollHeight - fromBottom;
  }
}

pane.addEventListener("wheel", (event) => {
  if (event.deltaY < 0) setFollow(false);
}, { passive: true });
pane.addEventListener("keydown", (event) => {
  if (["ArrowUp", "PageUp", "Home"].includes(event.key)) setFollow(false);
});
pane.addEventListener("pointerdown", () => {
  pointerDown = true;
});
window.addEventListener("pointerup", () => {
  pointerDown = false;
});
pane.addEventListener("scroll", () => {
  if (atBottom()) {
    setFollow(true);
  } else if (pointerDown) {
    setFollow(false);
  }
});
// Rows out of sight are laid out when they come into it, and may turn out taller than estimated.
new ResizeObserver(() => {
  if (follow) toBottom();
}).observe(logBox);
$("follow").addEventListener("click", () => setFollow(true));
$("filter").addEventListener("input", updateMatcher);
$("regex").addEventListener("change", updateMatcher);
$("stdout").addEventListener("change", () => rebuild(false));
$("stderr").addEventListener("change", () => rebuild(false));
$("pretty").addEventListener("change", () => rebuild(true));
$("pause").addEventListener("click", togglePause);
$("clear").addEventListener("click", () => {
  lines = [];
  rebuild(false);
});
$("all-containers").addEventListener("click", () => {
  selected.clear();
  listDirty = true;
  renderContainers();
  rebuild(false);
});

// --- routes -------------------------------------------------------------------------------

let routesApi = false;
let token = sessionStorage.getItem("logspout-routes-token") || "";
const previous = new Map();
const routeRows = new Map();

function routesHeaders(extra) {
  const headers = Object.assign({}, extra);
  if (token) headers.Authorization = "Bearer " + token;
  return headers;
}

/** Whether the routes API is there and lets this page in: it decides what the routes panel offers. */
async function probeRoutesApi() {
  const note = $("routes-note");
  try {
    const answer = await fetch("/routes", { headers: routesHeaders(), cache: "no-store" });
    routesApi = answer.ok;
    $("route-form").hidden = !answer.ok;
    $("token-form").hidden = answer.status !== 401;
    note.textContent = answer.ok ? "" : answer.status === 401 ? "The routes API needs its token (ROUTES_TOKEN) to change routes."
      : answer.status === 404 ? "This build has no routes API: routes are read-only here." : "Routes API: " + answer.status;
  } catch (e) {
    note.textContent = "Routes API unreachable: " + e.message;
  }
}

async function refreshRoutes() {
  let health;
  try {
    health = await (await fetch("/health", { cache: "no-store" })).json();
  } catch (e) {
    $("routes-note").textContent = "/health unreachable: " + e.message;
    return;
  }
  const now = performance.now();
  const rows = (health.routes || []).map((r) => {
    let row = routeRows.get(r.id);
    if (!row) {
      row = routeRow(r.id);
      routeRows.set(r.id, row);
    }
    const before = previous.get(r.id);
    const rate = before ? Math.max(0, Math.round((r.sent - before.sent) * 1000 / (now - before.at))) : "";
    previous.set(r.id, { sent: r.sent, at: now });
    const [where, state, sent, perSecond, dropped, lagCell, actions] = row.cells;
    const [scheme, address, note] = where.children;
    scheme.textContent = r.adapter + "://";
    address.textContent = r.address;
    where.title = r.id + (r.error ? "\n" + r.error : "");
    note.textContent = trouble(r);
    note.hidden = !note.textContent;
    state.textContent = r.status;
    state.className = "state " + r.status;
    state.title = r.error || "";
    sent.textContent = r.sent;
    perSecond.textContent = rate;
    dropped.textContent = r.dropped;
    lagCell.textContent = lag(r.lag_seconds || 0);
    lagCell.title = (r.queued || 0) + " lines waiting to be sent";
    lagCell.classList.toggle("lagging", r.lag_seconds >= 1);
    actions.hidden = !routesApi;
    return row;
  });
  const ids = new Set((health.routes || []).map((r) => r.id));
  for (const id of [...routeRows.keys()]) {
    if (!ids.has(id)) routeRows.delete(id);
  }
  $("routes").tBodies[0].replaceChildren(...rows);
}

/** The age of a route's oldest line not yet sent, in the largest whole unit: "0 s", "12 s", "3 min", "2 h". */
function lag(seconds) {
  if (seconds < 60) return Math.floor(seconds) + " s";
  if (seconds < 3600) return Math.floor(seconds / 60) + " min";
  return Math.floor(seconds / 3600) + " h";
}

/** What is amiss with a route beyond its state, or "": containers it is catching up on, lines Docker no longer had, lines refused. */
function trouble(r) {
  const notes = [];
  if (r.behind > 0) notes.push("behind on " + r.behind + (r.behind === 1 ? " container" : " containers"));
  if (r.gaps > 0) notes.push(r.gaps + (r.gaps === 1 ? " gap" : " gaps"));
  if (r.rejected > 0) notes.push(r.rejected + " rejected");
  return notes.join(" · ");
}

/** A route's row, kept across refreshes so that a half-done delete is not reset. */
function routeRow(id) {
  const row = document.createElement("tr");
  row.dataset.id = id;
  for (let i = 0; i < 7; i++) row.append(document.createElement("td"));
  for (const i of [2, 3, 4, 5]) row.cells[i].className = "num";
  const note = document.createElement("div");
  note.className = "trouble";
  row.cells[0].append(document.createElement("span"), document.createElement("span"), note);
  const remove = document.createElement("button");
  remove.type = "button";
  remove.className = "delete";
  remove.textContent = "delete";
  remove.addEventListener("click", () => deleteRoute(id, remove));
  row.cells[6].append(remove);
  return row;
}

/** The first click asks, the second deletes: a route is not lost to a stray click. */
async function deleteRoute(id, button) {
  if (!button.classList.contains("confirm")) {
    button.classList.add("confirm");
    button.textContent = "delete?";
    return;
  }
  const answer = await fetch("/routes/" + encodeURIComponent(id), { method: "DELETE", headers: routesHeaders() });
  $("route-error").textContent = answer.ok ? "" : (await answer.text()).trim();
  refreshRoutes();
}

function list(text) {
  return text.split(",").map((s) => s.trim()).filter((s) => s);
}

async function createRoute(event) {
  event.preventDefault();
  const route = { adapter: $("route-adapter").value.trim(), address: $("route-address").value.trim() };
  const name = $("route-filter-name").value.trim();
  const id = $("route-filter-id").value.trim();
  const labels = list($("route-filter-labels").value);
  const sources = ["stdout", "stderr"].filter((s) => $("route-" + s).checked);
  if (name) route.filter_name = name;
  if (id) route.filter_id = id;
  if (labels.length) route.filter_labels = labels;
  if (sources.length === 1) route.filter_sources = sources;
  const options = {};
  for (const pair of list($("route-options").value)) {
    const eq = pair.indexOf("=");
    if (eq < 1) {
      $("route-error").textContent = "option '" + pair + "' is not key=value";
      return;
    }
    options[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  if (Object.keys(options).length) route.options = options;
  const answer = await fetch("/routes", {
    method: "POST",
    headers: routesHeaders({ "Content-Type": "application/json" }),
    body: JSON.stringify(route),
  });
  if (answer.ok) {
    $("route-error").textContent = "";
    $("route-address").value = "";
  } else {
    $("route-error").textContent = (await answer.text()).trim() || answer.status + " " + answer.statusText;
    if (answer.status === 401) probeRoutesApi();
  }
  refreshRoutes();
}

$("route-form").addEventListener("submit", createRoute);
$("token-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  token = $("route-token").value.trim();
  sessionStorage.setItem("logspout-routes-token", token);
  await probeRoutesApi();
  refreshRoutes();
});

// --- start --------------------------------------------------------------------------------

setInterval(renderContainers, LIST_PERIOD_MS);
setInterval(refreshRoutes, HEALTH_PERIOD_MS);
probeRoutesApi().then(refreshRoutes);
connect();
