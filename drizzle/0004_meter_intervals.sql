CREATE TABLE "meter_register_readings" (
	"time" timestamp with time zone NOT NULL,
	"machine_id" uuid NOT NULL,
	"register_kwh" double precision NOT NULL,
	CONSTRAINT "meter_register_readings_machine_id_time_pk" PRIMARY KEY("machine_id","time")
);
--> statement-breakpoint
ALTER TABLE "energy_readings" ALTER COLUMN "power_kw" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "machines" ADD COLUMN "sample_interval" text;--> statement-breakpoint
ALTER TABLE "machines" ADD COLUMN "timestamp_position" text DEFAULT 'start' NOT NULL;--> statement-breakpoint
ALTER TABLE "machines" ADD COLUMN "register_max_kwh" double precision;--> statement-breakpoint
ALTER TABLE "machines" ADD COLUMN "max_plausible_power_kw" double precision;--> statement-breakpoint
ALTER TABLE "energy_readings" ADD COLUMN "interval_s" integer DEFAULT 60;--> statement-breakpoint
ALTER TABLE "energy_readings" ALTER COLUMN "interval_s" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "energy_readings" ADD COLUMN "cost" double precision;--> statement-breakpoint
ALTER TABLE "energy_readings" ADD COLUMN "peak_demand_kw" double precision;--> statement-breakpoint
ALTER TABLE "meter_register_readings" ADD CONSTRAINT "meter_register_readings_machine_id_machines_id_fk" FOREIGN KEY ("machine_id") REFERENCES "public"."machines"("id") ON DELETE no action ON UPDATE no action;