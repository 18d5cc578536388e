CREATE TYPE "public"."delivery_channel" AS ENUM('mail', 'slack', 'msteams', 'webhooks');--> statement-breakpoint
CREATE TYPE "public"."delivery_kind" AS ENUM('personal', 'shared');--> statement-breakpoint
CREATE TYPE "public"."delivery_status" AS ENUM('pending', 'sending', 'sent', 'dead');--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"event_id" bigint NOT NULL,
	"event_type" text NOT NULL,
	"title" varchar(250) NOT NULL,
	"description" varchar(2000) NOT NULL,
	"url" text,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" bigint NOT NULL,
	"channel" "delivery_channel" NOT NULL,
	"kind" "delivery_kind" NOT NULL,
	"user_id" integer,
	"destination_product_id" integer,
	"webhook_endpoint_id" integer,
	"addresses" text[],
	"status" "delivery_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"last_status_code" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "deliveries_owner_check" CHECK (("deliveries"."kind" = 'personal') = ("deliveries"."user_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "notification_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"url" text,
	"product_type_id" integer,
	"product_id" integer,
	"engagement_id" integer,
	"test_id" integer,
	"finding_id" integer,
	"actor_id" integer,
	"recipient_ids" integer[],
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_settings" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer,
	"product_id" integer,
	"template" boolean DEFAULT false NOT NULL,
	"product_type_added" text[] DEFAULT '{}'::text[] NOT NULL,
	"product_added" text[] DEFAULT '{}'::text[] NOT NULL,
	"engagement_added" text[] DEFAULT '{}'::text[] NOT NULL,
	"test_added" text[] DEFAULT '{}'::text[] NOT NULL,
	"upcoming_engagement" text[] DEFAULT '{}'::text[] NOT NULL,
	"stale_engagement" text[] DEFAULT '{}'::text[] NOT NULL,
	"auto_close_engagement" text[] DEFAULT '{}'::text[] NOT NULL,
	"close_engagement" text[] DEFAULT '{}'::text[] NOT NULL,
	"scan_added" text[] DEFAULT '{}'::text[] NOT NULL,
	"scan_added_empty" text[] DEFAULT '{}'::text[] NOT NULL,
	"sla_breach" text[] DEFAULT '{}'::text[] NOT NULL,
	"sla_breach_combined" text[] DEFAULT '{}'::text[] NOT NULL,
	"risk_acceptance_expiration" text[] DEFAULT '{}'::text[] NOT NULL,
	"user_mentioned" text[] DEFAULT '{}'::text[] NOT NULL,
	"code_review" text[] DEFAULT '{}'::text[] NOT NULL,
	"review_requested" text[] DEFAULT '{}'::text[] NOT NULL,
	"jira_update" text[] DEFAULT '{}'::text[] NOT NULL,
	"other" text[] DEFAULT '{}'::text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_settings_owner_uniq" UNIQUE NULLS NOT DISTINCT("user_id","product_id","template"),
	CONSTRAINT "notification_settings_owner_check" CHECK ((not "notification_settings"."template" or ("notification_settings"."user_id" is null and "notification_settings"."product_id" is null))
        and ("notification_settings"."product_id" is null or "notification_settings"."user_id" is not null)),
	CONSTRAINT "notification_settings_channels_check" CHECK (("notification_settings"."user_id" is null and not "notification_settings"."template"
        and ("notification_settings"."product_type_added" || "notification_settings"."product_added" || "notification_settings"."engagement_added" || "notification_settings"."test_added" || "notification_settings"."upcoming_engagement" || "notification_settings"."stale_engagement" || "notification_settings"."auto_close_engagement" || "notification_settings"."close_engagement" || "notification_settings"."scan_added" || "notification_settings"."scan_added_empty" || "notification_settings"."sla_breach" || "notification_settings"."sla_breach_combined" || "notification_settings"."risk_acceptance_expiration" || "notification_settings"."user_mentioned" || "notification_settings"."code_review" || "notification_settings"."review_requested" || "notification_settings"."jira_update" || "notification_settings"."other") <@ '{alert,mail,slack,msteams,webhooks}'::text[]) or ("notification_settings"."product_type_added" || "notification_settings"."product_added" || "notification_settings"."engagement_added" || "notification_settings"."test_added" || "notification_settings"."upcoming_engagement" || "notification_settings"."stale_engagement" || "notification_settings"."auto_close_engagement" || "notification_settings"."close_engagement" || "notification_settings"."scan_added" || "notification_settings"."scan_added_empty" || "notification_settings"."sla_breach" || "notification_settings"."sla_breach_combined" || "notification_settings"."risk_acceptance_expiration" || "notification_settings"."user_mentioned" || "notification_settings"."code_review" || "notification_settings"."review_requested" || "notification_settings"."jira_update" || "notification_settings"."other") <@ '{alert,mail,slack}'::text[])
);
--> statement-breakpoint
CREATE TABLE "product_notification_destinations" (
	"product_id" integer PRIMARY KEY NOT NULL,
	"mail_notifications_to" text[],
	"slack_channel" text,
	"msteams_url_encrypted" text
);
--> statement-breakpoint
CREATE TABLE "system_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"enable_mail_notifications" boolean DEFAULT false NOT NULL,
	"mail_notifications_to" text[] DEFAULT '{}'::text[] NOT NULL,
	"enable_slack_notifications" boolean DEFAULT false NOT NULL,
	"slack_channel" text,
	"slack_token_encrypted" text,
	"enable_msteams_notifications" boolean DEFAULT false NOT NULL,
	"msteams_url_encrypted" text,
	"enable_webhooks_notifications" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "system_settings_single_row" CHECK ("system_settings"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"events" text[] DEFAULT '{}'::text[] NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"secret_encrypted" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_event_id_notification_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."notification_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_event_id_notification_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."notification_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_destination_product_id_products_id_fk" FOREIGN KEY ("destination_product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_webhook_endpoint_id_webhook_endpoints_id_fk" FOREIGN KEY ("webhook_endpoint_id") REFERENCES "public"."webhook_endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_settings" ADD CONSTRAINT "notification_settings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_settings" ADD CONSTRAINT "notification_settings_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_notification_destinations" ADD CONSTRAINT "product_notification_destinations_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alerts_user_latest_idx" ON "alerts" USING btree ("user_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "alerts_user_unread_idx" ON "alerts" USING btree ("user_id") WHERE "alerts"."read_at" is null;--> statement-breakpoint
CREATE INDEX "alerts_event_idx" ON "alerts" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "deliveries_due_idx" ON "deliveries" USING btree ("next_attempt_at") WHERE "deliveries"."status" in ('pending', 'sending');--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_personal_uniq" ON "deliveries" USING btree ("event_id","channel","user_id") WHERE "deliveries"."kind" = 'personal';--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_shared_uniq" ON "deliveries" USING btree ("event_id","channel",coalesce("webhook_endpoint_id", 0)) WHERE "deliveries"."kind" = 'shared';