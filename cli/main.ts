import { dirname, join } from "node:path";
import { closest } from "../engine/compile/frontmatter.ts";
import { formatDiagnostic } from "../engine/diagnostics.ts";
import {
  CODE_FILE,
  displayPath,
  LoadError,
  loadScenario,
  readCode,
  readSupport,
  resolveScenario,
  SUPPORT_FILE,
} from "../engine/load.ts";
import type { Code, Scenario, Support } from "../engine/model.ts";
import type { CommandSpec } from "./args.ts";
import { helpText, parseCommand, UsageError } from "./args.ts";
import type { Io } from "./io.ts";
import { terminalJson, terminalSafe } from "./render/terminal-safe.ts";
import {
  assessSpec,
  auditSpec,
  buildSpec,
  checkSpec,
  cohortSpec,
  devSpec,
  exportSpec,
  graphSpec,
  initSpec,
  listSpec,
  newSpec,
  playSpec,
  previewSpec,
  roomSpec,
  statsSpec,
} from "./specs.ts";
import { defaultScenarios, findWorkspace } from "./workspace.ts";

export const VERSION = "0.2.0";

type Command = {
  readonly spec: CommandSpec;
  readonly run: (values: Values, positionals: string[], io: Io) => Promise<number> | number;
};
type Values = Record<string, string | boolean | undefined>;

const str = (v: string | boolean | undefined) => (typeof v === "string" ? v : undefined);
/** The scenarios folder: --dir, else the workspace's (cli/workspace.ts), else scenarios/. */
const dirOf = (values: Values, io: Io) => str(values.dir) ?? defaultScenarios(io.cwd);

/**
 * Compiles a scenario argument; prints diagnostics and returns undefined when it has errors. The support
 * page beside it comes along when it compiles (`check` reports its problems).
 */
function compiled(
  arg: string,
  values: Values,
  io: Io,
): { scenario: Scenario; code: Code; support?: Support | undefined } | undefined {
  const { file, codeFile } = resolveScenario(arg, dirOf(values, io), str(values.code));
  const loaded = loadScenario(file, codeFile);
  const errors = loaded.diagnostics.filter((d) => d.severity === "error");
  if (!loaded.scenario.value || !loaded.code.value) {
    for (const d of errors) io.err(`${terminalSafe(formatDiagnostic(d))}\n`);
    io.err(
      `rehearse: ${terminalSafe(arg)} has ${errors.length} error${errors.length === 1 ? "" : "s"}; run \`rehearse check ${terminalSafe(file)}\` for details\n`,
    );
    return undefined;
  }
  const support = readSupport(join(dirname(file), SUPPORT_FILE))?.value;
  return { scenario: loaded.scenario.value, code: loaded.code.value, support };
}

export const commands: Readonly<Record<string, Command>> = {
  check: {
    spec: checkSpec,
    async run(values, positionals, io) {
      const format = str(values.format) ?? "text";
      if (!["text", "short", "json", "github", "sarif"].includes(format))
        throw new UsageError(`--format takes text, short, json, github or sarif, not "${format}"`);
      const max = str(values["max-warnings"]);
      if (max !== undefined && !/^\d+$/.test(max))
        throw new UsageError(`--max-warnings takes a whole number (0 or more), not "${max}"`);
      const rename = str(values["rename-principle"]);
      const renames =
        rename === undefined ? undefined : (await import("./commands/rename-principle.ts")).parseRenames(rename);
      if (rename !== undefined && !renames)
        throw new UsageError(`--rename-principle takes old=new (or old=new,old2=new2), not "${rename}"`);
      if (values["dry-run"] === true && values.fix !== true && !renames)
        throw new UsageError("--dry-run goes with --fix or --rename-principle");
      if (values.fix === true || renames) {
        // Principles renamed in the code: their scores follow, then everything is checked.
        const { renamePrinciples } = await import("./commands/rename-principle.ts");
        const stop = renamePrinciples(
          positionals.length ? positionals : [dirOf(values, io)],
          str(values.code),
          { ...(renames ? { explicit: renames } : {}), dryRun: values["dry-run"] === true },
          // Machine-read formats keep stdout for the check's own output.
          format === "text" || format === "short" ? io : { ...io, out: io.err },
        );
        if (stop !== undefined) return stop;
      }
      // With no paths, the workspace's settings are checked too (rehearse.config.json at its root).
      const place = positionals.length || values.dir !== undefined ? undefined : findWorkspace(io.cwd);
      const configErrors = place ? (await import("./commands/config.ts")).checkConfig(place, io) : 0;
      const { runCheck } = await import("./commands/check.ts");
      const status = await runCheck(
        positionals.length ? positionals : [dirOf(values, io)],
        format,
        str(values.code),
        io,
        {
          quiet: values.quiet === true,
          ...(max === undefined ? {} : { maxWarnings: Number(max) }),
          afterFix: values.fix === true || renames !== undefined,
        },
      );
      return configErrors > 0 ? Math.max(status, 1) : status;
    },
  },
  audit: {
    spec: auditSpec,
    async run(values, positionals, io) {
      const format = str(values.format) ?? "text";
      if (format !== "text" && format !== "json") throw new UsageError(`--format takes text or json, not "${format}"`);
      const { runAudit } = await import("./commands/audit.ts");
      return runAudit(
        positionals.length ? positionals : [dirOf(values, io)],
        format,
        str(values.code),
        str(values.config),
        io,
      );
    },
  },
  export: {
    spec: exportSpec,
    async run(values, [format, ...args], io) {
      const { runExport } = await import("./commands/export.ts");
      return runExport(
        format,
        args,
        {
          dir: dirOf(values, io),
          code: str(values.code),
          all: values.all === true,
          out: str(values.out),
          site: str(values.site),
          values,
        },
        io,
      );
    },
  },
  stats: {
    spec: statsSpec,
    async run(values, [arg], io) {
      const c = compiled(arg ?? "", values, io);
      if (!c) return 1;
      const { printStats } = await import("./commands/stats.ts");
      const { analyzeScenario } = await import("../engine/analyze.ts");
      printStats(c.scenario, analyzeScenario(c.scenario), c.code, values.json === true, io);
      return 0;
    },
  },
  play: {
    spec: playSpec,
    async run(values, [arg], io) {
      const script = str(values.script);
      if (values.json && script === undefined)
        throw new UsageError("--json needs --script (the interactive player has no JSON output)");
      const { parseScript, parseSeed, playScript, ScriptError, transcript } = await import("./commands/play-script.ts");
      const steps = script === undefined ? undefined : parseScript(script);
      const seedText = str(values.seed);
      if (seedText !== undefined && script === undefined)
        throw new UsageError("--seed needs --script (the interactive player picks a new seed for every run)");
      const seed = seedText === undefined ? null : parseSeed(seedText);
      const c = compiled(arg ?? "", values, io);
      if (!c) return 1;
      if (steps) {
        try {
          const session = playScript(c.scenario, steps, seed);
          io.out(
            values.json
              ? terminalJson(session.save())
              : transcript(session, c.code, values.reveal === true, io, c.support),
          );
          return 0;
        } catch (error) {
          if (!(error instanceof ScriptError)) throw error;
          io.err(`rehearse: ${terminalSafe(error.message)}\n`);
          return 1;
        }
      }
      if (!io.isTTY) {
        io.err(
          `rehearse: play needs an interactive terminal. Run it in a terminal, or play set choices with --script, e.g.\n  rehearse play ${arg} --script 1,2,1\n`,
        );
        return 2;
      }
      const { playInteractive } = await import("./ui/run-play.tsx");
      return playInteractive(c.scenario, c.code, { reveal: values.reveal === true, io, support: c.support });
    },
  },
  preview: {
    spec: previewSpec,
    async run(values, [arg], io) {
      const { file, codeFile } = resolveScenario(arg ?? "", dirOf(values, io), str(values.code));
      const from = str(values.from);
      if (from !== undefined) {
        // A scene that is not there is a mistake in the command, not a place to start from.
        const scenario = loadScenario(file, codeFile).scenario.value;
        const ids = scenario ? [...scenario.scenes, ...scenario.endings].map((n) => n.id) : [];
        if (scenario && !ids.includes(from)) {
          const near = closest(from, ids);
          throw new UsageError(
            `no scene or ending "${from}" in ${displayPath(file)}${near ? ` (did you mean \`--from ${near}\`?)` : ""}`,
          );
        }
      }
      if (!io.isTTY) {
        io.err(
          `rehearse: preview needs an interactive terminal; to check the file once, run\n  rehearse check ${file}\n`,
        );
        return 2;
      }
      const { previewInteractive } = await import("./ui/run-preview.tsx");
      return previewInteractive(file, codeFile, { ...(from ? { from } : {}), io });
    },
  },
  graph: {
    spec: graphSpec,
    async run(values, [arg], io) {
      const format = str(values.format) ?? "mermaid";
      if (format !== "mermaid" && format !== "dot")
        throw new UsageError(`--format takes mermaid or dot, not "${format}"`);
      const c = compiled(arg ?? "", values, io);
      if (!c) return 1;
      const { toDot, toMermaid } = await import("../engine/graph.ts");
      io.out(terminalSafe(format === "dot" ? toDot(c.scenario, c.code) : toMermaid(c.scenario, c.code)));
      return 0;
    },
  },
  room: {
    spec: roomSpec,
    async run(values, [arg], io) {
      const { file, codeFile } = resolveScenario(arg ?? "", dirOf(values, io), str(values.code));
      const c = compiled(arg ?? "", values, io);
      if (!c) return 1;
      const { runRoom } = await import("./room/run.ts");
      const site = str(values.site);
      return runRoom({
        scenario: c.scenario,
        file,
        codeFile,
        host: str(values.host),
        port: str(values.port),
        site,
        io,
      });
    },
  },
  list: {
    spec: listSpec,
    run: async (values, _positionals, io) =>
      (await import("./commands/library.ts")).runList(dirOf(values, io), str(values.code), values.json === true, io),
  },
  new: {
    spec: newSpec,
    run: async (values, [id], io) =>
      (await import("./commands/library.ts")).runNew(id ?? "", dirOf(values, io), str(values.code), io, {
        yes: values.yes === true,
        ask: async (question) => {
          const { createInterface } = await import("node:readline/promises");
          const prompt = createInterface({ input: process.stdin, output: process.stderr });
          try {
            return await prompt.question(question);
          } finally {
            prompt.close();
          }
        },
      }),
  },
  init: {
    spec: initSpec,
    run: async (values, [dir], io) =>
      (await import("./commands/init.ts")).runInit(
        dir,
        {
          empty: values.empty === true,
          force: values.force === true,
          ...(str(values.pick) ? { pick: str(values.pick) } : {}),
        },
        io,
      ),
  },
  build: {
    spec: buildSpec,
    run: async (values, _positionals, io) =>
      (await import("./commands/site.ts")).runBuild(str(values.out), str(values.dir), io),
  },
  dev: {
    spec: devSpec,
    run: async (values, _positionals, io) => (await import("./commands/site.ts")).runDev(str(values.dir), io),
  },
  assess: {
    spec: assessSpec,
    async run(values, _positionals, io) {
      const codeFile = str(values.code) ?? join(dirOf(values, io), CODE_FILE);
      const code = readCode(codeFile);
      if (!code.value) {
        for (const d of code.diagnostics.filter((x) => x.severity === "error"))
          io.err(`${terminalSafe(formatDiagnostic(d))}\n`);
        io.err(
          `rehearse: the code of ethics ${terminalSafe(codeFile)} cannot be read; run \`rehearse check\` for details\n`,
        );
        return 1;
      }
      const principles = code.value.principles.filter((p) => p.statements.length > 0);
      if (principles.length === 0) {
        io.err(
          `rehearse: ${terminalSafe(codeFile)} has no self-assessment yet: add <Statement> lines inside each <Principle> (see the authoring guide)\n`,
        );
        return 1;
      }
      const { assessmentsFile, loadAssessments } = await import("./assessments.ts");
      if (values.show) {
        const { assessmentTable } = await import("./render/assessment.ts");
        const loaded = loadAssessments(assessmentsFile(io.env));
        if (loaded.problem)
          io.err(
            `rehearse: your saved self-assessments could not all be read (${terminalSafe(loaded.problem.error)}); ${loaded.problem.movedTo ? `the file was moved to ${terminalSafe(loaded.problem.movedTo)}` : "the file could not be moved aside"}\n`,
          );
        io.out(assessmentTable(principles, loaded.assessments));
        return 0;
      }
      if (!io.isTTY) {
        io.err(
          "rehearse: assess needs an interactive terminal; to see your answers so far, run\n  rehearse assess --show\n",
        );
        return 2;
      }
      const { assessInteractive } = await import("./ui/run-assess.tsx");
      return assessInteractive(principles, io);
    },
  },
  cohort: {
    spec: cohortSpec,
    async run(values, positionals, io) {
      const format = str(values.format) ?? "text";
      if (format !== "text" && format !== "json" && format !== "csv")
        throw new UsageError(`--format takes text, json or csv, not "${format}"`);
      if (values.table !== undefined && format !== "csv") throw new UsageError("--table needs --format csv");
      const { runCohort } = await import("./commands/cohort.ts");
      return runCohort(
        {
          paths: positionals,
          format,
          out: str(values.out),
          table: str(values.table),
          dir: str(values.dir),
          code: str(values.code),
          config: str(values.config),
        },
        io,
      );
    },
  },
};

export function mainHelp(): string {
  const rows = Object.values(commands).map((c) => `  ${c.spec.usage.padEnd(53)} ${c.spec.brief}`);
  return [
    "rehearse: train a peer support group's code of ethics with branching role-play scenarios",
    "",
    "Usage: rehearse <command> [options]",
    "",
    "Commands:",
    ...rows,
    "",
    "Run `rehearse help <command>` (or `rehearse <command> --help`) for a command's options and examples,",
    "and `rehearse --version` (-V) for the version.",
    "",
  ].join("\n");
}

/** Runs the CLI; returns the exit code. Never throws for bad input. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "help" && rest[0] !== undefined) {
    // `rehearse help play` is `rehearse play --help`.
    const topic = Object.hasOwn(commands, rest[0]) ? commands[rest[0]] : undefined;
    if (topic) {
      io.out(helpText(topic.spec));
      return 0;
    }
    const near = closest(rest[0], Object.keys(commands));
    io.err(
      `rehearse: no command "${terminalSafe(rest[0])}"${near ? ` (did you mean \`rehearse help ${near}\`?)` : ""}\nRun \`rehearse --help\` for the list.\n`,
    );
    return 2;
  }
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.out(mainHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-V" || name === "-v" || name === "version") {
    io.out(`${VERSION}\n`);
    return 0;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    const near = closest(name, Object.keys(commands));
    io.err(
      `rehearse: unknown command "${name}"${near ? ` (did you mean \`rehearse ${near}\`?)` : ""}\nRun \`rehearse --help\` for the list.\n`,
    );
    return 2;
  }
  try {
    const { values, positionals } = parseCommand(command.spec, rest);
    if (values.help) {
      io.out(helpText(command.spec));
      return 0;
    }
    return await command.run(values, positionals, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`rehearse ${name}: ${terminalSafe(error.message)}\nRun \`rehearse ${name} --help\` for usage.\n`);
      return 2;
    }
    if (error instanceof LoadError) {
      io.err(`rehearse: ${terminalSafe(error.message)}\n`);
      return 2;
    }
    throw error;
  }
}
