// Refresh and Check over the open workbook: the input tables are read as Excel holds them,
// sent to the server, and the report tables it answers are written back into their sheets,
// as the ribbon of the templates does.

import { Connection, Grid, post } from "./api.js";

export const INPUT_TABLES = ["Products", "Sales", "Stock", "Receipts", "Promotions", "Settings"];

export interface InputTable { sheet: string; first_row: number; values: Grid }
export interface ReportTable {
  // number_formats: Excel's format code of each column, as the workbook writer uses it;
  // text_cells: [row, column] (0-based, header included) of text Excel would take for a
  // formula ("=...", "+86...", "-", "@..."): written into text cells, never run
  name: string; top: number; left: number; number_formats: string[]; as_table: boolean;
  values: Grid; text_cells: [number, number][];
}
// A chart over columns of one of the sheet's tables; anchor: first column, first row, last
// column, last row of the cells it covers (0-based).
export interface ReportChart {
  kind: "bar" | "line"; title: string; table: string; category: number; values: number[];
  anchor: [number, number, number, number];
}
export interface ReportSheet { name: string; tables: ReportTable[]; charts?: ReportChart[] }
interface RefreshAnswer {
  sheets: ReportSheet[];
  summary: { slow_movers: number; purchase_lines: number; data_issues: number };
}
interface CheckAnswer { products: number; sales_lines: number; issues: unknown[] }

// Excel's object model as far as these functions use it (Excel.run in Excel, a fake in tests).
export interface ExcelHost {
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
}

export async function readInputTables(context: Excel.RequestContext
): Promise<Record<string, InputTable>> {
  const tables = context.workbook.tables;
  tables.load("items/name");
  await context.sync();
  const wanted = new Map(INPUT_TABLES.map((name) => [name.toLowerCase(), name]));
  const found: { name: string; table: Excel.Table; range: Excel.Range }[] = [];
  for (const table of tables.items) {
    const name = wanted.get(table.name.toLowerCase());
    if (name) {
      const range = table.getRange();
      range.load("values,rowIndex");
      table.worksheet.load("name");
      found.push({ name, table, range });
    }
  }
  await context.sync();
  return Object.fromEntries(found.map(({ name, table, range }) => [name, {
    sheet: table.worksheet.name, first_row: range.rowIndex + 2, values: range.values as Grid,
  }]));
}

// Rebuild each report sheet: found by its first table's name (a translated sheet keeps its
// name), else by the sheet's name, else added; a sheet holding an input table is refused.
export async function writeReports(context: Excel.RequestContext, sheets: ReportSheet[]
): Promise<void> {
  const tables = context.workbook.tables;
  tables.load("items/name,items/worksheet/name");
  await context.sync();
  const sheetOfTable = new Map(tables.items.map((t) => [t.name, t.worksheet.name]));
  for (const sheet of sheets) {
    const name = sheetOfTable.get(sheet.tables[0].name) ?? sheet.name;
    let worksheet = context.workbook.worksheets.getItemOrNullObject(name);
    await context.sync();
    if (worksheet.isNullObject) {
      worksheet = context.workbook.worksheets.add(name);
    } else {
      worksheet.tables.load("items/name");
      await context.sync();
      const inputs = worksheet.tables.items.filter((t) => INPUT_TABLES.includes(t.name));
      if (inputs.length) {
        throw new Error(`sheet ${name} holds the input table ${inputs[0].name}: rename the ` +
                        `sheet so the ${sheet.tables[0].name} report can be written`);
      }
      worksheet.tables.items.forEach((t) => t.delete());
      worksheet.charts.load("items");
      await context.sync();
      worksheet.charts.items.forEach((c) => c.delete());
      worksheet.getRange().clear();
    }
    for (const block of sheet.tables) {
      const rows = block.values.length;
      const columns = block.values[0].length;
      const range = worksheet.getRangeByIndexes(block.top - 1, block.left - 1, rows, columns);
      // formats before values: Excel reads a value written into a text cell ("@") as text
      if (rows > 1) {
        block.number_formats.forEach((format, at) => {
          const cells = worksheet.getRangeByIndexes(block.top, block.left - 1 + at, rows - 1, 1);
          cells.numberFormat = Array.from({ length: rows - 1 }, () => [format]);
        });
      }
      for (const [row, column] of block.text_cells) {
        worksheet.getRangeByIndexes(block.top - 1 + row, block.left - 1 + column, 1, 1)
          .numberFormat = [["@"]];
      }
      // a blank is "": Office.js leaves a cell given null as it was
      range.values = block.values.map((row) => row.map((cell) => cell ?? ""));
      if (block.as_table) {
        worksheet.tables.add(range, true).name = block.name;
      }
    }
    for (const chart of sheet.charts ?? []) {
      drawChart(worksheet, chart, sheet.tables.find((t) => t.name === chart.table)!);
    }
  }
  await context.sync();
}

// A native chart: one series per value column, the category column as its axis.
function drawChart(worksheet: Excel.Worksheet, chart: ReportChart, block: ReportTable): void {
  const rows = block.values.length - 1;
  const column = (at: number) => worksheet.getRangeByIndexes(block.top, block.left - 1 + at,
                                                             rows, 1);
  const added = worksheet.charts.add(chart.kind === "bar" ? "ColumnClustered" : "Line",
                                     column(chart.values[0]), "Columns");
  added.title.text = chart.title;
  chart.values.forEach((at, index) => {
    const series = index === 0 ? added.series.getItemAt(0) : added.series.add();
    series.name = String(block.values[0][at]);
    if (index > 0) {
      series.setValues(column(at));
    }
    series.setXAxisValues(column(chart.category));
  });
  const [c1, r1, c2, r2] = chart.anchor;
  added.setPosition(worksheet.getRangeByIndexes(r1, c1, 1, 1),
                    worksheet.getRangeByIndexes(r2, c2, 1, 1));
}

export async function refresh(excel: ExcelHost, connection: Connection,
                              fetcher?: typeof fetch): Promise<string> {
  return excel.run(async (context) => {
    const tables = await readInputTables(context);
    const answer = await post<RefreshAnswer>(connection, "/api/refresh", { tables }, fetcher);
    await writeReports(context, answer.sheets);
    const { slow_movers, purchase_lines, data_issues } = answer.summary;
    return `Reports refreshed: ${slow_movers} slow movers, ${purchase_lines} purchase lines, ` +
      `${data_issues} data issues.`;
  });
}

export async function check(excel: ExcelHost, connection: Connection,
                            fetcher?: typeof fetch): Promise<string> {
  return excel.run(async (context) => {
    const tables = await readInputTables(context);
    const answer = await post<CheckAnswer>(connection, "/api/check", { tables }, fetcher);
    return `${answer.products} products, ${answer.sales_lines} sales lines usable; ` +
      `${answer.issues.length} data issues.`;
  });
}
