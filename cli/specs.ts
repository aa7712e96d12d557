import type { CommandSpec } from "./args.ts";

/** Every command's usage, options and examples; kept apart so `--help` loads no command code. */

export const checkSpec: CommandSpec = {
  name: "check",
  brief: "check scenarios and the code; exit 1 on errors",
  usage: "check [paths…] [--format text|short|json|github|sarif] [--fix | --rename-principle old=new] [--dry-run]",
  summary:
    "Checks scenarios, the code of ethics and the support page. A folder means every scenario in it plus its code.mdx and support.mdx.\nEach problem is shown at its line with the rule's section of the authoring guide (/authoring/#rule-<id>).\nExit code: 0 clean (warnings allowed), 1 errors (or more warnings than --max-warnings), 2 usage.",
  options: {
    format: {
      type: "string",
      value: "text|short|json|github|sarif",
      description:
        "output: text (default), short (a line each), json, github (workflow annotations), sarif (SARIF 2.1.0)",
    },
    quiet: { type: "boolean", description: "errors only: leave warnings out" },
    "max-warnings": { type: "string", value: "N", description: "exit 1 when there are more than N warnings" },
    fix: {
      type: "boolean",
      description:
        "a principle renamed in the code: rename it in every scenario's scores (the did-you-mean), then check",
    },
    "rename-principle": {
      type: "string",
      value: "old=new",
      description: "rename a principle in every scenario's scores (old=new,old2=new2 for several), then check",
    },
    "dry-run": {
      type: "boolean",
      description: "with --fix or --rename-principle: show what would change, write nothing",
    },
  },
  examples: [
    "rehearse check",
    "rehearse check --fix --dry-run",
    "rehearse check --rename-principle respect=dignity",
    "rehearse check scenarios/what-stays-in-the-circle.mdx",
    "rehearse check scenarios --format json",
    "rehearse check scenarios --quiet",
    "rehearse check scenarios --max-warnings 0 --format github",
  ],
  positionals: { min: 0, max: Number.POSITIVE_INFINITY },
};

export const statsSpec: CommandSpec = {
  name: "stats",
  brief: "score ranges, endings, runs and trade-off points",
  usage: "stats <scenario> [--json]",
  summary: "Analyses every complete run of a scenario: score ranges, endings, run counts, decision points.",
  options: { json: { type: "boolean", description: "print the analysis as JSON" } },
  examples: ["rehearse stats what-stays-in-the-circle", "rehearse stats scenarios/the-empty-chair.mdx --json"],
  positionals: { min: 1, max: 1 },
};

export const auditSpec: CommandSpec = {
  name: "audit",
  brief: "content quality: guessable answers, trade-offs, honest endings",
  usage: "audit [paths…] [--format text|json] [--config <file>]",
  summary:
    'Audits scenarios exactly over every complete run: can the best option be guessed from its place or length,\nwhich ending each content-blind strategy reaches, real trade-offs, costs and consolation points, the net\ntotals that reach each ending, and the score scale. A folder means every scenario in it. Thresholds come\nfrom rehearse.config.json in the scenarios folder, e.g. { "audit": { "guessable-order": 40 } }.\nExit code: 0 no findings, 1 findings (or scenarios with errors), 2 usage or config errors.',
  options: {
    format: { type: "string", value: "text|json", description: "output format (default: text)" },
    config: {
      type: "string",
      value: "file",
      description: "the settings (default: rehearse.config.json in the scenarios folder)",
    },
  },
  examples: ["rehearse audit", "rehearse audit scenarios/the-screenshot.mdx", "rehearse audit scenarios --format json"],
  positionals: { min: 0, max: Number.POSITIVE_INFINITY },
};

export const playSpec: CommandSpec = {
  name: "play",
  brief: "play a scenario in the terminal (or --script it)",
  usage: "play <scenario> [--script 1,2,1] [--seed N] [--json] [--reveal]",
  summary:
    "Plays a scenario in the terminal, each run with its options in a new shuffled order. With --script, plays\nthe given choices without a terminal UI: n is the n-th option as shown, in the author's order unless\n--seed shuffles them as a run with that seed would.",
  options: {
    script: { type: "string", value: "1,2,1", description: "choices to play, 1-based, without a terminal UI" },
    seed: {
      type: "string",
      value: "N",
      description: "with --script: shuffle the options as a run with this seed (default: the author's order)",
    },
    json: { type: "boolean", description: "with --script: print the run record as JSON" },
    reveal: { type: "boolean", description: "show facilitator notes and every choice's scores" },
  },
  examples: [
    "rehearse play what-stays-in-the-circle",
    "rehearse play what-stays-in-the-circle --script 1,2,1 --json",
    "rehearse play what-stays-in-the-circle --script 1,2,1 --seed 7",
    "rehearse play scenarios/the-empty-chair.mdx --reveal",
  ],
  positionals: { min: 1, max: 1 },
};

export const previewSpec: CommandSpec = {
  name: "preview",
  brief: "watch a scenario while you write it",
  usage: "preview <file> [--from <scene>]",
  summary:
    "The author's preview: plays like play --reveal, recompiles on every save of the scenario or its code,\nkeeps your place, and shows diagnostics while you fix them. Keys: g jump to a scene, o outline, q quit.",
  options: {
    from: {
      type: "string",
      value: "scene",
      description: "start at a scene (with the flags of the shortest path there)",
    },
  },
  examples: [
    "rehearse preview scenarios/late-again.mdx",
    "rehearse preview scenarios/the-empty-chair.mdx --from group-chat",
  ],
  positionals: { min: 1, max: 1 },
};

export const graphSpec: CommandSpec = {
  name: "graph",
  brief: "the branching graph as Mermaid or Graphviz",
  usage: "graph <scenario> [--format mermaid|dot]",
  summary:
    "Prints the branching graph: scenes and endings as nodes (endings coloured by tone), choices as edges\nlabelled with their number, score change and conditions.",
  options: { format: { type: "string", value: "mermaid|dot", description: "output format (default: mermaid)" } },
  examples: ["rehearse graph the-empty-chair", "rehearse graph the-empty-chair --format dot | dot -Tsvg > chair.svg"],
  positionals: { min: 1, max: 1 },
};

export const listSpec: CommandSpec = {
  name: "list",
  brief: "the scenarios in the library",
  usage: "list [--json]",
  summary: "Lists the library: title, minutes, audience, principles scored, scenes and endings.",
  options: { json: { type: "boolean", description: "print the list as JSON" } },
  examples: ["rehearse list", "rehearse list --json", "rehearse list --dir my-scenarios"],
  positionals: { min: 0, max: 0 },
};

export const newSpec: CommandSpec = {
  name: "new",
  brief: "start a scenario from a template",
  usage: "new <id> [--yes]",
  summary:
    "Writes scenarios/<id>.mdx from a template that check accepts as it is. Never overwrites. In a folder without\na code.mdx it offers to create one with the default code of ethics (without a terminal, or with --yes, it does).",
  options: { yes: { type: "boolean", short: "y", description: "create a missing code.mdx without asking" } },
  examples: ["rehearse new late-again", "rehearse new late-again --dir my-scenarios"],
  positionals: { min: 1, max: 1 },
};

export const roomSpec: CommandSpec = {
  name: "room",
  brief: "run a scenario with a room: phones vote, the projector shows the tally",
  usage: "room <scenario> [--port N] [--host H] [--site dist]",
  summary:
    "Starts a small server on this machine for a workshop: the projector and speaker view for the lead's\nbrowser, and a join page where phones on the same network vote (anonymous, one vote per device per\ndecision). Prints the join address, a QR code and the lead's link. Votes live in memory only and are\ngone when the room closes (Ctrl+C); the built pages are cached in $XDG_CACHE_HOME/rehearse/room.",
  options: {
    port: { type: "string", value: "N", description: "the port (default: 4747, or the next free one)" },
    host: {
      type: "string",
      value: "H",
      description: "the address to listen on (default: every interface, so phones can reach it)",
    },
    site: {
      type: "string",
      value: "folder",
      description: "serve this built site (e.g. dist/ after npm run build) instead of building the pages",
    },
  },
  examples: [
    "rehearse room what-stays-in-the-circle",
    "rehearse room scenarios/the-empty-chair.mdx --port 8080",
    "rehearse room the-screenshot --host 127.0.0.1",
  ],
  positionals: { min: 1, max: 1 },
};

export const assessSpec: CommandSpec = {
  name: "assess",
  brief: "the self-assessment: rate the code's statements before training and after",
  usage: "assess [--show]",
  summary:
    'Asks each statement of the code\'s self-assessment (its <Statement>s), one at a time, on a five-point\nscale: the first time as "before", then as "after" whenever you run it again. The answers are kept on\nthis computer in $XDG_STATE_HOME/rehearse/assessments.json; the end shows the change per principle.',
  options: {
    show: { type: "boolean", description: "print the change per principle so far, without asking anything" },
  },
  examples: ["rehearse assess", "rehearse assess --show", "rehearse assess --code my-group/code.mdx"],
  positionals: { min: 0, max: 0 },
};

export const initSpec: CommandSpec = {
  name: "init",
  brief: "a new workspace for a group: its code, scenarios, settings and site",
  usage: "init [dir] [--empty | --pick id,id] [--force]",
  summary:
    "Creates a workspace in dir (default: this folder): scenarios/ with the default code of ethics (code.mdx),\nthe support page and the bundled scenarios, rehearse.config.json, a README for the group's coordinator,\n.gitignore and package.json (scripts dev, build, check, room). Writes into an empty folder only, unless\n--force, and never overwrites a file.",
  options: {
    empty: { type: "boolean", description: "no scenarios: only the code, the support page and the settings" },
    pick: { type: "string", value: "id,id", description: "only these bundled scenarios" },
    force: { type: "boolean", description: "write into a folder that is not empty (only the files it lacks)" },
  },
  examples: [
    "rehearse init my-group",
    "rehearse init my-group --pick the-empty-chair,the-screenshot",
    "rehearse init --empty",
  ],
  positionals: { min: 0, max: 1 },
};

export const buildSpec: CommandSpec = {
  name: "build",
  brief: "check, then build the static training site",
  usage: "build [--out dir]",
  summary:
    "Checks the settings and every scenario, and stops on errors; then builds the static site of the workspace\n(rehearse.config.json: title, language, base path, colour, published scenarios) into dist/, ready for any\nstatic web host. Exit code: 0 built, 1 errors.",
  options: {
    out: { type: "string", value: "dir", description: "where to write the site (default: dist/ in the workspace)" },
  },
  examples: ["rehearse build", "rehearse build --out public"],
  positionals: { min: 0, max: 0 },
};

export const devSpec: CommandSpec = {
  name: "dev",
  brief: "the training site on this computer, reloading as you edit",
  usage: "dev",
  summary:
    "Serves the workspace's site at http://localhost:4321 (under the base path, if the settings give one) and\nreloads the page whenever a scenario, the code or the support page is saved. Ctrl+C stops it.",
  options: {},
  examples: ["rehearse dev"],
  positionals: { min: 0, max: 0 },
};

export const exportSpec: CommandSpec = {
  name: "export",
  brief: "LMS packages of scenarios (SCORM 1.2 or 2004, cmi5)",
  usage: "export scorm|cmi5 <scenarios…|--all> [--version 1.2|2004] [--lrs origin] [--out dir] [--site dir]",
  summary:
    "Writes one package (a zip) per scenario for a learning platform (Moodle, Canvas, Blackboard, Totara): the\nscenario's player page from the site build, with a script that reports completion, a score (the mean of the\ndebrief's percentages over the principles the run tested), each tested principle as an objective and each\ndecision, and resumes an unfinished run. cmi5 writes one course (cmi5.xml, one AU per scenario) whose AUs send\nxAPI statements to the LMS's LRS: initialized, answered per decision, completed with the score, terminated.\nBuilds the site first unless dist/ is newer than every source.\nExit code: 0 written, 1 errors, 2 usage.",
  options: {
    all: { type: "boolean", description: "every scenario in the scenarios folder" },
    version: { type: "string", value: "1.2|2004", description: "SCORM version (default: 1.2; 2004 is 4th edition)" },
    lrs: {
      type: "string",
      value: "origin",
      description: "cmi5: the LMS/LRS origins the AU may reach, comma-separated (default: any https: address)",
    },
    "without-script": {
      type: "boolean",
      description: "leave out the scenario's script page (every choice's scores and the facilitator notes)",
    },
    out: { type: "string", value: "dir", description: "where to write the zips (default: lms-packages/)" },
    site: {
      type: "string",
      value: "dir",
      description: "a site already built with `npm run build` (default: dist/ when fresh, else a new build)",
    },
  },
  examples: [
    "rehearse export scorm the-empty-chair",
    "rehearse export scorm --all --version 2004 --out packages",
    "rehearse export scorm the-screenshot --site dist",
    "rehearse export cmi5 --all --lrs https://lms.example.org",
  ],
  positionals: { min: 1, max: Number.POSITIVE_INFINITY },
};

export const cohortSpec: CommandSpec = {
  name: "cohort",
  brief: "the cohort report over trainees' shared training records",
  usage: "cohort <files…|folders…> [--format text|json|csv]",
  summary:
    "Reads the training records trainees shared (rehearse.record/1; a folder means every .json file in it), replays\ntheir runs on this library's scenarios and reports, per principle, the self-assessment before and after (the\npaired change and its effect size d_z), where runs sat in each scenario's range, completions and endings, and\nwhere the cohort's choices diverged most from the code. Groups of fewer than cohort.minimumGroup trainees in\nrehearse.config.json (default 5) are not shown; pseudonyms never are. Zip files are not opened: unzip first.\nExit code: 0 report made (files left out are listed), 1 nothing could be counted, 2 usage or settings errors.",
  options: {
    format: { type: "string", value: "text|json|csv", description: "output format (default: text)" },
    out: {
      type: "string",
      value: "file",
      description: "write to this file instead (with --format csv and no --table: a folder, one file per table)",
    },
    table: { type: "string", value: "id", description: "with --format csv: the table to write (e.g. change, choices)" },
    config: {
      type: "string",
      value: "file",
      description: "the settings (default: the workspace's rehearse.config.json)",
    },
  },
  examples: [
    "rehearse cohort records/",
    "rehearse cohort records/*.json --format json --out cohort.json",
    "rehearse cohort records/ --format csv --out cohort-tables/",
    "rehearse cohort records/ --format csv --table change",
  ],
  positionals: { min: 1, max: Number.POSITIVE_INFINITY },
};
