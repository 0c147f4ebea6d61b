import Link from "next/link";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

/**
 * SLOT for the lead: open anomalies ranked by cost. The anomaly API is being built in parallel;
 * replace the empty state with the ranked list (machine, detector, excess kWh and cost, link to
 * /anomalies?…) once it lands. Keep data-testid="anomalies-slot".
 */
export function AnomaliesSlot() {
  return (
    <Card title="Open anomalies ranked by cost" testId="anomalies-slot">
      <EmptyState title="Anomalies are not connected to the overview yet">
        <Link className="text-sky-800 underline" href="/anomalies">
          Open the anomaly viewer
        </Link>{" "}
        to review events by machine, severity and cost.
      </EmptyState>
    </Card>
  );
}
