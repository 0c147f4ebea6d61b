import { fitChangePoint, type ChangePointType } from "@/lib/analytics/changepoint";
import type { Transforms } from "./model";

/** Balance points of a change-point model by grid search (lib/analytics/changepoint). */
export function findBalancePoints(type: ChangePointType, y: number[], temperature: number[], extraX: number[][], extraNames: string[]): Transforms {
  const extra = extraNames.length > 0 ? { names: extraNames, X: y.map((_, i) => extraX.map((col) => col[i]!)) } : undefined;
  const fit = fitChangePoint({ y, temperature, extra }, type);
  // A 4P model has one change point; it is stored as the heating balance point.
  if (type === "4p") return { heating_balance_c: fit.heatingBalanceC ?? fit.coolingBalanceC, cooling_balance_c: null };
  return { heating_balance_c: fit.heatingBalanceC, cooling_balance_c: fit.coolingBalanceC };
}
