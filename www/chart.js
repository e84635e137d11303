// @ts-check
// The Logs view's bars of Conficker lookups per UTC day, days without queries left as gaps.
import { $ } from "./dom.js";
import { count } from "./units.js";

const SVG = "http://www.w3.org/2000/svg";

/**
 * @param {string} name
 * @param {Record<string, string | number>} attributes
 * @param {string} [text]
 */
function svg(name, attributes, text) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * Where each bar goes: the slot of each day (0 for the first) among `span` slots.
 * @param {{ date: string, lookups: number }[]} days in date order
 * @param {(from: string, to: string) => number} daysInRange the core's `rangeDays`
 */
export function barSlots(days, daysInRange) {
  if (days.length === 0) return { span: 0, slots: [] };
  const first = days[0].date;
  return { span: daysInRange(first, days[days.length - 1].date), slots: days.map((d) => daysInRange(first, d.date) - 1) };
}

/**
 * @param {{ date: string, queries: number, lookups: number, clients: number }[]} days
 * @param {(from: string, to: string) => number} daysInRange
 */
export function drawLookupChart(days, daysInRange) {
  const chart = $("log-chart");
  chart.replaceChildren();
  if (days.length === 0) return;
  const { span, slots } = barSlots(days, daysInRange);
  const max = Math.max(1, ...days.map((d) => d.lookups));
  const [width, height, left, bottom, top] = [640, 200, 64, 30, 8];
  const slot = (width - left) / span;
  chart.setAttribute("viewBox", `0 0 ${width} ${height}`);
  chart.append(
    svg("line", { x1: left, y1: height - bottom, x2: width, y2: height - bottom, class: "axis" }),
    svg("text", { x: left - 4, y: top + 10, "text-anchor": "end" }, count(max)),
    svg("text", { x: left - 4, y: height - bottom, "text-anchor": "end" }, "0"),
    svg("text", { x: left, y: height - 6 }, days[0].date),
  );
  if (span > 1) chart.append(svg("text", { x: width, y: height - 6, "text-anchor": "end" }, days[days.length - 1].date));
  days.forEach((d, i) => {
    const x = left + slots[i] * slot;
    const h = ((height - bottom - top) * d.lookups) / max;
    const bar = svg("rect", { x: x + slot * 0.1, y: height - bottom - h, width: Math.max(1, slot * 0.8), height: h, class: "bar", "data-date": d.date });
    bar.append(svg("title", {}, `${d.date}: Conficker lookups ${count(d.lookups)}, clients ${count(d.clients)}, queries ${count(d.queries)}`));
    chart.append(bar);
  });
}
