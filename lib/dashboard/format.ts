export const fmt = (v: number | null | undefined, digits = 3) => (v === null || v === undefined || !Number.isFinite(v) ? "—" : v.toLocaleString("en-GB", { maximumFractionDigits: digits, minimumFractionDigits: 0 }));
/** A fixed number of decimals ("76.0" beside "77.7" in a column, where fmt would drop the ".0"); "—" for none. */
export const fmtFixed = (v: number | null | undefined, digits: number) => (v === null || v === undefined || !Number.isFinite(v) ? "—" : v.toLocaleString("en-GB", { maximumFractionDigits: digits, minimumFractionDigits: digits }));
export const fmtP = (p: number | null | undefined) => (p === null || p === undefined || !Number.isFinite(p) ? "—" : p < 0.001 ? "<0.001" : p.toFixed(3));
export const fmtPct = (v: number | null | undefined, digits = 1) => (v === null || v === undefined || !Number.isFinite(v) ? "—" : `${(100 * v).toFixed(digits)} %`);
export const fmtSig = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? "—" : Number.isInteger(v) ? v.toLocaleString("en-GB") : Math.abs(v) >= 1000 || Math.abs(v) < 0.01 ? v.toPrecision(4) : v.toFixed(3));
