// The shared runtime's page: registers the functions and the ribbon's commands, and runs the
// task pane's buttons.

import { currentConnection, registerFunctions } from "./functions.js";
import { check, refresh } from "./taskpane.js";

function show(text: string): void {
  const status = document.getElementById("status");
  if (status) {
    status.textContent = text;
  }
}

async function runJob(label: string, job: () => Promise<string>): Promise<void> {
  show(label);
  try {
    show(await job());
  } catch (error) {
    show((error as Error).message);
  }
}

const jobs: Record<string, [string, () => Promise<string>]> = {
  refresh: ["Refreshing...", () => refresh(Excel, currentConnection())],
  check: ["Checking...", () => check(Excel, currentConnection())],
};

Office.onReady(() => {
  registerFunctions();
  for (const [id, [label, job]] of Object.entries(jobs)) {
    document.getElementById(id)?.addEventListener("click", () => void runJob(label, job));
    Office.actions.associate(id, async (event: Office.AddinCommands.Event) => {
      await runJob(label, job);
      event.completed();
    });
  }
  const server = document.getElementById("server") as HTMLInputElement | null;
  const token = document.getElementById("token") as HTMLInputElement | null;
  const saved = currentConnection();
  if (server && token) {
    server.value = saved.server;
    token.value = saved.token ?? "";
    document.getElementById("save")?.addEventListener("click", () => {
      localStorage.setItem("xl-inventory-connection",
                           JSON.stringify({ server: server.value, token: token.value }));
      show("Saved.");
    });
  }
});
