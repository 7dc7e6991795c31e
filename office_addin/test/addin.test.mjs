// The add-in's code against a live xl-inventory server (XLI_SERVER), Office.js stubbed: the
// Python test tests/surfaces/test_addin.py starts the server and gives the cases.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import test from "node:test";

import { Batcher, asRanges, withErrors } from "../dist/api.js";
import { FUNCTION_NAMES, customFunction } from "../dist/functions.js";
import { INPUT_TABLES, refresh } from "../dist/taskpane.js";
import { FakeWorkbook } from "./fake-excel.mjs";

const server = process.env.XLI_SERVER;
const cases = process.env.XLI_CASES && JSON.parse(readFileSync(process.env.XLI_CASES, "utf8"));
const live = { skip: !server && "no XLI_SERVER: run through tests/surfaces/test_addin.py" };
const makeError = (code, message) => message === undefined ? { error: code }
  : { error: code, message };

test("the names the add-in registers are the ones functions.json declares", () => {
  const declared = JSON.parse(readFileSync(new URL("../functions.json", import.meta.url)));
  assert.deepEqual(FUNCTION_NAMES, declared.functions.map((f) => f.id));
});

test("omitted arguments and single values become the ranges the API takes", () => {
  assert.deepEqual(asRanges([[[1], [2]], 3, undefined, null]), [[[1], [2]], [[3]]]);
  assert.deepEqual(asRanges([[[1]], null, "peak"]), [[[1]], [[null]], [["peak"]]]);
});

test("error texts become Excel errors", () => {
  assert.deepEqual(withErrors([[1], ["#DIV/0!"], ["A"]], (code) => `<${code}>`),
                   [[1], ["<divisionByZero>"], ["A"]]);
});

test("every function answers, through one batched request, what the engine answers", live,
     async () => {
  let requests = 0;
  const counting = (url, init) => { requests += 1; return fetch(url, init); };
  const batcher = new Batcher(() => ({ server }), counting);
  const answers = await Promise.all(cases.map(({ name, args }) =>
    customFunction(name, batcher, makeError)(...args)));
  assert.equal(requests, 1);
  cases.forEach(({ name, expected }, at) => assert.deepEqual(answers[at], expected, name));
});

test("an unreachable server or a bad call becomes #N/A with the reason", live, async () => {
  const nowhere = new Batcher(() => ({ server: "http://127.0.0.1:9" }));
  await assert.rejects(customFunction("TURNOVER", nowhere, makeError)([[1]], [[1]]),
                       (error) => error.error === "notAvailable" &&
                         error.message.includes("cannot be reached"));
  const batcher = new Batcher(() => ({ server }));
  await assert.rejects(customFunction("NOSUCH", batcher, makeError)([[1]]),
                       (error) => error.message.startsWith("no function NOSUCH"));
});

test("Refresh reads the input tables and writes the server's report tables", live, async () => {
  const book = new FakeWorkbook();
  const inputs = JSON.parse(readFileSync(process.env.XLI_WORKBOOK, "utf8"));
  for (const [name, table] of Object.entries(inputs.tables)) {
    book.addTable(name, table.sheet, table.values);
  }
  const message = await refresh(book.host(), { server });
  assert.match(message, /^Reports refreshed: \d+ slow movers, \d+ purchase lines/);
  const expected = await (await fetch(`${server}/api/refresh`, {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify(inputs) })).json();
  for (const sheet of expected.sheets) {
    for (const table of sheet.tables) {
      const written = table.as_table ? book.tableValues(table.name)
        : book.values(sheet.name, table.top - 1, table.left - 1, table.values.length,
                      table.values[0].length);
      assert.deepEqual(written, table.values.map((row) => row.map((v) => v ?? "")), table.name);
      if (table.values.length > 1) {  // each column in the format the server names
        const formats = book.sheet(sheet.name).formats;
        assert.deepEqual(table.number_formats.map((_, at) =>
          formats.get(`${table.top},${table.left - 1 + at}`)), table.number_formats, table.name);
      }
    }
  }
  // the dashboard's charts: each series over its table's column, the category as its axis
  const charts = expected.sheets.flatMap((sheet) => (sheet.charts ?? []).map((chart) =>
    ({ sheet: sheet.name, chart, table: sheet.tables.find((t) => t.name === chart.table) })));
  assert.ok(charts.length >= 3);
  assert.equal(book.chartList.length, charts.length);
  for (const { sheet, chart, table } of charts) {
    const drawn = book.chartList.find((c) => c.title === chart.title);
    assert.ok(drawn, chart.title);
    assert.equal(drawn.sheet, sheet);
    assert.equal(drawn.type, chart.kind === "bar" ? "ColumnClustered" : "Line");
    const column = (at) => book.values(sheet, table.top, table.left - 1 + at,
                                       table.values.length - 1, 1);
    assert.deepEqual(drawn.series.map((s) => s.name),
                     chart.values.map((at) => table.values[0][at]));
    drawn.series.forEach((s, at) => {
      const w = s.values;
      assert.deepEqual(book.values(sheet, w.row, w.column, w.rows, w.columns),
                       column(chart.values[at]));
      assert.deepEqual(book.values(sheet, s.x.row, s.x.column, s.x.rows, s.x.columns),
                       column(chart.category));
    });
    assert.deepEqual(drawn.position.map((p) => [p.column, p.row]),
                     [[chart.anchor[0], chart.anchor[1]], [chart.anchor[2], chart.anchor[3]]]);
  }
  // the input tables are where they were, untouched
  for (const name of Object.keys(inputs.tables)) {
    assert.ok(INPUT_TABLES.includes(name));
    assert.deepEqual(book.tableValues(name),
                     inputs.tables[name].values.map((row) => row.map((v) => v ?? "")));
  }
  // a second refresh rebuilds the same sheets in place
  await refresh(book.host(), { server });
  assert.equal(book.tableList.filter((t) => t.name === "PurchasePlan").length, 1);
  assert.equal(book.chartList.length, charts.length);
});

test("a name that looks like a formula is written as the text it is", live, async () => {
  const book = new FakeWorkbook();
  const inputs = JSON.parse(readFileSync(process.env.XLI_WORKBOOK, "utf8"));
  const products = inputs.tables.Products.values;
  const name = products[0].indexOf("name");
  const looks = ["=HYPERLINK(\"http://x\")", "+86 phone case", "-", "@home mug"];
  looks.forEach((text, at) => { products[at + 1][name] = text; });
  for (const [table, { sheet, values }] of Object.entries(inputs.tables)) {
    book.addTable(table, sheet, values);
  }
  await refresh(book.host(), { server });
  const plan = book.tableValues("PurchasePlan");
  const column = plan[0].indexOf("name");
  const written = plan.slice(1).map((row) => row[column]);
  for (const text of looks) {
    assert.ok(written.includes(text), `${text} written as text`);
  }
  assert.ok(written.every((cell) => typeof cell !== "object"), "no cell became a formula");
});
