/**
 * HumanEval-style code generation: {task_id, prompt, entry_point, test, language?}. The model completes the
 * function; the program (prompt + completion + hidden test + `check(entry_point)`) runs in the sandbox.
 * Python and JavaScript, the latter with HumanEval-X's convention of a `check(candidate)` function in the test.
 */
import { ask } from "./ask.js";
import { runInSandbox, type SandboxLanguage } from "./code-sandbox.js";
import { asRecord, itemId, ItemFormatError, requireString, type Benchmark } from "./types.js";
import { stripThinking } from "../answer-text.js";

export interface CodeItem {
  id: string;
  language: SandboxLanguage;
  prompt: string;
  entryPoint: string;
  test: string;
}

export function parseCode(raw: unknown, line: number): CodeItem {
  const o = asRecord(raw, line);
  const lang = (o.language ?? "python") as string;
  const language: SandboxLanguage | undefined = lang === "python" || lang === "py" ? "python" : lang === "javascript" || lang === "js" ? "javascript" : undefined;
  if (!language) throw new ItemFormatError(line, `'language' must be "python" or "javascript", not ${JSON.stringify(o.language)}`);
  const entryPoint = requireString(o, "entry_point", line);
  if (!/^[A-Za-z_$][\w$]*$/.test(entryPoint)) throw new ItemFormatError(line, `'entry_point' must be a function name, not ${JSON.stringify(entryPoint)}`);
  return { id: itemId(o, line), language, prompt: requireString(o, "prompt", line), entryPoint, test: requireString(o, "test", line) };
}

/** The code the model wrote: the fenced block that defines the entry point, else the first fenced block, else the reply. */
export function extractCode(response: string, entryPoint: string): string {
  const text = stripThinking(response);
  const blocks = [...text.matchAll(/```[\w+-]*[ \t]*\n([\s\S]*?)```/g)].map((m) => m[1]!);
  if (blocks.length === 0) return text;
  return blocks.find((b) => b.includes(entryPoint)) ?? blocks[0]!;
}

export function assembleProgram(item: CodeItem, completion: string): string {
  if (item.language === "python") {
    const definesEntry = new RegExp(`^\\s*(?:async\\s+)?def\\s+${item.entryPoint}\\s*\\(`, "m").test(completion);
    // A whole function replaces the prompt, but the prompt's imports are still needed.
    const imports = item.prompt.split("\n").filter((l) => /^(?:import|from)\s/.test(l)).join("\n");
    const body = definesEntry ? `${imports}\n${completion}` : `${item.prompt}${completion}`;
    return `${body}\n\n${item.test}\n\ncheck(${item.entryPoint})\n`;
  }
  const definesEntry = new RegExp(`(?:function\\s*\\*?\\s*${item.entryPoint}\\s*\\(|(?:const|let|var)\\s+${item.entryPoint}\\s*=)`).test(completion);
  const body = definesEntry ? completion : `${item.prompt}${completion}`;
  const callsCheck = /function\s+check\s*\(|(?:const|let|var)\s+check\s*=/.test(item.test);
  return `${body}\n\n${item.test}\n${callsCheck ? `check(${item.entryPoint});\n` : ""}`;
}

export const codeBenchmark: Benchmark<CodeItem> = {
  name: "code",
  parse: parseCode,
  async run(item, ctx) {
    const lang = item.language === "python" ? "Python" : "JavaScript";
    const fence = item.language === "python" ? "python" : "javascript";
    const { content, usage } = await ask(ctx, [
      {
        role: "user",
        content: `Complete the following ${lang} function. Reply with the complete function (including its signature) in one \`\`\`${fence} code block.\n\n\`\`\`${fence}\n${item.prompt}\n\`\`\``,
      },
    ]);
    const program = assembleProgram(item, extractCode(content, item.entryPoint));
    const run = await runInSandbox({ language: item.language, code: program, timeoutMs: ctx.timeoutMs, memoryMb: ctx.memoryMb });
    return {
      id: item.id,
      correct: run.status === "passed",
      prediction: run.status,
      gold: "passed",
      response: content,
      usage,
      details: { status: run.status, exitCode: run.exitCode, stderr: run.stderr.slice(-2000), durationMs: run.durationMs, networkIsolated: run.networkIsolated },
    };
  },
};
