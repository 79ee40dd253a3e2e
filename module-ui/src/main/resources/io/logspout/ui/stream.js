// The log view's reader of module-httpstream's WebSocket, in a worker of its own: it drains the
// socket as fast as frames come, whatever the page's main thread is busy with (a frame's layout, a
// filter over every kept line, a slow machine), so the server does not cut the page off as a slow
// client. It keeps at most MAX_LINES lines for the page, which takes them when it is ready for more;
// of older ones only their count per container is passed on.
"use strict";

importScripts("/ui/micros.js");

let max = 10000;
/** Lines the page has not taken yet, oldest first, at most `max`. */
let buffer = [];
/** Per container, lines let go before the page took them: {id, name, count, last}. */
let skipped = new Map();
/** Whether the page asked for lines and has not been sent any since. */
let wanted = false;

function send() {
  if (!wanted || (buffer.length === 0 && skipped.size === 0)) return;
  wanted = false;
  postMessage({ type: "lines", lines: buffer, skipped: [...skipped.values()] });
  buffer = [];
  skipped = new Map();
}

function fromSocket(event) {
  // A frame carries every message queued at once, one compact JSON object per line.
  for (const text of event.data.split("\n")) {
    if (!text) continue;
    const m = JSON.parse(text);
    buffer.push({ id: m.Container.Id.slice(0, 12), name: m.Container.Name.replace(/^\//, ""), source: m.Source, data: m.Data, time: micros(m.Time) });
  }
  if (buffer.length > max) {
    for (const line of buffer.splice(0, buffer.length - max)) {
      const s = skipped.get(line.id) || { id: line.id, name: line.name, count: 0, last: 0 };
      s.count++;
      s.last = Math.max(s.last, line.time);
      skipped.set(line.id, s);
    }
  }
  send();
}

let retryMs = 500;

function connect(url) {
  const socket = new WebSocket(url);
  socket.onopen = () => {
    retryMs = 500;
    postMessage({ type: "open" });
  };
  socket.onmessage = fromSocket;
  socket.onclose = () => {
    postMessage({ type: "closed" });
    setTimeout(() => connect(url), retryMs);
    retryMs = Math.min(retryMs * 2, 10000);
  };
}

onmessage = (event) => {
  if (event.data.type === "connect") {
    max = event.data.maxLines;
    connect(event.data.url);
  } else if (event.data.type === "more") {
    wanted = true;
    send();
  }
};
