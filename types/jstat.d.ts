// Minimal ambient declaration for jstat (ships no types): only what lib/analytics/regression uses.
declare module "jstat" {
  interface JStatStudentT {
    /** Quantile function of Student's t. */
    inv(p: number, dof: number): number;
    cdf(x: number, dof: number): number;
  }
  interface JStatStatic {
    studentt: JStatStudentT;
    /** Regularised incomplete beta function I_x(a, b). */
    ibeta(x: number, a: number, b: number): number;
  }
  const jStat: JStatStatic;
  export default jStat;
  export { jStat };
}
