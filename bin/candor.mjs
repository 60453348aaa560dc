#!/usr/bin/env node
// Runs the TypeScript sources through tsx so that `npx candor` needs no build step.
import { register } from "tsx/esm/api";
register();
const { main } = await import("../src/cli/main.ts");
const code = await main(process.argv.slice(2));
if (typeof code === "number") process.exitCode = code;
