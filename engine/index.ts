/** The engine's public surface: pure, isomorphic, framework free. File loading lives in `load.ts`. */
export type { Analysis } from "./analyze.ts";
export {
  analyzeScenario,
  bestRemaining,
  dominates,
  isRealTradeoff,
  lookaheadOf,
  netOf,
  paretoOptimal,
  RUN_CAP,
} from "./analyze.ts";
export type { AssessedPrinciple, ChangeRow, Due } from "./assessment.ts";
export {
  AFTER_SUGGESTED_AT,
  ANSWER_LABELS,
  ANSWERS,
  ASSESSMENTS_KEY,
  assessmentDue,
  changeByPrinciple,
  parseAssessmentList,
  readAssessments,
  saveAssessment,
  statementIds,
  withAssessment,
} from "./assessment.ts";
export type {
  AuditDecision,
  AuditOption,
  AuditRuleId,
  AuditThresholds,
  EndingAudit,
  Finding,
  LibraryAudit,
  ScenarioAudit,
  StrategyResult,
} from "./audit.ts";
export {
  AUDIT_RULES,
  auditFindings,
  auditLibrary,
  auditScenario,
  DEFAULT_THRESHOLDS,
  findingDiagnostics,
} from "./audit.ts";
export type { Config } from "./audit-config.ts";
export { CONFIG_FILE, parseConfig } from "./audit-config.ts";
export type { Rule, RuleContext } from "./check/context.ts";
export { rules } from "./check/rules/index.ts";
export { HEAVY_THEMES } from "./check/rules/missing-content-note.ts";
export type {
  CohortBuilder,
  CohortCell,
  CohortFile,
  CohortLibrary,
  CohortOptions,
  CohortReport,
  CohortTable,
} from "./cohort.ts";
export { canonicalJson, cohortBuilder, cohortReport, pairedChange } from "./cohort.ts";
export { cellText, cohortTables, csvField, suppressedText, tableCsv } from "./cohort-tables.ts";
export { COHORT_SCHEMA, DEFAULT_MINIMUM_GROUP, POSITION_BANDS } from "./cohort-types.ts";
export { compileCode } from "./compile/compile-code.ts";
export { compileScenario, scenarioIdOf } from "./compile/compile-scenario.ts";
export { compileSupport } from "./compile/compile-support.ts";
export { findPlaceholders } from "./compile/placeholders.ts";
export { inlineText, plainText } from "./compile/prose.ts";
export type { Diagnostic, Result, Severity } from "./diagnostics.ts";
export { formatDiagnostic, hasErrors, neverThrows, sortDiagnostics, summarizeDiagnostics } from "./diagnostics.ts";
export type { GraphFormat } from "./graph.ts";
export { dotString, mermaidText, toDot, toMermaid } from "./graph.ts";
export { contentHash } from "./hash.ts";
export type { Checked, ImportItems, ScenarioData } from "./import.ts";
export {
  importChecker,
  importItems,
  importSizeError,
  MAX_COMPLETED_RUNS,
  MAX_IMPORT_BYTES,
  mergeCompleted,
  scenariosNamed,
} from "./import.ts";
export type { MapEdge, MapNode, ScenarioMap } from "./layout.ts";
export { layoutScenario, pathOf } from "./layout.ts";
export type { CatalogFilter, CoverageRow } from "./library.ts";
export {
  audienceLabel,
  audiencesOf,
  coverageOf,
  forTrainee,
  isSafeUrl,
  isUrlName,
  matchesFilter,
  safeUrl,
  urlScheme,
} from "./library.ts";
export type { LmsDecision, LmsObjective, LmsResult } from "./lms.ts";
export { LMS_NOTE, lmsResult, parseResumeString, resumeString, SCORM12_SUSPEND_LIMIT } from "./lms.ts";
export type { Lookahead, Weighed } from "./lookahead.ts";
export { bestOptions, flagsKey, remainingFrom, weighOptions } from "./lookahead.ts";
export type { RunContext, RunEvent, ScenarioMachine } from "./machine.ts";
export { createScenarioMachine } from "./machine.ts";
export type {
  Block,
  Choice,
  Code,
  Contact,
  Ending,
  Inline,
  Node,
  Principle,
  Scenario,
  Scene,
  Scores,
  Statement,
  Support,
  Tone,
} from "./model.ts";
export { own } from "./own.ts";
export { outline, shortestPathTo } from "./paths.ts";
export type { Export, ProfileRow } from "./profile.ts";
export { parseImport, profileOf } from "./profile.ts";
export type { KeyValueStore, Repair } from "./progress.ts";
export {
  COMPLETED_KEY,
  KEY_PREFIX,
  readCompleted,
  readRun,
  runKey,
  runsInProgress,
  siteKeys,
  withCompleted,
} from "./progress.ts";
export type { ParsedRecord, RunRecord } from "./record.ts";
export { LEGACY_RUN_SCHEMA, parseRunRecord, RUN_SCHEMA } from "./record.ts";
export type {
  PageBudget,
  RestoreRoomResult,
  Room,
  RoomDecisionRecord,
  RoomOption,
  RoomOptions,
  RoomPhase,
  RoomRecord,
  RoomSettings,
  RoomSummary,
  RoomView,
  SummaryDecision,
  SummaryOption,
  Taken,
  TakenHow,
} from "./room.ts";
export {
  createRoom,
  PROJECTOR_BUDGET,
  pagesOf,
  parseRoomRecord,
  ROOM_KEY_PREFIX,
  ROOM_SCHEMA,
  ROOM_SUMMARY_SCHEMA,
  restoreRoom,
  roomKey,
  roomSummaryCsv,
  summarizeRoom,
} from "./room.ts";
export type { Position, Step } from "./run.ts";
export { availableChoices, bestChoices, nodeById, resolveChoice, sceneById, whenHolds } from "./run.ts";
export type { Debrief, Decision, Move, Option, PrincipleResult } from "./score.ts";
export { debriefRun, MIN_TESTED_RANGE, percentOf, replaySteps } from "./score.ts";
export type { Phase, PlayerSession, RestoreResult, Session, SessionOptions, SessionView } from "./session.ts";
export { createSession, restoreSession } from "./session.ts";
export { createPlayerSession } from "./session-core.ts";
export { restorePlayerSession } from "./session-restore.ts";
export type { Seed } from "./shuffle.ts";
export { isSeed, shownOrder, shuffles } from "./shuffle.ts";
export { type RunTotals, runTotals } from "./totals.ts";
export type {
  Answer,
  Assessment,
  ParsedTrainingRecord,
  SharedRun,
  TrainingRecord,
  TrainingRecordInput,
} from "./training-record.ts";
export {
  assessmentOf,
  buildTrainingRecord,
  isAnswer,
  isStatementId,
  parseAssessment,
  parseTrainingRecord,
  RECORD_LIMITS,
  TRAINING_RECORD_SCHEMA,
} from "./training-record.ts";
export type { LrsConfig, SiteConfig, WorkspaceConfig } from "./workspace-config.ts";
export { DEFAULT_CONFIG, parseWorkspaceConfig, unknownPublished } from "./workspace-config.ts";
export type { Cmi5Launch, Cmi5Progress, Stamp, XapiAgent, XapiContext, XapiStatement } from "./xapi.ts";
export {
  answeredStatement,
  cmi5Statements,
  decisionActivity,
  ENDING,
  isoDuration,
  launchDataOf,
  PRINCIPLE_CHANGES,
  PRINCIPLE_RESULTS,
  START as CMI5_START,
  STEP,
  VERBS,
} from "./xapi.ts";
