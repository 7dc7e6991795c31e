// The xl-inventory server's API, as the add-in calls it: one request per batch of function
// calls made in the same moment, errors as readable messages.

export type Cell = number | string | boolean | null;
export type Grid = Cell[][];

export interface Connection {
  server: string; // the origin of xl-inventory serve, e.g. https://inventory.example.com:8443
  token?: string; // the seller's token, needed beyond localhost
}

export class ApiError extends Error {}

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export async function post<T>(connection: Connection, path: string, body: unknown,
                              fetcher: Fetch = fetch): Promise<T> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (connection.token) {
    headers.Authorization = `Bearer ${connection.token}`;
  }
  let response: Response;
  try {
    response = await fetcher(connection.server + path,
                             { method: "POST", headers, body: JSON.stringify(body) });
  } catch (error) {
    throw new ApiError(`the xl-inventory server at ${connection.server} cannot be reached ` +
                       `(${(error as Error).message})`);
  }
  let answer: { error?: string } & Record<string, unknown>;
  try {
    answer = await response.json();
  } catch {
    answer = { error: `the xl-inventory server answered ${response.status}` };
  }
  if (!response.ok || answer.error) {
    throw new ApiError(answer.error ?? `the xl-inventory server answered ${response.status}`);
  }
  return answer as T;
}

// The Excel error each error text stands for, by the custom-functions runtime's names.
export const EXCEL_ERRORS: Record<string, string> = {
  "#DIV/0!": "divisionByZero",
  "#NUM!": "invalidNumber",
  "#VALUE!": "invalidValue",
  "#N/A": "notAvailable",
  "#REF!": "invalidReference",
  "#NAME?": "invalidName",
  "#NULL!": "nullReference",
};

// The answer with true Excel errors where the engine answered an error's text.
export function withErrors<E>(grid: Grid, makeError: (code: string) => E): (Cell | E)[][] {
  return grid.map((row) => row.map((cell) =>
    typeof cell === "string" && cell in EXCEL_ERRORS ? makeError(EXCEL_ERRORS[cell]) : cell));
}

// Arguments as the API takes them: an omitted argument in the middle is a blank cell (the
// function's default), omitted ones at the end are left out, a single value is [[value]].
export function asRanges(args: unknown[]): Grid[] {
  const ranges = args.map((arg) =>
    arg === undefined || arg === null ? [[null]] : Array.isArray(arg) ? arg as Grid
      : [[arg as Cell]]);
  while (ranges.length && args[ranges.length - 1] == null) {
    ranges.pop();
  }
  return ranges;
}

interface Pending {
  name: string;
  args: Grid[];
  resolve: (values: Grid) => void;
  reject: (error: Error) => void;
}

// Function calls made in the same moment (a recalculation) travel in one request.
export class Batcher {
  private queue: Pending[] = [];
  private scheduled = false;

  constructor(private readonly connection: () => Connection,
              private readonly fetcher: Fetch = fetch, private readonly delayMs = 0) {}

  call(name: string, args: Grid[]): Promise<Grid> {
    return new Promise((resolve, reject) => {
      this.queue.push({ name, args, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setTimeout(() => void this.flush(), this.delayMs);
      }
    });
  }

  async flush(): Promise<void> {
    const calls = this.queue.splice(0);
    this.scheduled = false;
    if (!calls.length) {
      return;
    }
    try {
      const { results } = await post<{ results: { values?: Grid; error?: string }[] }>(
        this.connection(), "/api/functions",
        { calls: calls.map(({ name, args }) => ({ name, args })) }, this.fetcher);
      results.forEach((result, at) => result.error !== undefined
        ? calls[at].reject(new ApiError(result.error)) : calls[at].resolve(result.values ?? []));
    } catch (error) {
      for (const call of calls) {
        call.reject(error as Error);
      }
    }
  }
}
