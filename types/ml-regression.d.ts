// Minimal ambient declaration for ml-regression (ships no types): only what lib/analytics/regression uses.
declare module "ml-regression" {
  export class TheilSenRegression {
    constructor(x: number[], y: number[]);
    slope: number;
    intercept: number;
    predict(x: number): number;
    toJSON(): { name: string; slope: number; intercept: number };
  }
}
