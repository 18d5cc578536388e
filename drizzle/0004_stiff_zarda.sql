CREATE TABLE "schedule_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"schedule" text NOT NULL,
	"day" date NOT NULL,
	"trigger" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"sent" integer DEFAULT 0 NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "schedule_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"run_at" text DEFAULT '07:00' NOT NULL,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"sla_enabled" boolean DEFAULT true NOT NULL,
	"sla_days_before" integer DEFAULT 3 NOT NULL,
	"sla_post_breach_days" integer DEFAULT 7,
	"sla_severities" text[] DEFAULT '{Critical,High,Medium,Low}'::text[] NOT NULL,
	"sla_active_only" boolean DEFAULT true NOT NULL,
	"sla_verified_only" boolean DEFAULT false NOT NULL,
	"sla_combined" boolean DEFAULT false NOT NULL,
	"upcoming_enabled" boolean DEFAULT true NOT NULL,
	"upcoming_days" integer DEFAULT 3 NOT NULL,
	"stale_enabled" boolean DEFAULT true NOT NULL,
	"auto_close_enabled" boolean DEFAULT false NOT NULL,
	"auto_close_days" integer DEFAULT 7 NOT NULL,
	"risk_acceptance_enabled" boolean DEFAULT true NOT NULL,
	"risk_acceptance_days" integer DEFAULT 3 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "schedule_settings_single_row" CHECK ("schedule_settings"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "scheduled_notices" (
	"schedule" text NOT NULL,
	"subject_id" integer NOT NULL,
	"period" text NOT NULL,
	"event_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scheduled_notices_schedule_subject_id_period_pk" PRIMARY KEY("schedule","subject_id","period")
);
--> statement-breakpoint
ALTER TABLE "risk_acceptances" ADD COLUMN "expired_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "schedule_runs_daily_idx" ON "schedule_runs" USING btree ("schedule","day") WHERE "schedule_runs"."trigger" = 'timer';--> statement-breakpoint
CREATE INDEX "schedule_runs_latest_idx" ON "schedule_runs" USING btree ("schedule","started_at" DESC NULLS LAST);