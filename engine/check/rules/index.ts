import type { Rule } from "../context.ts";
import { controlCharacter } from "./control-character.ts";
import { deadEnd } from "./dead-end.ts";
import { duplicateId } from "./duplicate-id.ts";
import { emptyChoice } from "./empty-choice.ts";
import { encoding } from "./encoding.ts";
import { esmNotAllowed } from "./esm-not-allowed.ts";
import { expressionNotAllowed } from "./expression-not-allowed.ts";
import { frontmatter } from "./frontmatter.ts";
import { inlineComponent } from "./inline-component.ts";
import { invalidAttribute } from "./invalid-attribute.ts";
import { invalidName } from "./invalid-name.ts";
import { invalidStatement } from "./invalid-statement.ts";
import { mdxSyntax } from "./mdx-syntax.ts";
import { missingAlt } from "./missing-alt.ts";
import { missingContentNote } from "./missing-content-note.ts";
import { missingFeedback } from "./missing-feedback.ts";
import { missingId } from "./missing-id.ts";
import { missingStatement } from "./missing-statement.ts";
import { nestedTooDeeply } from "./nested-too-deeply.ts";
import { noEnding } from "./no-ending.ts";
import { proseOutsideScene } from "./prose-outside-scene.ts";
import { remoteImage } from "./remote-image.ts";
import { scoreCycle } from "./score-cycle.ts";
import { scoreRange } from "./score-range.ts";
import { supportPlaceholder } from "./support-placeholder.ts";
import { tooComplex } from "./too-complex.ts";
import { tooLarge } from "./too-large.ts";
import { trap } from "./trap.ts";
import { unclosedTag } from "./unclosed-tag.ts";
import { unknownComponent } from "./unknown-component.ts";
import { unknownFlag } from "./unknown-flag.ts";
import { unknownPrinciple } from "./unknown-principle.ts";
import { unknownTarget } from "./unknown-target.ts";
import { unreachable } from "./unreachable.ts";
import { unreadableFile } from "./unreadable-file.ts";
import { unsafeUrl } from "./unsafe-url.ts";
import { unscoredChoice } from "./unscored-choice.ts";
import { unusedFlag } from "./unused-flag.ts";

/** Every rule, in the order of the authoring guide. */
export const rules: readonly Rule[] = [
  mdxSyntax,
  unclosedTag,
  tooLarge,
  encoding,
  unreadableFile,
  nestedTooDeeply,
  controlCharacter,
  frontmatter,
  invalidName,
  unknownComponent,
  inlineComponent,
  esmNotAllowed,
  expressionNotAllowed,
  invalidAttribute,
  missingId,
  duplicateId,
  unknownTarget,
  unknownPrinciple,
  scoreRange,
  emptyChoice,
  missingAlt,
  remoteImage,
  unsafeUrl,
  noEnding,
  tooComplex,
  deadEnd,
  trap,
  scoreCycle,
  unknownFlag,
  unreachable,
  unusedFlag,
  proseOutsideScene,
  missingFeedback,
  unscoredChoice,
  missingContentNote,
  supportPlaceholder,
  invalidStatement,
  missingStatement,
];
