CREATE TABLE "site_emission_factors" (
	"site_id" uuid PRIMARY KEY NOT NULL,
	"kg_co2_per_kwh" double precision NOT NULL,
	"hourly_kg_co2_per_kwh" jsonb,
	"source" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "site_tariffs" (
	"site_id" uuid PRIMARY KEY NOT NULL,
	"currency" text NOT NULL,
	"flat_price_per_kwh" double precision,
	"tou_periods" jsonb,
	"demand_charge_per_kw_month" double precision DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "site_emission_factors" ADD CONSTRAINT "site_emission_factors_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_tariffs" ADD CONSTRAINT "site_tariffs_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;