// Starts the real zaedno binary on 127.0.0.1:0 in a fresh folder and reports its port.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export async function startZaedno(extraEnv = {}) {
  const binary = process.env.ZAEDNO_BINARY;
  if (!binary) throw new Error("ZAEDNO_BINARY is not set (ctest sets it)");
  const dir = mkdtempSync(join(tmpdir(), "zaedno-browser-"));
  const child = spawn(binary, ["serve", "--listen", "127.0.0.1:0"], {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...extraEnv },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const port = await new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error("zaedno did not start: " + seen)), 20000);
    child.stderr.on("data", (chunk) => {
      seen += chunk.toString();
      const match = /listening on 127\.0\.0\.1:(\d+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.on("exit", (code) => reject(new Error("zaedno exited early with " + code + ": " + seen)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      const exited = new Promise((resolve) => child.on("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function chromiumOptions() {
  return {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  };
}
