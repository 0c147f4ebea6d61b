CREATE TYPE "public"."machine_type" AS ENUM('compressor', 'chiller', 'hvac', 'boiler', 'oven', 'injection_molding', 'motor', 'pump', 'conveyor', 'other');--> statement-breakpoint
CREATE TYPE "public"."machine_state" AS ENUM('running', 'idle', 'off');--> statement-breakpoint
CREATE TABLE "machines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"name" text NOT NULL,
	"type" "machine_type" DEFAULT 'other' NOT NULL,
	"area" text,
	"rated_power_kw" double precision,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"time_zone" text DEFAULT 'Europe/Berlin' NOT NULL,
	"country" text DEFAULT 'DE' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "energy_readings" (
	"time" timestamp with time zone NOT NULL,
	"machine_id" uuid NOT NULL,
	"power_kw" double precision NOT NULL,
	"energy_kwh" double precision NOT NULL,
	"voltage_v" double precision,
	"current_a" double precision,
	"power_factor" double precision,
	CONSTRAINT "energy_readings_machine_id_time_pk" PRIMARY KEY("machine_id","time")
);
--> statement-breakpoint
CREATE TABLE "environmental_data" (
	"time" timestamp with time zone NOT NULL,
	"machine_id" uuid NOT NULL,
	"outdoor_temp_c" double precision,
	"indoor_temp_c" double precision,
	"humidity_pct" double precision,
	"pressure_bar" double precision,
	CONSTRAINT "environmental_data_machine_id_time_pk" PRIMARY KEY("machine_id","time")
);
--> statement-breakpoint
CREATE TABLE "production_data" (
	"time" timestamp with time zone NOT NULL,
	"machine_id" uuid NOT NULL,
	"production_count" double precision NOT NULL,
	"good_count" double precision,
	"reject_count" double precision,
	"throughput_units_per_hour" double precision,
	"product_id" text,
	"machine_state" "machine_state",
	CONSTRAINT "production_data_machine_id_time_pk" PRIMARY KEY("machine_id","time")
);
--> statement-breakpoint
CREATE TABLE "rollup_pending" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"machine_id" uuid NOT NULL,
	"start_time" timestamp with time zone NOT NULL,
	"end_time" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "machines" ADD CONSTRAINT "machines_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "energy_readings" ADD CONSTRAINT "energy_readings_machine_id_machines_id_fk" FOREIGN KEY ("machine_id") REFERENCES "public"."machines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "environmental_data" ADD CONSTRAINT "environmental_data_machine_id_machines_id_fk" FOREIGN KEY ("machine_id") REFERENCES "public"."machines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "production_data" ADD CONSTRAINT "production_data_machine_id_machines_id_fk" FOREIGN KEY ("machine_id") REFERENCES "public"."machines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "machines_site_name_key" ON "machines" USING btree ("site_id","name");--> statement-breakpoint
CREATE INDEX "machines_active_idx" ON "machines" USING btree ("is_active") WHERE "machines"."is_active";--> statement-breakpoint
CREATE INDEX "energy_readings_time_idx" ON "energy_readings" USING btree ("time");--> statement-breakpoint
CREATE INDEX "environmental_data_time_idx" ON "environmental_data" USING btree ("time");--> statement-breakpoint
CREATE INDEX "production_data_time_idx" ON "production_data" USING btree ("time");