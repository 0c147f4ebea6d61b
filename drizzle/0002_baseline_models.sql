CREATE TABLE "baseline_models" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"machine_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"model_type" text NOT NULL,
	"granularity" text NOT NULL,
	"drivers" jsonb NOT NULL,
	"transforms" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"coefficients" jsonb NOT NULL,
	"intercept" double precision NOT NULL,
	"statistics" jsonb NOT NULL,
	"state" jsonb NOT NULL,
	"training_start" timestamp with time zone NOT NULL,
	"training_end" timestamp with time zone NOT NULL,
	"training_samples" integer NOT NULL,
	"is_active" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "baseline_models" ADD CONSTRAINT "baseline_models_machine_id_machines_id_fk" FOREIGN KEY ("machine_id") REFERENCES "public"."machines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "baseline_models_machine_version_key" ON "baseline_models" USING btree ("machine_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "baseline_models_one_active_key" ON "baseline_models" USING btree ("machine_id") WHERE "baseline_models"."is_active";--> statement-breakpoint
CREATE INDEX "baseline_models_machine_idx" ON "baseline_models" USING btree ("machine_id","created_at");