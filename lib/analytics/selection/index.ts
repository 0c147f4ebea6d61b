export { stepwiseSelect } from "./stepwise";
export type { CandidateReport, SelectionInput, SelectionOptions, SelectionResult, SelectionStep } from "./types";
