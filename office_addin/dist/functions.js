// The custom functions XLI.TURNOVER, XLI.SAFETYSTOCK, ... : each sends its ranges to the
// server, which answers with the cells the Excel function of the templates shows.
import { ApiError, asRanges, Batcher, withErrors } from "./api.js";
// As office_addin/functions.json declares them (a test checks the two agree).
export const FUNCTION_NAMES = [
    "ABCCLASS", "DAYSOFCOVER", "DEMANDCLASS", "DIO", "EOQ", "FORECASTDEMAND", "HOLDINGCOST",
    "REORDERPOINT", "REORDERQTY", "SAFETYSTOCK", "SELLTHROUGH", "SLOWRATIO", "TURNOVER",
    "XYZCLASS",
];
export function currentConnection() {
    const stored = globalThis.localStorage?.getItem("xl-inventory-connection");
    const saved = stored ? JSON.parse(stored) : {};
    return { server: saved.server || globalThis.location?.origin || "", token: saved.token };
}
// The function the runtime calls for NAME, given how to reach the server and make errors.
export function customFunction(name, batcher, makeError) {
    return async (...args) => {
        try {
            return withErrors(await batcher.call(name, asRanges(args)), makeError);
        }
        catch (error) {
            // the cell shows #N/A with the reason (server unreachable, a bad argument)
            throw makeError("notAvailable", error instanceof ApiError ? error.message : String(error));
        }
    };
}
export function registerFunctions(batcher = new Batcher(currentConnection)) {
    const makeError = (code, message) => new CustomFunctions.Error(CustomFunctions.ErrorCode[code], message);
    for (const name of FUNCTION_NAMES) {
        CustomFunctions.associate(name, customFunction(name, batcher, makeError));
    }
}
