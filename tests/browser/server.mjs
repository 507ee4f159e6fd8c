// Starts the real zaedno binary on 127.0.0.1:0 in a fresh folder and reports its port.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export async function startZaedno(extraEnv = {}) {
  const binary = process.env.ZAEDNO_BINARY;
  if (!binary) throw new Error("ZAEDNO_BINARY is not set (ctest sets it)");
  const dir = mkdtempSync(join(tmpdir(), "zaedno-browser-"));
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...extraEnv };
  const child = spawn(binary, ["serve", "--listen", "127.0.0.1:0"], {
    cwd: dir,
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let seen = "";
  const port = await new Promise((resolve, reject) => {
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
    dir,
    /** Everything the server wrote to standard error so far. */
    output() {
      return seen;
    },
    /** Runs `zaedno ARGS` in the server's folder (so on its database) with `input` on stdin. */
    run(args, input = "") {
      return runCommand(binary, args, dir, env, input);
    },
    async stop() {
      const exited = new Promise((resolve) => child.on("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function runCommand(binary, args, cwd, env, input) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { cwd, env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => { stdout += chunk.toString(); });
    child.stderr.on("data", (chunk) => { stderr += chunk.toString(); });
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
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
