// Refresh and Check over the open workbook: the input tables are read as Excel holds them,
// sent to the server, and the report tables it answers are written back into their sheets,
// as the ribbon of the templates does.
import { post } from "./api.js";
export const INPUT_TABLES = ["Products", "Sales", "Stock", "Receipts", "Promotions", "Settings"];
export async function readInputTables(context) {
    const tables = context.workbook.tables;
    tables.load("items/name");
    await context.sync();
    const wanted = new Map(INPUT_TABLES.map((name) => [name.toLowerCase(), name]));
    const found = [];
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
            sheet: table.worksheet.name, first_row: range.rowIndex + 2, values: range.values,
        }]));
}
// Rebuild each report sheet: found by its first table's name (a translated sheet keeps its
// name), else by the sheet's name, else added; a sheet holding an input table is refused.
export async function writeReports(context, sheets) {
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
        }
        else {
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
            drawChart(worksheet, chart, sheet.tables.find((t) => t.name === chart.table));
        }
    }
    await context.sync();
}
// A native chart: one series per value column, the category column as its axis.
function drawChart(worksheet, chart, block) {
    const rows = block.values.length - 1;
    const column = (at) => worksheet.getRangeByIndexes(block.top, block.left - 1 + at, rows, 1);
    const added = worksheet.charts.add(chart.kind === "bar" ? "ColumnClustered" : "Line", column(chart.values[0]), "Columns");
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
    added.setPosition(worksheet.getRangeByIndexes(r1, c1, 1, 1), worksheet.getRangeByIndexes(r2, c2, 1, 1));
}
export async function refresh(excel, connection, fetcher) {
    return excel.run(async (context) => {
        const tables = await readInputTables(context);
        const answer = await post(connection, "/api/refresh", { tables }, fetcher);
        await writeReports(context, answer.sheets);
        const { slow_movers, purchase_lines, data_issues } = answer.summary;
        return `Reports refreshed: ${slow_movers} slow movers, ${purchase_lines} purchase lines, ` +
            `${data_issues} data issues.`;
    });
}
export async function check(excel, connection, fetcher) {
    return excel.run(async (context) => {
        const tables = await readInputTables(context);
        const answer = await post(connection, "/api/check", { tables }, fetcher);
        return `${answer.products} products, ${answer.sales_lines} sales lines usable; ` +
            `${answer.issues.length} data issues.`;
    });
}
