export { fitChangePoint } from "./fit";
export { selectChangePoint, physicalProblems } from "./select";
export { DEFAULT_MAX_C, DEFAULT_MIN_C } from "./prepare";
export {
  CHANGE_POINT_TYPES,
  type ChangePointCandidate,
  type ChangePointFit,
  type ChangePointInput,
  type ChangePointOptions,
  type ChangePointSelection,
  type ChangePointType,
  type SelectChangePointOptions,
} from "./types";
