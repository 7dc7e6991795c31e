// The xl-inventory server's API, as the add-in calls it: one request per batch of function
// calls made in the same moment, errors as readable messages.
export class ApiError extends Error {
}
export async function post(connection, path, body, fetcher = fetch) {
    const headers = { "Content-Type": "application/json" };
    if (connection.token) {
        headers.Authorization = `Bearer ${connection.token}`;
    }
    let response;
    try {
        response = await fetcher(connection.server + path, { method: "POST", headers, body: JSON.stringify(body) });
    }
    catch (error) {
        throw new ApiError(`the xl-inventory server at ${connection.server} cannot be reached ` +
            `(${error.message})`);
    }
    let answer;
    try {
        answer = await response.json();
    }
    catch {
        answer = { error: `the xl-inventory server answered ${response.status}` };
    }
    if (!response.ok || answer.error) {
        throw new ApiError(answer.error ?? `the xl-inventory server answered ${response.status}`);
    }
    return answer;
}
// The Excel error each error text stands for, by the custom-functions runtime's names.
export const EXCEL_ERRORS = {
    "#DIV/0!": "divisionByZero",
    "#NUM!": "invalidNumber",
    "#VALUE!": "invalidValue",
    "#N/A": "notAvailable",
    "#REF!": "invalidReference",
    "#NAME?": "invalidName",
    "#NULL!": "nullReference",
};
// The answer with true Excel errors where the engine answered an error's text.
export function withErrors(grid, makeError) {
    return grid.map((row) => row.map((cell) => typeof cell === "string" && cell in EXCEL_ERRORS ? makeError(EXCEL_ERRORS[cell]) : cell));
}
// Arguments as the API takes them: an omitted argument in the middle is a blank cell (the
// function's default), omitted ones at the end are left out, a single value is [[value]].
export function asRanges(args) {
    const ranges = args.map((arg) => arg === undefined || arg === null ? [[null]] : Array.isArray(arg) ? arg
        : [[arg]]);
    while (ranges.length && args[ranges.length - 1] == null) {
        ranges.pop();
    }
    return ranges;
}
// Function calls made in the same moment (a recalculation) travel in one request.
export class Batcher {
    constructor(connection, fetcher = fetch, delayMs = 0) {
        this.connection = connection;
        this.fetcher = fetcher;
        this.delayMs = delayMs;
        this.queue = [];
        this.scheduled = false;
    }
    call(name, args) {
        return new Promise((resolve, reject) => {
            this.queue.push({ name, args, resolve, reject });
            if (!this.scheduled) {
                this.scheduled = true;
                setTimeout(() => void this.flush(), this.delayMs);
            }
        });
    }
    async flush() {
        const calls = this.queue.splice(0);
        this.scheduled = false;
        if (!calls.length) {
            return;
        }
        try {
            const { results } = await post(this.connection(), "/api/functions", { calls: calls.map(({ name, args }) => ({ name, args })) }, this.fetcher);
            results.forEach((result, at) => result.error !== undefined
                ? calls[at].reject(new ApiError(result.error)) : calls[at].resolve(result.values ?? []));
        }
        catch (error) {
            for (const call of calls) {
                call.reject(error);
            }
        }
    }
}
