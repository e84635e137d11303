// The Logs view: DNS logs dropped on the page, scanned in a worker, read back from the
// client table, the per-day chart and the file summary.
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { test } from "node:test";
import { bindLine, pageSession, scratchFolder, screenshot, vector } from "./helpers.js";

let page;
const session = pageSession(async () => {
  page = await session.open();
  await page.click("nav button[data-view=logs]");
});
const scratch = scratchFolder("conficker-logs-");

const names = async (file) => (await vector(file)).trim().split("\n");

/** Queries of two infected hosts among ordinary ones: (time, client, name). */
async function plantedQueries() {
  const a = await names("A-2020-01-01.txt");
  const b = await names("B-2020-01-19.txt");
  const queries = [];
  for (let i = 0; i < 10; i++) queries.push([`2020-01-01T08:0${i}:00Z`, "10.1.0.1", a[i]]);
  for (let i = 0; i < 5; i++) queries.push([`2020-01-20T00:00:0${i}Z`, "10.1.0.2", b[i]]);
  queries.push(["2020-01-01T09:00:00Z", "10.1.0.9", "www.google.com"]);
  queries.push(["2020-01-20T09:00:00Z", "10.1.0.9", "update.microsoft.com"]);
  return { a, b, queries };
}

function eveLine([time, client, name], i) {
  return JSON.stringify({
    timestamp: `${time.slice(0, 19)}.000000+0000`,
    flow_id: i,
    event_type: "dns",
    src_ip: client,
    src_port: 53211,
    dest_ip: "10.0.0.1",
    dest_port: 53,
    proto: "UDP",
    dns: { type: "query", id: i, rrname: name, rrtype: "A", tx_id: 0 },
  });
}

/** Drops `files` ([name, Buffer]) on the drop zone and waits until the scan has ended. */
async function drop(files) {
  const runs = Number((await page.getAttribute("body", "data-runs")) ?? 0);
  const dataTransfer = await page.evaluateHandle((files) => {
    const dt = new DataTransfer();
    for (const [name, base64] of files) {
      dt.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name));
    }
    return dt;
  }, files.map(([name, bytes]) => [name, bytes.toString("base64")]));
  await page.dispatchEvent("[data-testid=log-drop]", "drop", { dataTransfer });
  await page.waitForFunction((n) => Number(document.body.dataset.runs ?? 0) > n, runs, { timeout: 120_000 });
}

const clientRows = () =>
  page.$$eval("[data-testid=client-row]", (trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));

function expectedRows(a, b) {
  const examples = (list, variant, date) => list.slice(0, 3).map((n, i) => `${n} (${variant} ${date} #${i})`).join(", ");
  return [
    ["10.1.0.1", "A", "2020-01-01 08:00:00", "2020-01-01 08:09:00", "10", "10", examples(a, "A", "2020-01-01")],
    ["10.1.0.2", "B", "2020-01-20 00:00:00", "2020-01-20 00:00:04", "5", "5", examples(b, "B", "2020-01-19")],
  ];
}

test("a dropped BIND log lists the infected hosts, per-day bars and the malformed line", async () => {
  const { a, b, queries } = await plantedQueries();
  const lines = queries.map(bindLine);
  lines.splice(3, 0, "this line was cut off by a full disk");
  await drop([["named.log", Buffer.from(lines.join("\n") + "\n")]]);
  assert.equal(await page.isHidden("[data-testid=error]"), true, await page.textContent("[data-testid=error]"));
  assert.deepEqual(await clientRows(), expectedRows(a, b));
  assert.match(
    await page.textContent("[data-testid=log-counts]"),
    /^18 lines, 17 queries, 15 Conficker lookups by 2 clients \(variants A,B,C, lists of the query date ±2 days\)$/,
  );
  const bars = await page.$$eval("[data-testid=log-chart] rect.bar", (rects) => rects.map((r) => r.dataset.date));
  assert.deepEqual(bars, ["2020-01-01", "2020-01-20"]);
  const sources = await page.textContent("[data-testid=log-sources]");
  assert.match(sources, /^named\.log \(bind\): 18 lines, 17 queries, 0 other, 1 malformed/);
  assert.match(sources, /line 4 \(no timestamp and no query\): this line was cut off by a full disk/);
  await screenshot(page, "logs");
});

test("at 360 px wide, the Logs view and its report fit", async () => {
  await page.setViewportSize({ width: 360, height: 800 });
  try {
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), "wider than 360 px");
    await screenshot(page, "logs-360px");
  } finally {
    await page.setViewportSize({ width: 1280, height: 720 });
  }
});

test("a gzip-compressed eve.json of several megabytes is read in chunks to the same answer", async () => {
  const { a, b, queries } = await plantedQueries();
  const ordinary = [];
  for (let i = 0; ordinary.length < 40_000; i++) ordinary.push(["2020-01-01T12:00:00Z", `10.2.${i % 250}.1`, `host${i}.example.net`]);
  const all = [...ordinary.slice(0, 20_000), ...queries, ...ordinary.slice(20_000)];
  const text = all.map(eveLine).join("\n") + "\n";
  assert.ok(text.length > 8 * 1024 * 1024, `${text.length} bytes`);
  await drop([["eve.json.gz", gzipSync(text)]]);
  assert.deepEqual(await clientRows(), expectedRows(a, b));
  assert.match(await page.textContent("[data-testid=log-sources]"), /^eve\.json\.gz \(suricata, gzip\): 40017 lines, 40017 queries/);
});

/** A BIND log of about 200 MiB: the planted queries first, in the middle and last. */
async function bigLog(queries) {
  const ordinary = bindLine(["2020-01-01T12:00:00Z", "10.2.0.1", "static.assets.example-cdn.net"]);
  const block = `${ordinary}\n`.repeat(10_000);
  const blocks = Math.ceil((200 * 1024 * 1024) / block.length);
  const parts = [queries.slice(0, 5).map(bindLine).join("\n") + "\n"];
  for (let i = 0; i < blocks; i++) {
    parts.push(block);
    if (i === blocks >> 1) parts.push(queries.slice(5, 10).map(bindLine).join("\n") + "\n");
  }
  parts.push(queries.slice(10).map(bindLine).join("\n") + "\n");
  const text = parts.join("");
  const file = path.join(scratch.path, "named-200mb.log");
  await writeFile(file, text);
  return { file, lines: blocks * 10_000 + queries.length, mib: text.length / 2 ** 20 };
}

let big;

test("a 200 MB log is read to the end, in a worker, to the same answer", async (t) => {
  const { a, b, queries } = await plantedQueries();
  big = await bigLog(queries);
  const runs = Number((await page.getAttribute("body", "data-runs")) ?? 0);
  const started = Date.now();
  await page.setInputFiles("[data-testid=log-files]", big.file);
  await page.waitForFunction((n) => Number(document.body.dataset.runs ?? 0) > n, runs, { timeout: 300_000 });
  t.diagnostic(`${big.lines} lines (${big.mib.toFixed(0)} MiB) scanned in ${Date.now() - started} ms`);
  assert.deepEqual(await clientRows(), expectedRows(a, b));
  const lines = String(big.lines);
  assert.match(await page.textContent("[data-testid=log-sources]"), new RegExp(`^named-200mb\\.log \\(bind\\): ${lines} lines, ${lines} queries, 0 other, 0 malformed`));
});

/** A DNS query for `name` from `client` to 10.0.0.1, as one Ethernet/IPv4/UDP frame. */
function queryFrame(client, name) {
  const qname = Buffer.concat([...name.split(".").map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])), Buffer.from([0])]);
  // DNS header: id, RD set, one question; then the question, type A, class IN (RFC 1035).
  const dns = Buffer.concat([Buffer.from([0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]), qname, Buffer.from([0, 1, 0, 1])]);
  const udp = Buffer.alloc(8);
  udp.writeUInt16BE(40000, 0);
  udp.writeUInt16BE(53, 2);
  udp.writeUInt16BE(8 + dns.length, 4);
  const ip = Buffer.alloc(20);
  ip.writeUInt8(0x45, 0);
  ip.writeUInt16BE(20 + 8 + dns.length, 2);
  ip.writeUInt8(64, 8);
  ip.writeUInt8(17, 9);
  Buffer.from(client.split(".").map(Number)).copy(ip, 12);
  Buffer.from([10, 0, 0, 1]).copy(ip, 16);
  const ethernet = Buffer.from([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00]);
  return Buffer.concat([ethernet, ip, udp, dns]);
}

/** A pcap record (microseconds, little-endian) of the query `[time, client, name]`. */
function pcapRecord([time, client, name]) {
  const frame = queryFrame(client, name);
  const micros = Date.parse(time) * 1000;
  const header = Buffer.alloc(16);
  header.writeUInt32LE(Math.floor(micros / 1e6), 0);
  header.writeUInt32LE(micros % 1e6, 4);
  header.writeUInt32LE(frame.length, 8);
  header.writeUInt32LE(frame.length, 12);
  return Buffer.concat([header, frame]);
}

test("a 200 MB packet capture is read to the end to the same answer", async (t) => {
  const { a, b, queries } = await plantedQueries();
  const ordinary = pcapRecord(["2020-01-01T12:00:00Z", "10.2.0.1", "static.assets.example-cdn.net"]);
  const block = Buffer.concat(Array(10_000).fill(ordinary));
  const blocks = Math.ceil((200 * 1024 * 1024) / block.length);
  // The pcap file header: version 2.4, snap length 65535, Ethernet.
  const header = Buffer.from("d4c3b2a1020004000000000000000000ffff000001000000", "hex");
  const parts = [header, ...queries.slice(0, 5).map(pcapRecord)];
  for (let i = 0; i < blocks; i++) {
    parts.push(block);
    if (i === blocks >> 1) parts.push(...queries.slice(5, 10).map(pcapRecord));
  }
  parts.push(...queries.slice(10).map(pcapRecord));
  const file = path.join(scratch.path, "dns-200mb.pcap");
  await writeFile(file, Buffer.concat(parts));
  const packets = blocks * 10_000 + queries.length;
  const runs = Number((await page.getAttribute("body", "data-runs")) ?? 0);
  const started = Date.now();
  await page.setInputFiles("[data-testid=log-files]", file);
  await page.waitForFunction((n) => Number(document.body.dataset.runs ?? 0) > n, runs, { timeout: 300_000 });
  t.diagnostic(`${packets} packets scanned in ${Date.now() - started} ms`);
  assert.equal(await page.isHidden("[data-testid=error]"), true, await page.textContent("[data-testid=error]"));
  assert.deepEqual(await clientRows(), expectedRows(a, b));
  assert.match(await page.textContent("[data-testid=log-sources]"), new RegExp(`^dns-200mb\\.pcap \\(pcap\\): ${packets} packets, ${packets} queries, 0 other, 0 malformed`));
});

test("progress counts bytes, and Cancel keeps the report of what was read", async () => {
  const before = await page.textContent("[data-testid=log-counts]");
  const runs = Number((await page.getAttribute("body", "data-runs")) ?? 0);
  // Twice the log, 400 MiB, so that the scan is far from its end when Cancel comes.
  await page.setInputFiles("[data-testid=log-files]", [big.file, big.file]);
  // The first report so far arrives after a quarter second.
  await page.waitForFunction((old) => document.querySelector("[data-testid=log-counts]").textContent !== old, before, { timeout: 60_000 });
  assert.match(await page.textContent("#progress-label"), /^Scanning: [\d.]+ MB of 401\.\d MB/);
  await page.click("[data-testid=cancel]");
  await page.waitForFunction((n) => Number(document.body.dataset.runs ?? 0) > n, runs, { timeout: 60_000 });
  const counts = await page.textContent("[data-testid=log-counts]");
  assert.match(counts, / Cancelled: this covers what was read before\.$/);
  const read = Number(/^([\d,]+) lines/.exec(counts)[1].replaceAll(",", ""));
  assert.ok(read > 0 && read < 2 * big.lines, `${read} of ${2 * big.lines} lines`);
});

test("a real capture and Sysmon events are read too, with the programs that asked", async () => {
  const data = (name) => readFile(new URL(`../data/${name}`, import.meta.url));
  // Winlogbeat's Sysmon DNS events with four queries renamed to B's names of their day, as
  // the guide does with sed (docs/src/scan-log.md).
  let sysmon = (await data("winlogbeat-sysmon-10.2-dns.ndjson")).toString();
  for (const [from, to] of [
    ["go.microsoft.com", "ozuyrhwi.biz"],
    ["static-global-s-msn-com.akamaized.net", "svlxybzv.net"],
    ["linkmaker.itunes.apple.com", "shqgfvx.net"],
    ["contextual.media.net", "txqqt.ws"],
  ]) {
    sysmon = sysmon.replace(`"question":{"name":"${from}"}`, `"question":{"name":"${to}"}`);
  }
  await drop([
    ["sysmon.ndjson", Buffer.from(sysmon)],
    ["capture.pcapng", await data("wireshark-samples-test.pcapng")],
    ["sysmon.evtx", await data("sysmon-psexec-as-system-execution.evtx")],
  ]);
  assert.equal(await page.isHidden("[data-testid=error]"), true, await page.textContent("[data-testid=error]"));
  const programs = "C:\\Program Files (x86)\\Internet Explorer\\iexplore.exe, C:\\Program Files\\Internet Explorer\\iexplore.exe";
  assert.deepEqual(await clientRows(), [
    [
      "vagrant-2016",
      "B",
      "2019-07-18 03:34:01",
      "2019-07-18 03:34:02",
      "4",
      "4",
      "ozuyrhwi.biz (B 2019-07-18 #5), svlxybzv.net (B 2019-07-18 #66), shqgfvx.net (B 2019-07-18 #123)",
      programs,
    ],
  ]);
  assert.equal(await page.isVisible("th.processes"), true);
  const sources = await page.textContent("[data-testid=log-sources]");
  assert.match(sources, /capture\.pcapng \(pcapng\): 5898 packets, 27 queries, 5871 other, 0 malformed/);
  assert.match(sources, /sysmon\.evtx \(evtx\): 15 event records, 1 query, 14 other, 0 malformed/);
});

test("a log in an unknown format is named as such", async () => {
  const apache = '10.1.0.1 - - [01/Jan/2020:08:00:00 +0000] "GET / HTTP/1.1" 200 5\n';
  await drop([["access.log", Buffer.from(apache)]]);
  assert.match(await page.textContent("[data-testid=error]"), /^access\.log: unknown log format: no DNS queries recognised in the first line/);
});

// Issue 16: hostile sizes and contents end in a result or the core's message.

test("a dropped gzip bomb (256 MiB of zeros) ends in the core's message, and the page stays", async () => {
  await drop([["bomb.gz", gzipSync(Buffer.alloc(256 << 20), { level: 9 })]]);
  assert.equal(await page.textContent("[data-testid=error]"), "bomb.gz: unknown log format: no lines to tell the format from");
  assert.deepEqual(page.problems, []);
});

test("a log of 400 lines five days apart (2,000 days' lists) ends in its report", async () => {
  const first = Date.UTC(2009, 3, 1, 12);
  const lines = Array.from({ length: 400 }, (_, i) => `${new Date(first + i * 5 * 86_400_000).toISOString().slice(0, 19)}Z 10.0.0.1 abcde.ru`);
  await drop([["x.log", Buffer.from(lines.join("\n") + "\n")]]);
  assert.equal(await page.isHidden("[data-testid=error]"), true, await page.textContent("[data-testid=error]"));
  assert.equal(
    await page.textContent("[data-testid=log-counts]"),
    "400 lines, 400 queries, 0 Conficker lookups by 0 clients (variants A,B,C, lists of the query date ±2 days)",
  );
  assert.deepEqual(page.problems, []);
});

test("a client that is a spreadsheet formula downloads as a text cell", async () => {
  await page.fill("[data-testid=log-year]", "2009");
  const log = "Mar  8 17:11:28 dnsmasq[12]: query[A] jogli.com from @SUM(1+9)*cmd|' /C calc'!A0\n";
  await drop([["dnsmasq.log", Buffer.from(log)]]);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=log-download-csv]")]);
  const csv = await readFile(await download.path(), "utf8");
  assert.equal(
    csv.split("\n")[1],
    `"'@SUM(1+9)*cmd|' /C calc'!A0",B,2009-03-08T17:11:28Z,2009-03-08T17:11:28Z,1,1,jogli.com B 2009-03-08 100,`,
  );
  await page.fill("[data-testid=log-year]", "");
  assert.deepEqual(page.problems, []);
});
