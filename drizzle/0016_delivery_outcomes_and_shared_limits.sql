ALTER TYPE "public"."delivery_status" ADD VALUE 'outbox';--> statement-breakpoint
ALTER TYPE "public"."delivery_status" ADD VALUE 'suppressed';--> statement-breakpoint
CREATE TABLE "delivery_rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"interval_ms" double precision NOT NULL,
	"learned" boolean DEFAULT false NOT NULL,
	"next_slot" timestamp with time zone DEFAULT now() NOT NULL,
	"last_sent" timestamp with time zone DEFAULT '-infinity' NOT NULL,
	"paused_until" timestamp with time zone DEFAULT '-infinity' NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "pace_slot" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "attempt_log" jsonb DEFAULT '[]'::jsonb NOT NULL;