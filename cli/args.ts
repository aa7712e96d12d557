import { parseArgs } from "node:util";
import { closest } from "../engine/compile/frontmatter.ts";

/** A usage error: printed with a hint, exit code 2. */
export class UsageError extends Error {}

export type OptionSpec = {
  readonly type: "string" | "boolean";
  readonly short?: string;
  readonly description: string;
  /** Shown as `--format <text|json>`. */
  readonly value?: string;
};

export type CommandSpec = {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  /** One line for `rehearse --help`. */
  readonly brief: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly examples: readonly string[];
  /** Positional arguments: the least and most accepted. */
  readonly positionals: { readonly min: number; readonly max: number };
};

export const COMMON_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  dir: { type: "string", value: "folder", description: "the scenarios folder (default: scenarios/)" },
  code: { type: "string", value: "file", description: "the code of ethics (default: code.mdx beside the scenario)" },
  help: { type: "boolean", short: "h", description: "show this help" },
};

export type Parsed = { values: Record<string, string | boolean | undefined>; positionals: string[] };

export function parseCommand(spec: CommandSpec, argv: readonly string[]): Parsed {
  const options = { ...spec.options, ...COMMON_OPTIONS };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: Object.fromEntries(
        Object.entries(options).map(([name, o]) => [name, { type: o.type, ...(o.short ? { short: o.short } : {}) }]),
      ),
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message);
    if (unknown) {
      const name = (unknown[1] ?? "").replace(/^-+/, "");
      const near = closest(name, Object.keys(options));
      throw new UsageError(
        `unknown option ${unknown[1]} for \`rehearse ${spec.name}\`${near ? ` (did you mean --${near}?)` : ""}`,
      );
    }
    const missing = /Option '(-{1,2}[^']+)'.*argument missing/.exec(message);
    if (missing) throw new UsageError(`option ${missing[1]?.replace(/^-\w, /, "")} needs a value`);
    throw new UsageError(message.split("\n")[0] ?? message);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) return { values, positionals: parsed.positionals };
  const count = parsed.positionals.length;
  if (count < spec.positionals.min) throw new UsageError(`missing argument: rehearse ${spec.usage}`);
  if (count > spec.positionals.max) {
    throw new UsageError(`unexpected argument "${parsed.positionals[spec.positionals.max]}": rehearse ${spec.usage}`);
  }
  return { values, positionals: parsed.positionals };
}

export function helpText(spec: CommandSpec): string {
  const options = { ...spec.options, ...COMMON_OPTIONS };
  const rows = Object.entries(options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : "    "}--${name}${o.value ? ` <${o.value}>` : ""}`;
    return `  ${flag.padEnd(28)} ${o.description}`;
  });
  return [
    `Usage: rehearse ${spec.usage}`,
    "",
    spec.summary,
    "",
    "Options:",
    ...rows,
    "",
    "Examples:",
    ...spec.examples.map((e) => `  ${e}`),
    "",
  ].join("\n");
}
