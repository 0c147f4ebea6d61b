CREATE TABLE "planned_drivers" (
	"machine_id" uuid NOT NULL,
	"driver" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"time" timestamp with time zone NOT NULL,
	"value" double precision NOT NULL,
	CONSTRAINT "planned_drivers_machine_id_driver_time_issued_at_pk" PRIMARY KEY("machine_id","driver","time","issued_at")
);
--> statement-breakpoint
ALTER TABLE "planned_drivers" ADD CONSTRAINT "planned_drivers_machine_id_machines_id_fk" FOREIGN KEY ("machine_id") REFERENCES "public"."machines"("id") ON DELETE cascade ON UPDATE no action;