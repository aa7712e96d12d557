/** Renders the portable rich text (engine/model.ts) as HTML, on the server and in the island alike. */

import { safeUrl } from "../../engine/library.ts";

/** A link to this site (`/support/`) under the site's base path (a group's rehearse.config.json may set one). */
const siteUrl = (url: string) =>
  // At the root (this repository's own site) the build folds this away.
  import.meta.env.BASE_URL === "/" || !url.startsWith("/") || url.startsWith("//")
    ? url
    : `${import.meta.env.BASE_URL}${url.slice(1)}`;

import type { Block, Inline } from "../../engine/model.ts";
import { whenHolds } from "../../engine/run.ts";

type Props = {
  readonly blocks: readonly Block[];
  /** Flags for `<When>`; when absent every `<When>` shows, marked with its condition (script view). */
  readonly flags?: readonly string[] | undefined;
  /** Show facilitator notes (script page). @default false */
  readonly notes?: boolean;
};

export function Blocks({ blocks, flags, notes = false }: Props) {
  return (
    <>
      {blocks.map((block, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static content; its position is its identity
        <BlockView key={i} block={block} flags={flags} notes={notes} />
      ))}
    </>
  );
}

function BlockView({ block, flags, notes }: { block: Block; flags: readonly string[] | undefined; notes: boolean }) {
  switch (block.type) {
    case "paragraph":
      return (
        <p>
          <Inlines inlines={block.children} />
        </p>
      );
    case "heading": {
      // Scene headings are h2/h3; prose headings sit below them.
      const Tag = `h${Math.min(6, Math.max(3, block.depth + 2))}` as "h3";
      return (
        <Tag>
          <Inlines inlines={block.children} />
        </Tag>
      );
    }
    case "list": {
      const Tag = block.ordered ? "ol" : "ul";
      return (
        <Tag>
          {block.items.map((item, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: static content; its position is its identity
            <li key={i}>
              <Blocks blocks={item} flags={flags} notes={notes} />
            </li>
          ))}
        </Tag>
      );
    }
    case "quote":
      return (
        <blockquote>
          <Blocks blocks={block.children} flags={flags} notes={notes} />
        </blockquote>
      );
    case "rule":
      return <hr />;
    case "table":
      return <TableView block={block} />;
    case "line":
      return (
        <p class="line">
          <span class="who">{block.who}</span>{" "}
          <span class="said">
            <Inlines inlines={block.children} />
          </span>
        </p>
      );
    case "note":
      return notes ? (
        // A note, not a landmark: a script has many, and landmarks must each have their own name.
        <div class="note" role="note" aria-label="Facilitator note">
          <p class="note-label">Facilitator note</p>
          <Blocks blocks={block.children} flags={flags} notes={notes} />
        </div>
      ) : null;
    case "when":
      if (flags) return whenHolds(block, flags) ? <Blocks blocks={block.children} flags={flags} notes={notes} /> : null;
      return (
        <div class="when">
          <p class="when-label">Only when {condition(block)}:</p>
          <Blocks blocks={block.children} notes={notes} />
        </div>
      );
  }
}

function TableView({ block }: { block: Extract<Block, { type: "table" }> }) {
  const [head = [], ...body] = block.rows;
  const cells = (row: readonly (readonly Inline[])[], Cell: "th" | "td") =>
    row.map((cell, i) => (
      <Cell
        // biome-ignore lint/suspicious/noArrayIndexKey: static content; its position is its identity
        key={i}
        class={block.align[i] ? `align-${block.align[i]}` : undefined}
        scope={Cell === "th" ? "col" : undefined}
      >
        <Inlines inlines={cell} />
      </Cell>
    ));
  return (
    <div class="prose-table">
      <table>
        <thead>
          <tr>{cells(head, "th")}</tr>
        </thead>
        <tbody>
          {body.map((row, r) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: static content; its position is its identity
            <tr key={r}>{cells(row, "td")}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function condition(c: { readonly if: readonly string[]; readonly unless: readonly string[] }): string {
  return [...c.if.map((f) => `“${f}” is set`), ...c.unless.map((f) => `“${f}” is not set`)].join(" and ");
}

export function Inlines({ inlines }: { readonly inlines: readonly Inline[] }) {
  return (
    <>
      {inlines.map((inline, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static content; its position is its identity
        <InlineView key={i} inline={inline} />
      ))}
    </>
  );
}

function InlineView({ inline }: { inline: Inline }) {
  switch (inline.type) {
    case "text":
      return <>{inline.value}</>;
    case "emphasis":
      return (
        <em>
          <Inlines inlines={inline.children} />
        </em>
      );
    case "strong":
      return (
        <strong>
          <Inlines inlines={inline.children} />
        </strong>
      );
    case "code":
      return <code>{inline.value}</code>;
    case "link":
      return (
        <a href={siteUrl(safeUrl(inline.url))}>
          <Inlines inlines={inline.children} />
        </a>
      );
    case "image":
      return <img src={siteUrl(safeUrl(inline.url))} alt={inline.alt} />;
    case "break":
      return <br />;
  }
}

/** Plain text of blocks, for labels and screen reader text. */
export function textOf(blocks: readonly Block[]): string {
  return blocks
    .map((b) =>
      "children" in b && b.type !== "note" && b.type !== "when" && b.type !== "quote"
        ? inlineText(b.children as readonly Inline[])
        : "",
    )
    .join(" ")
    .trim();
}

function inlineText(inlines: readonly Inline[]): string {
  return inlines
    .map((i) => ("value" in i ? i.value : "children" in i ? inlineText(i.children) : i.type === "image" ? i.alt : " "))
    .join("");
}

/**
 * A `<Reflect>` question for the trainee: a calm box set apart from the
 * feedback, to think about rather than answer (nothing is collected).
 */
export function ReflectBox({
  blocks,
  flags,
  title = "A question to take with you",
}: {
  readonly blocks: readonly Block[] | undefined;
  readonly flags?: readonly string[] | undefined;
  /** @default "A question to take with you" */
  readonly title?: string;
}) {
  if (!blocks || blocks.length === 0) return null;
  return (
    <aside class="reflect" aria-label={title}>
      <p class="reflect-title">{title}</p>
      <Blocks blocks={blocks} flags={flags} />
    </aside>
  );
}
