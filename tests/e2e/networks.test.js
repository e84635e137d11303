// The Logs view's network report: a BIND log, MaxMind's test database (tests/data), a DHCP
// lease file and a contacts CSV dropped on the page give the per-network table, the clients
// with their machines, and a zip whose files are, byte for byte, the folder that
// `conficker-dga report` writes for the same files. The binary comes from
// `cargo build --release -p conficker-dga-cli`.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFile, readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { inflateRawSync } from "node:zlib";
import { test } from "node:test";
import { CLI, pageSession, requireCli, root, scratchFolder, vector } from "./helpers.js";

requireCli();
let page;
const session = pageSession(async () => {
  page = await session.open();
  await page.click("nav button[data-view=logs]");
});
const scratch = scratchFolder("conficker-networks-");

/** The files of a zip, by name: its central directory read, each entry stored or deflated. */
function unzip(zip) {
  const end = zip.length - 22;
  assert.equal(zip.readUInt32LE(end), 0x06054b50, "no end of central directory");
  const files = {};
  let at = zip.readUInt32LE(end + 16);
  for (let n = zip.readUInt16LE(end + 10); n > 0; n--) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, "not a central directory entry");
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    const local = zip.readUInt32LE(at + 42);
    const data = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const bytes = zip.subarray(data, data + size);
    assert.equal(method, 8, `${name} is not deflated`);
    files[name] = inflateRawSync(bytes).toString("utf8");
    at += 46 + skip;
  }
  return files;
}

/** Drops `name` from the scratch.path folder on the zone `testid`. */
async function drop(testid, name) {
  const bytes = (await readFile(path.join(scratch.path, name))).toString("base64");
  const dataTransfer = await page.evaluateHandle(
    ([name, base64]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name));
      return dt;
    },
    [name, bytes],
  );
  await page.dispatchEvent(`[data-testid=${testid}]`, "drop", { dataTransfer });
}

/** The file the page saves when `selector` is clicked. */
async function saved(selector) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click(selector)]);
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

const cells = (testid) =>
  page.$$eval(`[data-testid=${testid}]`, (trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));

test("a log, the test .mmdb and a DHCP file give the per-network rows and the report folder as a zip", async () => {
  const names = (await vector("B-2020-01-19.txt")).trim().split("\n");
  const lines = [];
  const query = (time, client, name) =>
    lines.push(`19-Jan-2020 ${time}.000 queries: info: client @0x7f8e1c0a2b30 ${client}#53000 (${name}): query: ${name} IN A +E(0)K (10.0.0.1)`);
  for (let i = 0; i < 5; i++) {
    query(`08:0${i}:00`, "1.128.0.9", names[i]);
    query(`10:0${i}:00`, "10.0.0.5", names[i]);
    query(`12:0${i}:00`, "10.0.0.5", names[i]);
  }
  query("13:00:00", "1.128.0.9", "www.example.com");
  await writeFile(path.join(scratch.path, "queries.log"), lines.join("\n") + "\n");
  await copyFile(path.join(root, "tests/data/GeoLite2-ASN-Test.mmdb"), path.join(scratch.path, "GeoLite2-ASN-Test.mmdb"));
  // 10.0.0.5 passes from alpha to beta at 11:00, between its lookups.
  await writeFile(
    path.join(scratch.path, "dhcpd.leases"),
    'lease 10.0.0.5 {\n  starts 0 2020/01/19 07:00:00;\n  ends 0 2020/01/19 11:00:00;\n  hardware ethernet 00:11:22:33:44:55;\n  client-hostname "alpha";\n}\n' +
      'lease 10.0.0.5 {\n  starts 0 2020/01/19 11:00:00;\n  ends 0 2020/01/19 23:00:00;\n  hardware ethernet 66:77:88:99:aa:bb;\n  client-hostname "beta";\n}\n',
  );
  await writeFile(path.join(scratch.path, "contacts.csv"), "asn,email,name\n1221,abuse@telstra.example,Telstra abuse\n");

  await drop("log-networks-drop", "GeoLite2-ASN-Test.mmdb");
  await drop("log-dhcp-drop", "dhcpd.leases");
  await page.setInputFiles("[data-testid=log-contacts]", path.join(scratch.path, "contacts.csv"));
  const runs = Number((await page.getAttribute("body", "data-runs")) ?? 0);
  await drop("log-drop", "queries.log");
  await page.waitForFunction((n) => Number(document.body.dataset.runs ?? 0) > n, runs, { timeout: 60_000 });
  assert.equal(await page.isHidden("[data-testid=error]"), true, await page.textContent("[data-testid=error]"));

  assert.equal(await page.textContent("[data-testid=network-counts]"), "2 hosts in 2 networks");
  assert.deepEqual(await cells("network-row"), [
    ["internal (special-use addresses)", "", "1", "10", ""],
    ["AS1221", "Telstra Pty Ltd", "1", "5", "Telstra abuse <abuse@telstra.example>"],
  ]);
  const machines = await page.$$eval("[data-testid=client-row]", (trs) =>
    trs.map((tr) => [...tr.cells[0].querySelectorAll(".note")].map((n) => n.textContent)[0] ?? ""),
  );
  assert.deepEqual(machines, ["alpha (00:11:22:33:44:55)", "beta (66:77:88:99:aa:bb)", ""]);

  const { name, bytes } = await saved("[data-testid=log-download-zip]");
  assert.equal(name, "conficker-networks.zip");
  const zipped = unzip(bytes);

  // The command line, run where the files are so that both name them alike.
  const out = path.join(scratch.path, "out");
  await new Promise((resolve, reject) =>
    execFile(
      CLI,
      ["report", "--log", "queries.log", "--networks", "GeoLite2-ASN-Test.mmdb", "--contacts", "contacts.csv", "--dhcp", "dhcpd.leases", "-o", out],
      { cwd: scratch.path },
      (error, stdout, stderr) => (error ? reject(new Error(`conficker-dga report failed: ${stderr}`)) : resolve(stdout)),
    ),
  );
  // The folder's marker says the command line made it (a later run may replace it); it is no
  // part of the report, so the zip leaves it out.
  const folder = {};
  for (const file of await readdir(out)) {
    if (file !== ".conficker-dga-folder") folder[file] = await readFile(path.join(out, file), "utf8");
  }
  assert.deepEqual(Object.keys(zipped).sort(), ["AS1221.csv", "AS1221.txt", "internal.csv", "internal.txt", "networks.json", "summary.csv"]);
  assert.deepEqual(zipped, folder);
  assert.match(zipped["internal.csv"], /\n2020-01-19T10:00:00Z,2020-01-19T11:00:00Z,10\.0\.0\.5,,,,10\.0\.0\.0\/8,private \(RFC 1918\),00:11:22:33:44:55,alpha,/);

  const json = await saved("[data-testid=log-download-networks-json]");
  assert.equal(json.name, "networks.json");
  assert.equal(json.bytes.toString("utf8"), folder["networks.json"]);
  assert.deepEqual(page.problems, []);
});

test("a network table the core cannot read is named beside its field", async () => {
  await writeFile(path.join(scratch.path, "bad.tsv"), "5.6.0.0\t5.6.255.255\t64500\tDE\tX\n5.7.0.0\tnope\t1\tDE\tY\n");
  const runs = Number((await page.getAttribute("body", "data-runs")) ?? 0);
  await page.setInputFiles("[data-testid=log-networks]", path.join(scratch.path, "bad.tsv"));
  await page.waitForFunction((n) => Number(document.body.dataset.runs ?? 0) > n, runs, { timeout: 60_000 });
  assert.equal(
    await page.textContent("[data-testid=error-log-networks]"),
    "network table bad.tsv line 2: '5.7.0.0\tnope\t1\tDE\tY' is not a range line: range_start, range_end, AS_number, country_code, AS_description separated by tabs",
  );
  assert.equal(await page.isHidden("[data-testid=networks-output]"), true);
});
