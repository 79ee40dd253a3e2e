// Shared by the page (app.js) and the stream's worker (stream.js).
"use strict";

/** µs since the epoch of an RFC 3339 time with up to nine fraction digits, in any zone. */
function micros(text) {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(text);
  if (!m) return 0;
  return Date.parse(m[1] + m[3]) * 1000 + Number(((m[2] || "") + "000000").slice(0, 6));
}
