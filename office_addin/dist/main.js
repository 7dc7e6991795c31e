// The shared runtime's page: registers the functions and the ribbon's commands, and runs the
// task pane's buttons.
import { currentConnection, registerFunctions } from "./functions.js";
import { check, refresh } from "./taskpane.js";
function show(text) {
    const status = document.getElementById("status");
    if (status) {
        status.textContent = text;
    }
}
async function runJob(label, job) {
    show(label);
    try {
        show(await job());
    }
    catch (error) {
        show(error.message);
    }
}
const jobs = {
    refresh: ["Refreshing...", () => refresh(Excel, currentConnection())],
    check: ["Checking...", () => check(Excel, currentConnection())],
};
Office.onReady(() => {
    registerFunctions();
    for (const [id, [label, job]] of Object.entries(jobs)) {
        document.getElementById(id)?.addEventListener("click", () => void runJob(label, job));
        Office.actions.associate(id, async (event) => {
            await runJob(label, job);
            event.completed();
        });
    }
    const server = document.getElementById("server");
    const token = document.getElementById("token");
    const saved = currentConnection();
    if (server && token) {
        server.value = saved.server;
        token.value = saved.token ?? "";
        document.getElementById("save")?.addEventListener("click", () => {
            localStorage.setItem("xl-inventory-connection", JSON.stringify({ server: server.value, token: token.value }));
            show("Saved.");
        });
    }
});
