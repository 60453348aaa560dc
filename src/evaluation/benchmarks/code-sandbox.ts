/**
 * Runs untrusted generated code in a subprocess: own temp dir, scrubbed environment, wall-clock timeout that
 * kills the whole process group, address-space / file-size / open-file limits through prlimit, V8 heap cap for
 * node, and no network (a fresh network namespace via `unshare -rn` where the kernel allows it).
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type SandboxLanguage = "python" | "javascript";
export type SandboxStatus = "passed" | "failed" | "timeout" | "memory" | "error";

export interface SandboxOptions {
  language: SandboxLanguage;
  code: string;
  timeoutMs?: number;
  memoryMb?: number;
}

export interface SandboxResult {
  status: SandboxStatus;
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  networkIsolated: boolean;
}

const outputCap = 64 * 1024;
let probed: { netns: string[]; prlimit: boolean; python?: string } | undefined;

function probe(): NonNullable<typeof probed> {
  if (probed) return probed;
  const ok = (cmd: string, args: string[]) => {
    try {
      return spawnSync(cmd, args, { stdio: "ignore", timeout: 5000 }).status === 0;
    } catch {
      return false;
    }
  };
  const netns = ok("unshare", ["-rn", "true"]) ? ["unshare", "-rn"] : ok("unshare", ["-n", "true"]) ? ["unshare", "-n"] : [];
  let python: string | undefined;
  // Resolve the real interpreter: version-manager shims are shell scripts that misbehave under tight limits.
  const r = spawnSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8", timeout: 10000 });
  if (r.status === 0 && r.stdout.trim()) python = r.stdout.trim();
  probed = { netns, prlimit: ok("prlimit", ["--version"]), python };
  return probed;
}

/** Whether code can run with network isolation on this machine (reported with every result). */
export function sandboxCapabilities(): { networkIsolation: boolean; memoryLimits: boolean; python: boolean } {
  const p = probe();
  return { networkIsolation: p.netns.length > 0, memoryLimits: p.prlimit, python: !!p.python };
}

export async function runInSandbox(opts: SandboxOptions): Promise<SandboxResult> {
  const p = probe();
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const memoryMb = opts.memoryMb ?? 512;
  const dir = mkdtempSync(join(tmpdir(), "candor-sandbox-"));
  const started = Date.now();
  try {
    let argv: string[];
    let addressSpaceMb: number;
    if (opts.language === "python") {
      if (!p.python) return { status: "error", exitCode: null, signal: null, stdout: "", stderr: "python3 is not installed", durationMs: 0, networkIsolated: false };
      writeFileSync(join(dir, "main.py"), opts.code);
      argv = [p.python, "-I", "-B", "main.py"];
      addressSpaceMb = memoryMb;
    } else {
      writeFileSync(join(dir, "main.cjs"), opts.code);
      argv = [process.execPath, `--max-old-space-size=${memoryMb}`, "main.cjs"];
      // V8 reserves address space well beyond its heap; the heap cap above is the real limit for node.
      addressSpaceMb = memoryMb + 1024;
    }
    const limits = p.prlimit ? ["prlimit", `--as=${addressSpaceMb * 1024 * 1024}`, `--fsize=${16 * 1024 * 1024}`, "--nofile=64", "--core=0", "--"] : [];
    const full = [...p.netns, ...limits, ...argv];
    return await new Promise<SandboxResult>((resolve) => {
      const child = spawn(full[0]!, full.slice(1), {
        cwd: dir,
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
        env: { PATH: "/usr/local/bin:/usr/bin:/bin", HOME: dir, TMPDIR: dir, LANG: "C.UTF-8", PYTHONDONTWRITEBYTECODE: "1", PYTHONHASHSEED: "0" },
      });
      let stdout = "";
      let stderr = "";
      child.stdout!.on("data", (d: Buffer) => {
        if (stdout.length < outputCap) stdout += d.toString("utf8");
      });
      child.stderr!.on("data", (d: Buffer) => {
        if (stderr.length < outputCap) stderr += d.toString("utf8");
      });
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // already gone
        }
      }, timeoutMs);
      const finish = (exitCode: number | null, signal: string | null, spawnError?: Error) => {
        clearTimeout(timer);
        try {
          // Anything the program forked is killed with it.
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // group already empty
        }
        let status: SandboxStatus;
        if (spawnError) status = "error";
        else if (timedOut) status = "timeout";
        else if (exitCode === 0) status = "passed";
        else if (/MemoryError|heap out of memory|Allocation failed|Cannot allocate memory|std::bad_alloc|Array buffer allocation failed|Invalid array length/.test(stderr)) status = "memory";
        else status = "failed";
        resolve({
          status,
          exitCode,
          signal,
          stdout: stdout.slice(0, outputCap),
          stderr: (spawnError ? `${spawnError.message}\n` : "") + stderr.slice(-outputCap),
          durationMs: Date.now() - started,
          networkIsolated: p.netns.length > 0,
        });
      };
      child.on("error", (err) => finish(null, null, err));
      child.on("close", (code, signal) => finish(code, signal));
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
