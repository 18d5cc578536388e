ALTER TABLE "system_settings" ADD COLUMN "mail_from" text;--> statement-breakpoint
ALTER TABLE "system_settings" ADD COLUMN "resend_api_key_encrypted" text;--> statement-breakpoint
ALTER TABLE "system_settings" ADD COLUMN "slack_username" text;--> statement-breakpoint
ALTER TABLE "system_settings" ADD COLUMN "slack_icon" text;--> statement-breakpoint
ALTER TABLE "system_settings" ADD COLUMN "webhooks_notifications_timeout" integer DEFAULT 10 NOT NULL;