// A workbook as far as the add-in's Excel.run code touches it: sheets of cells, tables over
// ranges, load() and sync() as no-ops. Enough to run readInputTables, writeReports, refresh.

const FORMULA_START = ["=", "+", "-", "@"];

export class FakeWorkbook {
  constructor() {
    this.sheets = new Map(); // name -> { cells: Map("r,c" -> value), formats: Map }
    this.tableList = []; // { name, sheet, row, column, rows, columns }
    this.chartList = []; // { sheet, type, title, series: [{ name, values, x }], position }
  }

  sheet(name) {
    if (!this.sheets.has(name)) {
      this.sheets.set(name, { cells: new Map(), formats: new Map() });
    }
    return this.sheets.get(name);
  }

  // An input table: its header row and rows written at (row, column), 0-based.
  addTable(name, sheetName, values, row = 0, column = 0) {
    const sheet = this.sheet(sheetName);
    values.forEach((cells, r) => cells.forEach((v, c) => sheet.cells.set(`${row + r},${column + c}`, v)));
    this.tableList.push({ name, sheet: sheetName, row, column, rows: values.length,
                          columns: values[0].length });
  }

  values(sheetName, row, column, rows, columns) {
    const sheet = this.sheet(sheetName);
    return Array.from({ length: rows }, (_, r) => Array.from({ length: columns },
      (_, c) => sheet.cells.get(`${row + r},${column + c}`) ?? ""));
  }

  tableValues(name) {
    const t = this.tableList.find((table) => table.name === name);
    return t && this.values(t.sheet, t.row, t.column, t.rows, t.columns);
  }

  context() {
    const book = this;
    const rangeOf = (sheetName, row, column, rows, columns) => ({
      load() {},
      get values() { return book.values(sheetName, row, column, rows, columns); },
      // as Excel does: text starting so is taken for a formula, unless the cell is text (@)
      set values(grid) {
        const sheet = book.sheet(sheetName);
        grid.forEach((cells, r) => cells.forEach((v, c) => {
          const at = `${row + r},${column + c}`;
          const formula = typeof v === "string" && FORMULA_START.includes(v[0]) &&
            sheet.formats.get(at) !== "@";
          sheet.cells.set(at, formula ? { formula: v } : v);
        }));
      },
      set numberFormat(grid) {
        grid.forEach((cells, r) => cells.forEach((v, c) =>
          book.sheet(sheetName).formats.set(`${row + r},${column + c}`, v)));
      },
      rowIndex: row,
      clear() { book.sheet(sheetName).cells.clear(); book.sheet(sheetName).formats.clear(); },
      _where: { sheetName, row, column, rows, columns },
    });
    const tableObject = (t) => ({
      get name() { return t.name; },
      set name(value) { t.name = value; },
      worksheet: { name: t.sheet, load() {} },
      getRange: () => rangeOf(t.sheet, t.row, t.column, t.rows, t.columns),
      delete() { book.tableList.splice(book.tableList.indexOf(t), 1); },
    });
    const worksheet = (name) => ({
      isNullObject: false,
      tables: {
        load() {},
        get items() { return book.tableList.filter((t) => t.sheet === name).map(tableObject); },
        add(range) {
          const w = range._where;
          const t = { name: `Table${book.tableList.length + 1}`, sheet: name, row: w.row,
                      column: w.column, rows: w.rows, columns: w.columns };
          book.tableList.push(t);
          return tableObject(t);
        },
      },
      charts: {
        load() {},
        get items() {
          return book.chartList.filter((c) => c.sheet === name).map((c) => ({
            delete() { book.chartList.splice(book.chartList.indexOf(c), 1); } }));
        },
        add(type, range, seriesBy) {
          const record = { sheet: name, type, seriesBy, title: "", position: null, series: [] };
          const series = (entry) => ({
            set name(value) { entry.name = value; },
            setValues(values) { entry.values = values._where; },
            setXAxisValues(values) { entry.x = values._where; },
          });
          record.series.push({ name: "", values: range._where, x: null });
          book.chartList.push(record);
          return {
            title: { set text(value) { record.title = value; } },
            series: {
              getItemAt: (at) => series(record.series[at]),
              add: () => { const entry = { name: "", values: null, x: null };
                           record.series.push(entry); return series(entry); },
            },
            setPosition(from, to) { record.position = [from._where, to._where]; },
          };
        },
      },
      getRange: () => rangeOf(name, 0, 0, 0, 0),
      getRangeByIndexes: (row, column, rows, columns) => rangeOf(name, row, column, rows, columns),
    });
    return {
      workbook: {
        tables: { load() {}, get items() { return book.tableList.map(tableObject); } },
        worksheets: {
          getItemOrNullObject: (name) => book.sheets.has(name) ? worksheet(name)
            : { isNullObject: true },
          add: (name) => { book.sheet(name); return worksheet(name); },
        },
      },
      sync: async () => {},
    };
  }

  // What Excel.run gives the add-in's code.
  host() {
    return { run: (batch) => batch(this.context()) };
  }
}
