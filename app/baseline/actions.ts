"use server";

import { getDb } from "@/lib/db/client";
import { runAction } from "@/lib/api/action";
import { trainBaseline } from "@/lib/analytics/baseline/train";
import { computeDeviation } from "@/lib/analytics/baseline/deviation";
import { modelJson } from "@/lib/analytics/baseline/present";
import { deviationSchema, trainSchema } from "@/lib/validation/baseline";

// Server actions of the baseline views: the same lib functions and schemas as the HTTP routes.

export async function trainBaselineAction(input: unknown) {
  return runAction("operate", trainSchema, input, async (v) => {
    const { model, machineName } = await trainBaseline(await getDb(), v);
    return modelJson(model, machineName);
  });
}

export async function computeDeviationAction(input: unknown) {
  return runAction("read", deviationSchema, input, async (v) => computeDeviation(await getDb(), v));
}
