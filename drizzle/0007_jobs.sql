CREATE TABLE "demo_state" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"seed" bigint NOT NULL,
	"time_zone" text NOT NULL,
	"start" timestamp with time zone NOT NULL,
	"seeded_end" timestamp with time zone NOT NULL,
	"generated_until" timestamp with time zone NOT NULL,
	"living" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"job" text NOT NULL,
	"trigger" text NOT NULL,
	"scheduled_for" timestamp with time zone,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"status" text NOT NULL,
	"duration_ms" integer,
	"items_processed" integer,
	"error" text,
	"details" jsonb,
	"instance" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpi_snapshots" (
	"scope_key" text NOT NULL,
	"machine_id" uuid,
	"day" date NOT NULL,
	"time_zone" text NOT NULL,
	"total_energy_kwh" double precision,
	"total_production_count" double precision,
	"sec_kwh_per_unit" double precision,
	"peak_demand_kw" double precision,
	"load_factor" double precision,
	"cost" double precision,
	"co2_kg" double precision,
	"enpi" double precision,
	"coverage" double precision,
	"summary" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "kpi_snapshots" ADD CONSTRAINT "kpi_snapshots_machine_id_machines_id_fk" FOREIGN KEY ("machine_id") REFERENCES "public"."machines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "job_runs_job_started_idx" ON "job_runs" USING btree ("job","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "job_runs_job_slot_key" ON "job_runs" USING btree ("job","scheduled_for") WHERE "job_runs"."scheduled_for" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "kpi_snapshots_scope_day_key" ON "kpi_snapshots" USING btree ("scope_key","day");--> statement-breakpoint
CREATE INDEX "kpi_snapshots_day_idx" ON "kpi_snapshots" USING btree ("day");