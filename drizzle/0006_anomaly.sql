CREATE TABLE "anomaly_event_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"note" text,
	"who" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "anomaly_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"machine_id" uuid NOT NULL,
	"detector" text NOT NULL,
	"start_time" timestamp with time zone NOT NULL,
	"end_time" timestamp with time zone NOT NULL,
	"severity" text NOT NULL,
	"peak_score" double precision NOT NULL,
	"excess_kwh" double precision DEFAULT 0 NOT NULL,
	"excess_cost" double precision,
	"currency" text,
	"baseline_model_id" uuid,
	"baseline_model_version" integer,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "anomaly_events_status_check" CHECK ("anomaly_events"."status" IN ('open', 'acknowledged', 'resolved', 'false_positive')),
	CONSTRAINT "anomaly_events_severity_check" CHECK ("anomaly_events"."severity" IN ('low', 'medium', 'high')),
	CONSTRAINT "anomaly_events_span_check" CHECK ("anomaly_events"."end_time" >= "anomaly_events"."start_time")
);
--> statement-breakpoint
ALTER TABLE "anomaly_event_history" ADD CONSTRAINT "anomaly_event_history_event_id_anomaly_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."anomaly_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "anomaly_events" ADD CONSTRAINT "anomaly_events_machine_id_machines_id_fk" FOREIGN KEY ("machine_id") REFERENCES "public"."machines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "anomaly_events" ADD CONSTRAINT "anomaly_events_baseline_model_id_baseline_models_id_fk" FOREIGN KEY ("baseline_model_id") REFERENCES "public"."baseline_models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "anomaly_event_history_event_idx" ON "anomaly_event_history" USING btree ("event_id","at");--> statement-breakpoint
CREATE INDEX "anomaly_events_machine_detector_idx" ON "anomaly_events" USING btree ("machine_id","detector","start_time");--> statement-breakpoint
CREATE INDEX "anomaly_events_start_idx" ON "anomaly_events" USING btree ("start_time","id");--> statement-breakpoint
CREATE INDEX "anomaly_events_cost_idx" ON "anomaly_events" USING btree (coalesce("excess_cost", -1),"excess_kwh","id");