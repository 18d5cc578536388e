CREATE TYPE "public"."notification_reason" AS ENUM('system', 'personal', 'product', 'mention', 'review_request', 'required');--> statement-breakpoint
CREATE TABLE "mutes" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"product_id" integer,
	"finding_id" integer,
	"until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mutes_subject_uniq" UNIQUE NULLS NOT DISTINCT("user_id","product_id","finding_id"),
	CONSTRAINT "mutes_subject_check" CHECK (("mutes"."product_id" is null) <> ("mutes"."finding_id" is null))
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "time_zone" text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "quiet_days" integer[] DEFAULT '{}'::int[] NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "quiet_from" time;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "quiet_until" time;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "reason" "notification_reason" DEFAULT 'system' NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "severity" "severity";--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "event_ids" bigint[] DEFAULT '{}'::bigint[] NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "group_key" text;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "reason" "notification_reason";--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "held_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notification_events" ADD COLUMN "severity" "severity";--> statement-breakpoint
ALTER TABLE "notification_settings" ADD COLUMN "minimum_severity" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "notification_settings" ADD COLUMN "required" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "mutes" ADD CONSTRAINT "mutes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutes" ADD CONSTRAINT "mutes_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutes" ADD CONSTRAINT "mutes_finding_id_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."findings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mutes_product_idx" ON "mutes" USING btree ("product_id") WHERE "mutes"."product_id" is not null;--> statement-breakpoint
CREATE INDEX "mutes_finding_idx" ON "mutes" USING btree ("finding_id") WHERE "mutes"."finding_id" is not null;--> statement-breakpoint
CREATE INDEX "alerts_group_unread_idx" ON "alerts" USING btree ("group_key","user_id") WHERE "alerts"."read_at" is null and "alerts"."group_key" is not null;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_quiet_window_check" CHECK (("users"."quiet_from" is null) = ("users"."quiet_until" is null));--> statement-breakpoint
ALTER TABLE "notification_settings" ADD CONSTRAINT "notification_settings_required_check" CHECK ("notification_settings"."required" = '{}' or ("notification_settings"."user_id" is null and not "notification_settings"."template"));--> statement-breakpoint
-- Alerts written before grouping stand for their one event.
UPDATE "alerts" SET "event_ids" = ARRAY["event_id"] WHERE "event_ids" = '{}';
