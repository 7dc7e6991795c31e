// The task pane in headless Chromium against a live server (XLI_SERVER), Office.js replaced
// by a stub whose Excel.run works on a fake workbook holding the input tables (XLI_WORKBOOK):
// a click on Refresh must leave in it exactly the report tables the server answers.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import test from "node:test";

import { chromium } from "playwright-core";

const server = process.env.XLI_SERVER;
const browserPath = process.env.XLI_CHROMIUM;
const skip = !(server && browserPath) &&
  "needs XLI_SERVER and XLI_CHROMIUM: run through tests/surfaces/test_addin.py";

function officeStub(inputs) {
  // FakeWorkbook as a classic script, then Office, CustomFunctions and Excel over it
  const fake = readFileSync(new URL("./fake-excel.mjs", import.meta.url), "utf8")
    .replace(/^export /gm, "");
  return `${fake}
window.__book = new FakeWorkbook();
for (const [name, table] of Object.entries(${JSON.stringify(inputs.tables)})) {
  window.__book.addTable(name, table.sheet, table.values);
}
window.Excel = window.__book.host();
window.Office = { onReady: (ready) => Promise.resolve().then(ready),
                  actions: { associate: () => {} } };
window.CustomFunctions = { associate: () => {}, Error: class {}, ErrorCode: {} };`;
}

test("clicking Refresh in the task pane writes the server's report tables", { skip },
     async () => {
  const inputs = JSON.parse(readFileSync(process.env.XLI_WORKBOOK, "utf8"));
  const browser = await chromium.launch({
    executablePath: browserPath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage();
    await page.route("https://appsforoffice.microsoft.com/**", (route) =>
      route.fulfill({ contentType: "text/javascript", body: officeStub(inputs) }));
    const errors = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${server}/addin/taskpane.html`);
    await page.click("#refresh");
    await page.waitForFunction(() => /Reports refreshed|error|cannot/i.test(
      document.getElementById("status").textContent), null, { timeout: 60_000 });
    const status = await page.textContent("#status");
    assert.match(status, /^Reports refreshed: \d+ slow movers, \d+ purchase lines/);
    assert.deepEqual(errors, []);
    const expected = await (await fetch(`${server}/api/refresh`, {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify(inputs) })).json();
    for (const sheet of expected.sheets) {
      for (const table of sheet.tables.filter((t) => t.as_table)) {
        const written = await page.evaluate((name) => window.__book.tableValues(name),
                                            table.name);
        assert.deepEqual(written, table.values.map((row) => row.map((v) => v ?? "")),
                         table.name);
      }
    }
  } finally {
    await browser.close();
  }
});
