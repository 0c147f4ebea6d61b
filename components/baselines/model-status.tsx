import { modelStanding } from "@/lib/analytics/baseline/standing";
import type { BaselineModel } from "@/lib/api-client/baseline";

/**
 * A stored version's standing beside its number: "active" for an active model that passed every
 * quality check, "Active — fails data coverage (62 % < 90 %)" for one that did not (the first saved
 * model of a machine is active whatever its checks say), "fails …" for an inactive failing one.
 */
export function ModelStatusChip({ model }: { model: Pick<BaselineModel, "is_active" | "quality_checks"> }) {
  const s = modelStanding(model.quality_checks, model.is_active);
  if (s.passes) return model.is_active ? <span className="rounded bg-emerald-100 px-1 text-xs text-emerald-900">active</span> : null;
  const text = model.is_active ? s.label : `fails ${s.failed.map((f) => f.text).join(", ") || "(no quality checks stored)"}`;
  return (
    <span className="rounded bg-amber-100 px-1 text-xs text-amber-900" data-testid="model-standing">
      {text}
    </span>
  );
}
